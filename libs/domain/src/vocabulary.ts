/**
 * The product's vocabulary: every enum of the specification, defined once.
 * REST DTOs, MCP schemas, database CHECK constraints and the dashboard's
 * select options are all built from these arrays.
 */

export const INCIDENT_TYPES = ['outage', 'performance', 'security', 'data', 'deployment'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** Ordered from most to least severe; the order is the sort order. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Ordered as the lifecycle runs; the order is the sort order. */
export const INCIDENT_STATUSES = ['open', 'investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ENVIRONMENT_TYPES = ['development', 'staging', 'production', 'testing'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

export const ENVIRONMENT_STATUSES = ['active', 'inactive', 'maintenance'] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

export const DEPLOYMENT_TYPES = ['blue_green', 'rolling', 'canary', 'hotfix'] as const;
export type DeploymentType = (typeof DEPLOYMENT_TYPES)[number];

export const DEPLOYMENT_STATUSES = ['planned', 'in_progress', 'completed', 'failed', 'rolled_back'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const HEALTH_STATUSES = ['healthy', 'warning', 'critical', 'unknown'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Why a check was not healthy, when it failed to get the expected answer. */
export const HEALTH_ERROR_KINDS = [
  'timeout',
  'refused',
  'dns',
  'tls',
  'unexpected_status',
  'network',
  // An HTTP answer whose body misses its keyword or JSON-path condition (or is not JSON).
  'body_condition',
  // TLS checks: a certificate past (or before) its validity, close to expiry, or not trusted.
  'certificate_expired',
  'certificate_expiring',
  'certificate_untrusted',
  // A DNS answer without the expected value, or without records of the asked type.
  'dns_answer',
] as const;
export type HealthErrorKind = (typeof HEALTH_ERROR_KINDS)[number];

/** What a health check does: an HTTP request, a TCP connect, a TLS handshake, or a DNS lookup. */
export const HEALTH_CHECK_KINDS = ['http', 'tcp', 'tls', 'dns'] as const;
export type HealthCheckKind = (typeof HEALTH_CHECK_KINDS)[number];

/** Record types a DNS check may ask for; without one it asks for A and AAAA. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/**
 * Every kind of timeline entry the service writes (incidents and deployments). The service types
 * its entries with it; the dashboard renders each one in the reader's language (a kind added here
 * without a rendering fails its test).
 */
export const TIMELINE_KINDS = [
  'created',
  'updated',
  'status_changed',
  'reopened',
  'note',
  'executed',
  'progress',
  'completed',
  'failed',
  'rolled_back',
  'health_check',
  'hook_called',
  'hook_failed',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** What started a check: the scheduler, a person ("check now"), or a deployment that just completed. */
export const HEALTH_CHECK_TRIGGERS = ['scheduled', 'manual', 'deployment'] as const;
export type HealthCheckTrigger = (typeof HEALTH_CHECK_TRIGGERS)[number];

/** Which interface a change came through; recorded on every timeline entry and event. */
export const CHANGE_SOURCES = ['rest', 'mcp', 'dashboard', 'system'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

/** What a person or token may do, lowest first: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** local: nobody has an account, only this machine may connect. team: people sign in or send a token. */
export const ACCESS_MODES = ['local', 'team'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export const IDENTITY_KINDS = ['user', 'token', 'access_token', 'local'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** What the audit log records. */
export const AUDIT_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'user_created',
  'user_updated',
  'user_deleted',
  'token_created',
  'token_revoked',
  'permission_refused',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * Groups of MCP tools a connection may ask for. The first four are what the guide's workflows use
 * and are on by default; admin and notifications are opt-in.
 */
export const MCP_TOOLSETS = [
  'incidents',
  'environments',
  'deployments',
  'health',
  'admin',
  'notifications',
  'postmortems',
  'delivery',
] as const;
export type McpToolset = (typeof MCP_TOOLSETS)[number];
export const DEFAULT_MCP_TOOLSETS: readonly McpToolset[] = ['incidents', 'environments', 'deployments', 'health'];

/**
 * Reads a comma-separated toolset list ("incidents,health", "all", "default"); blanks are ignored.
 * Names it does not know come back in `unknown`, so the caller can refuse them by name.
 */
export function parseMcpToolsets(raw: string): { toolsets: McpToolset[]; unknown: string[] } {
  const chosen = new Set<McpToolset>();
  const unknown: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim().toLowerCase())) {
    if (!part) continue;
    if (part === 'all') MCP_TOOLSETS.forEach((t) => chosen.add(t));
    else if (part === 'default') DEFAULT_MCP_TOOLSETS.forEach((t) => chosen.add(t));
    else if (isOneOf(MCP_TOOLSETS, part)) chosen.add(part);
    else unknown.push(part);
  }
  return { toolsets: MCP_TOOLSETS.filter((t) => chosen.has(t)), unknown };
}

/** Where a postmortem's follow-up action stands; only done ones are finished. */
export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** How much an MCP list or get tool returns: what an assistant branches on, or every field. */
export const RESPONSE_FORMATS = ['concise', 'detailed'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export const INCIDENT_SORTS = ['created_desc', 'created_asc', 'updated_desc', 'severity', 'status'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export const DEPLOYMENT_SORTS = ['scheduled_desc', 'scheduled_asc', 'created_desc', 'created_asc', 'status'] as const;
export type DeploymentSort = (typeof DEPLOYMENT_SORTS)[number];

export const ENVIRONMENT_SORTS = ['name_asc', 'created_desc', 'created_asc', 'updated_desc'] as const;
export type EnvironmentSort = (typeof ENVIRONMENT_SORTS)[number];

/** Position of a value in its ordered vocabulary (severity and status sorts use it). */
export function rankOf<T extends string>(values: readonly T[], value: T): number {
  return values.indexOf(value);
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
