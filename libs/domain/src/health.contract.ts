import { z } from 'zod';
import {
  bool,
  count,
  cursor,
  instant,
  limit,
  named,
  nullableNumber,
  nullableString,
  nullableTimestamp,
  number,
  oneOf,
  pageOf,
  timestamp,
  text,
} from './contract/fields.js';
import { Environment, EnvironmentStatusSchema } from './environments.contract.js';
import { Incident } from './incidents.contract.js';
import { LIMITS } from './limits.js';
import { ENVIRONMENT_TYPES, HEALTH_CHECK_TRIGGERS, HEALTH_ERROR_KINDS, HEALTH_STATUSES } from './vocabulary.js';

/** System health and health checks: every request and response shape, defined once. */

export const HealthStatusSchema = named('HealthStatus', z.enum(HEALTH_STATUSES));
export const HealthErrorKindSchema = named('HealthErrorKind', z.enum(HEALTH_ERROR_KINDS));
export const HealthCheckTriggerSchema = named('HealthCheckTrigger', z.enum(HEALTH_CHECK_TRIGGERS));

/** A judged check is never unknown. */
export const JUDGED_HEALTH_STATUSES = ['healthy', 'warning', 'critical'] as const;
export const JudgedHealthStatusSchema = named('JudgedHealthStatus', z.enum(JUDGED_HEALTH_STATUSES));

const metric = (max: number, description: string) => number(0, max, { description }).optional();

/** At least one metric; each one left out is simply not reported. */
export const MetricsReport = named(
  'MetricsReport',
  z.strictObject({
    cpu_usage: metric(LIMITS.metricPercentMax, 'CPU in use, percent (0–100).'),
    memory_usage: metric(LIMITS.metricPercentMax, 'Memory in use, percent (0–100).'),
    disk_usage: metric(LIMITS.metricPercentMax, 'Disk in use, percent (0–100).'),
    network_latency: metric(LIMITS.networkLatencyMsMax, 'Network latency the environment measured, milliseconds (≥ 0).'),
  }),
);
export type MetricsReport = z.infer<typeof MetricsReport>;
export const METRIC_FIELDS = Object.keys(MetricsReport.shape) as Array<keyof MetricsReport>;

export const HealthCheckQuery = z.strictObject({
  status: oneOf(JUDGED_HEALTH_STATUSES, { description: 'Only checks judged so.' }).optional(),
  trigger: oneOf(HEALTH_CHECK_TRIGGERS, { description: 'Only checks started so: scheduled, manual (check now) or deployment.' }).optional(),
  since: instant({ description: 'Only checks at or after this time.' }).optional(),
  until: instant({ description: 'Only checks at or before this time.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type HealthCheckQuery = z.infer<typeof HealthCheckQuery>;

export const SystemHealthQuery = z.strictObject({
  environment_id: text(LIMITS.nameMax, { description: 'Only this environment (id or name).' }).optional(),
  include_details: bool({ description: 'Include detailed_metrics (measured figures only).' }).optional(),
  status: oneOf(HEALTH_STATUSES, { description: 'List only environments in this health status (counts stay whole).' }).optional(),
  environment_type: oneOf(ENVIRONMENT_TYPES, { description: 'List only environments of this type (counts stay whole).' }).optional(),
  search: text(LIMITS.searchMax, { description: 'List only environments whose name contains this text.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type SystemHealthQuery = z.infer<typeof SystemHealthQuery>;

/** One health check as stored: what was asked, what came back, how it was judged. */
export const HealthCheck = named(
  'HealthCheck',
  z.object({
    id: z.int(),
    environment_id: z.string(),
    status: JudgedHealthStatusSchema,
    status_code: z.int().nullable().meta({ description: 'HTTP status of the answer; null when none came (timeout, refused, …).' }),
    response_time_ms: nullableNumber('Milliseconds until the status and headers arrived; null when no answer came.'),
    error_kind: HealthErrorKindSchema.nullable(),
    error_message: nullableString(),
    url: z.string(),
    trigger: HealthCheckTriggerSchema,
    deployment_id: nullableString('Set for the check made right after this deployment completed.'),
    checked_at: timestamp(),
  }),
);
export type HealthCheck = z.infer<typeof HealthCheck>;

export const HealthCheckPage = named('HealthCheckPage', pageOf(HealthCheck));

/** Metrics an environment reported about itself; a metric it did not report is absent. */
export const EnvironmentMetrics = named(
  'EnvironmentMetrics',
  z.object({
    environment_id: z.string(),
    cpu_usage: z.number().optional().meta({ description: 'Absent when not reported.' }),
    memory_usage: z.number().optional().meta({ description: 'Absent when not reported.' }),
    disk_usage: z.number().optional().meta({ description: 'Absent when not reported.' }),
    network_latency: z.number().optional().meta({ description: 'Absent when not reported.' }),
    reported_at: timestamp(),
  }),
);
export type EnvironmentMetrics = z.infer<typeof EnvironmentMetrics>;

/** Share of checks that were not critical, in percent; null when there was no check in the window. */
export const Uptime = z.object({
  '24h': nullableNumber('Percent of checks in the last 24 h that were not critical; null without checks.'),
  '7d': nullableNumber('Same over 7 days.'),
  '30d': nullableNumber('Same over 30 days.'),
});
export type Uptime = z.infer<typeof Uptime>;

/** Response times (ms) of the answers received in a window; all null when none came. */
export const ResponseTimeStats = z.object({
  window_hours: z.number().meta({ description: 'Hours covered (the last 24).' }),
  count: count('Answers measured in the window.'),
  p50: nullableNumber(),
  p95: nullableNumber(),
  p99: nullableNumber(),
  min: nullableNumber(),
  max: nullableNumber(),
  mean: nullableNumber(),
});
export type ResponseTimeStats = z.infer<typeof ResponseTimeStats>;

/** The windows health history covers; buckets are one hour each. */
export const HEALTH_HISTORY_WINDOWS = ['24h', '7d'] as const;
export type HealthHistoryWindow = (typeof HEALTH_HISTORY_WINDOWS)[number];

export const HealthHistoryQuery = z.strictObject({
  window: oneOf(HEALTH_HISTORY_WINDOWS, { description: 'The last 24 hours (default) or 7 days, in hourly buckets.' }).optional(),
});
export type HealthHistoryQuery = z.infer<typeof HealthHistoryQuery>;

/** One hour of an environment's checks; an hour without checks has zero counts and null times. */
export const HealthHistoryBucket = z.object({
  start: timestamp('Start of the hour (UTC).'),
  checks: count(),
  healthy: count(),
  warning: count(),
  critical: count(),
  response_time_ms: z
    .object({ avg: nullableNumber(), p50: nullableNumber(), p95: nullableNumber(), max: nullableNumber() })
    .meta({ description: 'Milliseconds, over the checks of the hour that got an answer; null without one.' }),
});
export type HealthHistoryBucket = z.infer<typeof HealthHistoryBucket>;

/** GET /api/environments/{id}/health-history: checks per hour, oldest first, the current hour last. */
export const HealthHistory = named(
  'HealthHistory',
  z.object({
    environment_id: z.string(),
    window: z.enum(HEALTH_HISTORY_WINDOWS),
    bucket_minutes: z.int(),
    from: timestamp('Start of the first bucket.'),
    to: timestamp('When the history was read.'),
    buckets: z.array(HealthHistoryBucket),
  }),
);
export type HealthHistory = z.infer<typeof HealthHistory>;

/** The service host's own figures, each measured; a figure that could not be measured is absent. */
export const HostMetrics = z.object({
  measured_at: timestamp(),
  window_seconds: z
    .number()
    .meta({ description: 'Length of the window the cpu and event-loop figures cover (since the previous reading).' }),
  cpu: z.object({
    cores: z.int(),
    host_usage_percent: z.number().optional(),
    process_usage_percent: z.number().optional(),
    load_average_1m: z.number(),
  }),
  memory: z.object({
    host_total_bytes: z.number(),
    host_used_bytes: z.number(),
    host_used_percent: z.number(),
    process_rss_bytes: z.number(),
    process_heap_used_bytes: z.number(),
  }),
  disk: z.object({ path: z.string(), total_bytes: z.number(), free_bytes: z.number(), used_percent: z.number() }).optional(),
  event_loop: z.object({
    utilization_percent: z.number(),
    delay_ms: z.object({ mean: z.number(), p50: z.number(), p99: z.number(), max: z.number() }).optional(),
  }),
});
export type HostMetrics = z.infer<typeof HostMetrics>;

/** The health-check scheduler's own figures, where it runs. */
export const HealthSchedulerStats = z.object({
  scheduled_environments: count(),
  checks_in_flight: count(),
  checks_waiting: count(),
  checks_started: count(),
  start_lag_ms: z
    .object({ samples: count(), p50: z.number(), p99: z.number(), max: z.number() })
    .nullable()
    .meta({ description: 'How late checks started, over the most recent ones; null before any.' }),
});
export type HealthSchedulerStats = z.infer<typeof HealthSchedulerStats>;

/** System health `detailed_metrics`: only measured numbers. */
export const DetailedMetrics = z
  .object({
    host: HostMetrics,
    health_checks: HealthSchedulerStats.optional().meta({ description: 'Present when scheduled checks run in the process that answered.' }),
    environments: z.array(EnvironmentMetrics).meta({ description: 'The latest report of each environment that reported metrics.' }),
  })
  .meta({
    description:
      'With include_details only, and only numbers that were measured (absent ones were not): `host` — this service host’s cpu, memory, disk of the data folder and event-loop figures; `health_checks` — the scheduler’s own figures, when it runs in this process; `environments` — the latest metrics each environment reported.',
  });
export type DetailedMetrics = z.infer<typeof DetailedMetrics>;

export const HealthCheckSummary = z.object({
  environment_id: z.string(),
  status: HealthStatusSchema,
  response_time: nullableNumber('Milliseconds.'),
  checked_at: timestamp(),
});
export type HealthCheckSummary = z.infer<typeof HealthCheckSummary>;

/** Environments by health status. */
export const HealthStatusCounts = z.object({ total: count(), healthy: count(), warning: count(), critical: count(), unknown: count() });
export type HealthStatusCounts = z.infer<typeof HealthStatusCounts>;

/** One environment's health in system health lists; drill down with /api/environments/{id}/status. */
export const EnvironmentHealthRow = z.object({
  environment_id: z.string(),
  name: z.string(),
  environment_type: z.enum(ENVIRONMENT_TYPES),
  status: HealthStatusSchema,
  environment_status: EnvironmentStatusSchema,
  status_since: nullableTimestamp('When the latest status began; null before any check.'),
  response_time: nullableNumber('Milliseconds, of the latest check.'),
  checked_at: nullableTimestamp('The latest check; null before any.'),
});
export type EnvironmentHealthRow = z.infer<typeof EnvironmentHealthRow>;

/** Most environments that need attention listed in system health; the summary counts them all. */
export const SYSTEM_HEALTH_ATTENTION_MAX = 20;
/** Latest checks listed in system health. */
export const SYSTEM_HEALTH_RECENT_CHECKS = 20;

export const SystemHealth = named(
  'SystemHealth',
  z.object({
    success: z.literal(true),
    system_health: z.object({
      summary: z.object({
        total_environments: count(),
        healthy_environments: count(),
        warning_environments: count(),
        critical_environments: count(),
        unknown_environments: count(),
        last_check: nullableTimestamp(),
        by_environment_type: z.record(z.enum(ENVIRONMENT_TYPES), HealthStatusCounts),
      }),
      attention: z.array(EnvironmentHealthRow).meta({
        description: `Critical, then warning environments, the longest-standing first; at most ${SYSTEM_HEALTH_ATTENTION_MAX} (the summary counts all).`,
      }),
      environments: z
        .array(EnvironmentHealthRow)
        .meta({ description: 'One page of environments by name, after the status, environment_type and search filters.' }),
      page: z.object({
        total: count('Environments matching the filters (capped, see total_capped).'),
        total_capped: z.boolean(),
        limit: z.int(),
        has_more: z.boolean(),
        next_cursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last.' }),
      }),
      recent_checks: z
        .array(HealthCheckSummary)
        .meta({ description: `The latest check of the ${SYSTEM_HEALTH_RECENT_CHECKS} environments checked last, newest first.` }),
      detailed_metrics: DetailedMetrics.optional(),
    }),
  }),
);
export type SystemHealth = z.infer<typeof SystemHealth>;

/** GET /api/environments/{id}/status and get_environment_status. */
export const EnvironmentStatusReport = named(
  'EnvironmentStatusReport',
  z.object({
    environment: Environment,
    health: z.object({
      status: HealthStatusSchema,
      status_since: nullableTimestamp('When the latest status began; null before any check.'),
      consecutive_critical: count('Critical checks in a row up to now.'),
      last_checked_at: nullableTimestamp('When the latest check ran; null before any.'),
      latest_check: HealthCheck.nullable().meta({
        description: 'The latest stored check: every change of status is stored, scheduled checks otherwise as a sample.',
      }),
      uptime: Uptime,
      response_time_ms: ResponseTimeStats.meta({ description: 'Milliseconds, over the answers of the last 24 h.' }),
    }),
    reported_metrics: EnvironmentMetrics.nullable().meta({
      description: 'The latest metrics the environment reported; null if it never did.',
    }),
    current_version: nullableString(),
    open_incidents: z.object({ count: count(), items: z.array(Incident) }),
    last_deployment: z
      .object({
        id: z.string(),
        title: z.string(),
        version: z.string(),
        status: z.string(),
        completed_at: nullableTimestamp(),
        created_at: timestamp(),
      })
      .nullable(),
  }),
);
export type EnvironmentStatusReport = z.infer<typeof EnvironmentStatusReport>;
