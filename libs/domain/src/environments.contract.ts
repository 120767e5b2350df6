import { z } from 'zod';
import {
  bool,
  cursor,
  int,
  limit,
  named,
  nullableString,
  nullableText,
  oneOf,
  pageOf,
  revision,
  tags,
  text,
  timestamp,
  url,
} from './contract/fields.js';
import { say } from './contract/messages.js';
import { CHECK_KIND_LIMITS, checkKindProblems } from './health-check-kinds.js';
import { ENVIRONMENT_NAME_PATTERN, LIMITS } from './limits.js';
import { DNS_RECORD_TYPES, ENVIRONMENT_SORTS, ENVIRONMENT_STATUSES, ENVIRONMENT_TYPES, HEALTH_CHECK_KINDS } from './vocabulary.js';

/** Environments: every request and response shape, defined once for REST, OpenAPI, MCP and the dashboard. */

export const EnvironmentTypeSchema = named('EnvironmentType', z.enum(ENVIRONMENT_TYPES));
export const EnvironmentStatusSchema = named('EnvironmentStatus', z.enum(ENVIRONMENT_STATUSES));
export const EnvironmentSortSchema = named('EnvironmentSort', z.enum(ENVIRONMENT_SORTS));

/** Where a check goes; its form depends on the kind, judged with the kind (see checkKindProblems). */
const checkTarget = (doc: { description: string; example?: unknown }) =>
  text(LIMITS.urlMax, doc, { nonBlank: true }).refine((v) => !/\s/.test(v), {
    error: say('must not contain spaces: a path, a URL, host:port or a host name'),
  });

/** Health check settings as given: each one left out keeps its current (or default) value. */
export const HealthCheckInput = named(
  'HealthCheckInput',
  z
    .strictObject({
      kind: oneOf(HEALTH_CHECK_KINDS, {
        description:
          'http (default): GET target; tcp: connect to target host:port; tls: handshake with target host[:port] (443) and judge its certificate; dns: resolve target name.',
      }),
      target: checkTarget({
        description:
          "http: a path joined to the environment's url (e.g. /health) or a full URL, null checks the url itself; tcp: host:port; tls: host[:port]; dns: a host name.",
        example: '/health',
      }).nullable(),
      expected_status: int(LIMITS.expectedStatusMin, LIMITS.expectedStatusMax, {
        description: `HTTP status a healthy answer has (default ${LIMITS.expectedStatusDefault}).`,
        example: 200,
      }),
      timeout_ms: int(LIMITS.healthCheckTimeoutMsMin, LIMITS.healthCheckTimeoutMsMax, {
        description: `Give up after this many milliseconds (default ${LIMITS.healthCheckTimeoutMsDefault}).`,
      }),
      interval_seconds: int(LIMITS.healthCheckIntervalSecondsMin, LIMITS.healthCheckIntervalSecondsMax, {
        description: `Seconds between checks (default ${LIMITS.healthCheckIntervalSecondsDefault}).`,
      }),
      slow_threshold_ms: int(1, LIMITS.healthCheckTimeoutMsMax, {
        description: `Answers slower than this many milliseconds are a warning (default ${LIMITS.healthCheckSlowMsDefault}).`,
      }),
      enabled: bool({ description: 'Whether the environment is checked at all (default: on when there is a URL).' }),
      auto_incident_enabled: z.boolean().nullable().meta({
        description:
          'Open an incident by itself after critical_threshold critical checks in a row. Null (the default) follows the type: on for production only.',
      }),
      critical_threshold: int(LIMITS.criticalThresholdMin, LIMITS.criticalThresholdMax, {
        description: `Critical checks in a row that open an incident (default ${LIMITS.criticalThresholdDefault}).`,
      }),
      body_keyword: nullableText(CHECK_KIND_LIMITS.keywordMax, {
        description: `http: text the first ${CHECK_KIND_LIMITS.bodyReadMaxBytes / 1024} KiB of the body must contain (case-sensitive); missing it is critical.`,
        example: 'ok',
      }),
      body_keyword_absent: bool({ description: 'http: the body must NOT contain body_keyword instead (default false).' }),
      body_json_condition: nullableText(CHECK_KIND_LIMITS.jsonConditionMax, {
        description:
          'http: the body parsed as JSON must meet this, else critical. Form: $ then .name and [index] steps, one of == != < <= > >=, and a "string", number, true, false or null; < <= > >= compare numbers. E.g. $.status == "ok", $.checks[0].latency_ms < 200.',
        example: '$.status == "ok"',
      }),
      tls_expiry_warning_days: int(CHECK_KIND_LIMITS.tlsExpiryWarningDaysMin, CHECK_KIND_LIMITS.tlsExpiryWarningDaysMax, {
        description: `tls: a certificate expiring within this many days is a warning (default ${CHECK_KIND_LIMITS.tlsExpiryWarningDaysDefault}); expired is critical.`,
      }),
      tls_allow_untrusted: bool({
        description: 'tls: accept a self-signed or otherwise untrusted certificate (its dates are still judged). Default false: critical.',
      }),
      dns_record_type: oneOf(DNS_RECORD_TYPES, {
        description: 'dns: record type to ask for; null (default) asks for A and AAAA.',
      }).nullable(),
      dns_expected: nullableText(CHECK_KIND_LIMITS.dnsExpectedMax, {
        description: 'dns: a value one of the answers must contain (e.g. an IP address); without it, a warning.',
        example: '10.0.0.5',
      }),
    })
    .partial()
    .superRefine((given, ctx) => {
      // Settings left out keep their current values, so only what was given together is judged here;
      // the service judges the combination that results.
      const problems = checkKindProblems({
        kind: given.kind ?? 'http',
        target: given.target ?? null,
        body_keyword: given.body_keyword ?? null,
        body_json_condition: given.body_json_condition ?? null,
        dns_expected: given.dns_expected ?? null,
        dns_record_type: given.dns_record_type ?? null,
      });
      for (const { field, message } of problems) {
        const key = field.replace(/^health_check\./, '') as keyof typeof given;
        const judgedHere = key === 'body_json_condition' || (given.kind !== undefined && given[key] !== undefined);
        if (judgedHere) ctx.addIssue({ code: 'custom', path: [key], message: `${field} ${message}` });
      }
    })
    .meta({ description: 'Health check settings; only the ones given change.' }),
);
export type HealthCheckInput = z.infer<typeof HealthCheckInput>;

const name = text(
  LIMITS.nameMax,
  { description: 'Unique name; usable wherever an environment_id is asked for.', example: 'prod-env-123' },
  { nonBlank: true },
).refine((v) => ENVIRONMENT_NAME_PATTERN.test(v), { error: say('must not start with a space or contain /, ? or #') });

const field = {
  name,
  environment_type: oneOf(ENVIRONMENT_TYPES, { description: 'Kind of environment.' }),
  description: text(LIMITS.textMax, { description: 'What runs here.' }),
  url: url({ description: 'Base URL of the environment; null clears it.', example: 'https://api.company.com' }),
  status: oneOf(ENVIRONMENT_STATUSES, {
    description: 'active, inactive, or maintenance (checked, but raises nothing). Defaults to active.',
  }),
  tags: tags(),
  health_check: HealthCheckInput,
  deploy_hook_url: url({ description: 'Called with the deployment as JSON when a deployment here is executed; null removes it.' }),
  current_version: nullableText(LIMITS.versionMax, {
    description: 'Version running now, if known; deployments keep it current afterwards.',
  }),
  public: bool({ description: 'Shown on the public status page and its badges (default false).' }),
};

export const EnvironmentCreate = named(
  'EnvironmentCreate',
  z.strictObject({ ...z.object(field).partial().shape, name: field.name, environment_type: field.environment_type }),
);
export type EnvironmentCreate = z.infer<typeof EnvironmentCreate>;

export const EnvironmentUpdate = named(
  'EnvironmentUpdate',
  z
    .strictObject({ ...field, revision: revision() })
    .partial()
    .meta({ description: 'Only the fields given change.' }),
);
export type EnvironmentUpdate = z.infer<typeof EnvironmentUpdate>;

export const EnvironmentQuery = z.strictObject({
  environment_type: field.environment_type.optional(),
  status: field.status.optional(),
  tag: text(LIMITS.tagMax, { description: 'Only environments with this tag.' }).optional(),
  search: text(LIMITS.searchMax, { description: 'Text to find in name, description or url.' }).optional(),
  sort_by: oneOf(ENVIRONMENT_SORTS, { description: 'Order; default name_asc.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type EnvironmentQuery = z.infer<typeof EnvironmentQuery>;

export const environmentId = () =>
  text(LIMITS.nameMax, { description: 'Environment id (env-…) or its unique name, e.g. "prod-env-123".' }, { nonBlank: true });

export const HealthCheckSettings = named(
  'HealthCheckSettings',
  z.object({
    kind: z.enum(HEALTH_CHECK_KINDS),
    target: nullableString("http: a path joined to the environment's url, or a full http(s) URL; tcp/tls: host:port; dns: a host name."),
    expected_status: z.int(),
    timeout_ms: z.int(),
    interval_seconds: z.int(),
    slow_threshold_ms: z.int().meta({ description: 'Responses slower than this are a warning.' }),
    enabled: z.boolean(),
    auto_incident_enabled: z.boolean().meta({
      description:
        'Effective setting: whether N critical checks in a row open an incident. When never set it follows the type (on for production only).',
    }),
    critical_threshold: z.int().meta({ description: 'N: how many critical checks in a row open an incident.' }),
    body_keyword: nullableString('http: text the body must contain (or, with body_keyword_absent, must not).'),
    body_keyword_absent: z.boolean(),
    body_json_condition: nullableString('http: a JSON-path condition the body must meet, e.g. $.status == "ok".'),
    tls_expiry_warning_days: z.int(),
    tls_allow_untrusted: z.boolean(),
    dns_record_type: z.enum(DNS_RECORD_TYPES).nullable(),
    dns_expected: nullableString(),
  }),
);
export type HealthCheckSettings = z.infer<typeof HealthCheckSettings>;

export const Environment = named(
  'Environment',
  z.object({
    id: z.string().meta({ example: 'env-3k9x0c2m8q4wzzab' }),
    name: z.string(),
    environment_type: EnvironmentTypeSchema,
    description: z.string(),
    url: nullableString(),
    status: EnvironmentStatusSchema,
    tags: z.array(z.string()),
    health_check: HealthCheckSettings,
    deploy_hook_url: nullableString(),
    current_version: nullableString(),
    previous_version: nullableString(),
    public: z.boolean().meta({ description: 'Shown on the public status page.' }),
    revision: z.int().meta({ description: 'Increases with every change; send it back to refuse stale overwrites.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
  }),
);
export type Environment = z.infer<typeof Environment>;

export const EnvironmentPage = named('EnvironmentPage', pageOf(Environment));
