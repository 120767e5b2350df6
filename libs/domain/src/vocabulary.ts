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
export const HEALTH_ERROR_KINDS = ['timeout', 'refused', 'dns', 'tls', 'unexpected_status', 'network'] as const;
export type HealthErrorKind = (typeof HEALTH_ERROR_KINDS)[number];

/** What started a check: the scheduler, a person ("check now"), or a deployment that just completed. */
export const HEALTH_CHECK_TRIGGERS = ['scheduled', 'manual', 'deployment'] as const;
export type HealthCheckTrigger = (typeof HEALTH_CHECK_TRIGGERS)[number];

/** Which interface a change came through; recorded on every timeline entry and event. */
export const CHANGE_SOURCES = ['rest', 'mcp', 'dashboard', 'system'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

/** What a person or token may do, lowest first: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
