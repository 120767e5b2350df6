import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { LIMITS } from './limits.js';
import { CHANGE_SOURCES } from './vocabulary.js';
import { count, instant, named, nullableNumber, nullableString, timestamp } from './contract/fields.js';

/** Shapes every feature shares: timelines, change events, statistics windows and the error body. */

export const ChangeSourceSchema = named('ChangeSource', z.enum(CHANGE_SOURCES));

export const TimelineEntry = named(
  'TimelineEntry',
  z.object({
    id: z.int(),
    kind: z.string().meta({
      description: 'What happened, e.g. created, status_changed, note, progress, completed, rolled_back, health_check.',
      example: 'status_changed',
    }),
    source: ChangeSourceSchema,
    actor: nullableString(),
    message: z.string(),
    changes: z
      .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .nullable()
      .meta({ description: 'field → {from, to}' }),
    data: z.record(z.string(), z.unknown()).nullable(),
    created_at: timestamp(),
  }),
);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ChangeEvent = named(
  'ChangeEvent',
  z.object({
    seq: z.int(),
    entity: z.enum(['incident', 'environment', 'deployment', 'health']),
    entity_id: z.string(),
    action: z.string(),
    source: ChangeSourceSchema,
    actor: nullableString(),
    occurred_at: timestamp(),
  }),
);
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/** The time window a statistics request covers. */
export const StatsWindow = z.strictObject({
  since: instant({ description: `Start of the window (default: ${LIMITS.statsWindowDaysDefault} days before \`until\`).` }).optional(),
  until: instant({ description: 'End of the window (default: now).' }).optional(),
});
export type StatsWindow = z.infer<typeof StatsWindow>;

export const ResolvedWindow = z.object({ since: timestamp(), until: timestamp() });

export const DurationStats = z.object({
  count: count(),
  median_seconds: nullableNumber(),
  p90_seconds: nullableNumber(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  has_more: boolean;
  /** Pass as `cursor` to get the next page; null on the last page. */
  next_cursor: string | null;
}

export const ErrorCodeSchema = named('ErrorCode', z.enum(ERROR_CODES));

export const ErrorBodySchema = named(
  'Error',
  z.object({
    statusCode: z.int().meta({ example: 400 }),
    error: ErrorCodeSchema,
    message: z.string().meta({ description: 'What was wrong and how to fix it.' }),
    fields: z
      .array(z.object({ field: z.string().meta({ example: 'severity' }), messages: z.array(z.string()) }))
      .optional()
      .meta({ description: 'For invalid input: each refused field and what to fix.' }),
    current_status: z.string().optional().meta({ description: 'For refused lifecycle moves: the status now.' }),
    allowed_actions: z.array(z.string()).optional().meta({ description: 'For refused lifecycle moves: what may be done now.' }),
  }),
);
