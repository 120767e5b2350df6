import { z } from 'zod';
import {
  CHANGE_SOURCES,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  ENVIRONMENT_STATUSES,
  ENVIRONMENT_TYPES,
  HEALTH_STATUSES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  LIMITS,
  SEVERITIES,
} from '../domain.js';

/**
 * Building blocks of the MCP schemas, from the same vocabulary and limits as the REST DTOs.
 * Arguments are validated again by those DTOs, so both interfaces accept and refuse the same input;
 * these schemas exist so a model sees the fields, enums and limits up front.
 */

export const text = (max: number, description: string) => z.string().max(max).describe(description);
export const oneOf = <T extends string>(values: readonly T[], description: string) =>
  z.enum(values as unknown as [T, ...T[]]).describe(description);
export const list = (max: number, itemMax: number, description: string) => z.array(z.string().max(itemMax)).max(max).describe(description);
export const tags = () => list(LIMITS.tagsMax, LIMITS.tagMax, 'Labels for filtering and grouping, e.g. ["api", "payment"].');
export const limit = () =>
  z
    .number()
    .int()
    .min(1)
    .max(LIMITS.listLimitMax)
    .describe(`Page size (default ${LIMITS.listLimitDefault}, at most ${LIMITS.listLimitMax}).`);
export const cursor = () => z.string().max(2_000).describe('next_cursor from the previous result, to get the next page.');
export const instant = (description: string) => z.string().describe(`${description} ISO-8601 with a time zone, e.g. 2025-01-15T02:00:00Z.`);
/**
 * The field, also accepting null (to clear it). `.nullable()` alone leaves the description inside the
 * JSON Schema's anyOf branch: the property itself has none, so clients showing arguments show nothing.
 */
export const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().describe(schema.description ?? '');
export const revision = () =>
  z
    .number()
    .int()
    .min(1)
    .describe('The revision you last read; if the record changed since, the update is refused instead of overwriting.');

const nullableString = z.string().nullable();
const timestamp = z.string();

export const timelineEntrySchema = z.object({
  id: z.number(),
  kind: z.string(),
  source: z.enum(CHANGE_SOURCES),
  actor: nullableString,
  message: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  created_at: timestamp,
});

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  incident_type: z.enum(INCIDENT_TYPES),
  status: z.enum(INCIDENT_STATUSES),
  affected_services: z.array(z.string()),
  tags: z.array(z.string()),
  environment_id: nullableString,
  deployment_id: nullableString,
  commander: nullableString,
  resolution_notes: nullableString,
  root_cause: nullableString,
  revision: z.number(),
  created_at: timestamp,
  updated_at: timestamp,
  acknowledged_at: nullableString,
  resolved_at: nullableString,
});

export const incidentDetailSchema = incidentSchema.extend({ timeline: z.array(timelineEntrySchema) });

export const environmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  environment_type: z.enum(ENVIRONMENT_TYPES),
  description: z.string(),
  url: nullableString,
  status: z.enum(ENVIRONMENT_STATUSES),
  tags: z.array(z.string()),
  health_check: z.object({
    target: nullableString,
    expected_status: z.number(),
    timeout_ms: z.number(),
    interval_seconds: z.number(),
    slow_threshold_ms: z.number(),
    enabled: z.boolean(),
    auto_incident_enabled: z.boolean(),
    critical_threshold: z.number(),
  }),
  deploy_hook_url: nullableString,
  current_version: nullableString,
  previous_version: nullableString,
  revision: z.number(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const deploymentSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  environment_id: z.string(),
  version: z.string(),
  deployment_type: z.enum(DEPLOYMENT_TYPES),
  status: z.enum(DEPLOYMENT_STATUSES),
  deployment_config: z.record(z.string(), z.unknown()),
  scheduled_at: nullableString,
  rollback_version: nullableString,
  previous_version: nullableString,
  tags: z.array(z.string()),
  notes: z.string(),
  progress_percentage: z.number().nullable(),
  progress_message: nullableString,
  failure_reason: nullableString,
  rollback_reason: nullableString,
  rolled_back_to: nullableString,
  allowed_actions: z.array(z.string()),
  revision: z.number(),
  created_at: timestamp,
  updated_at: timestamp,
  started_at: nullableString,
  completed_at: nullableString,
});

export const deploymentDetailSchema = deploymentSchema.extend({ timeline: z.array(timelineEntrySchema) });

/** A list result: the items under `key`, with what is needed to fetch more. */
export function pageSchema<T extends z.ZodTypeAny>(key: string, item: T) {
  return z.object({
    [key]: z.array(item),
    total: z.number().describe('How many match the filters in all.'),
    limit: z.number(),
    has_more: z.boolean().describe('True when more results exist; call again with cursor = next_cursor.'),
    next_cursor: z.string().nullable(),
  });
}

export const healthStatusSchema = z.enum(HEALTH_STATUSES);
