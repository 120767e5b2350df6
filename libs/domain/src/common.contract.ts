import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { LIMITS } from './limits.js';
import { CHANGE_SOURCES } from './vocabulary.js';
import { count, instant, int, named, nullableNumber, nullableString, pageOf, text, timestamp } from './contract/fields.js';

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

/**
 * How a detail view (an incident, a deployment) carries its timeline: the newest entries, and the
 * way back to older ones through the record's timeline route or tool.
 */
export const TimelineWindow = z.object({
  timeline: z
    .array(TimelineEntry)
    .meta({ description: `What happened to it: the newest ${LIMITS.timelineMax} entries at most, oldest first.` }),
  timeline_has_more: z.boolean().meta({
    description: 'True when older entries exist than those in timeline; page back with cursor = timeline_next_cursor.',
  }),
  timeline_next_cursor: nullableString(
    "Pass as cursor to the record's timeline (GET …/{id}/timeline, or the list_…_timeline tool) for the entries before these; null when there are none.",
  ),
});
export type TimelineWindow = z.infer<typeof TimelineWindow>;

/** Paging back through one record's timeline. */
export const TimelineQuery = z.strictObject({
  limit: int(1, LIMITS.timelineMax, {
    description: `Entries per page (default ${LIMITS.listLimitDefault}, at most ${LIMITS.timelineMax}).`,
  }).optional(),
  cursor: text(2_000, {
    description:
      "Where to continue: timeline_next_cursor from the record's detail, or next_cursor from the previous page. Without it, the newest entries.",
  }).optional(),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/**
 * A page of one record's timeline. Pages run from the newest entries back to the oldest; within a
 * page, entries are oldest first like the detail's timeline, so each page goes before the last.
 */
export const TimelinePage = named(
  'TimelinePage',
  pageOf(TimelineEntry).meta({
    description:
      'Entries of one timeline, oldest first within the page; next_cursor leads to the entries before them (pages go back in time).',
  }),
);
export type TimelinePage = z.infer<typeof TimelinePage>;

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
  /** How many match, counted up to LIMITS.listTotalMax; total_capped says when more do. */
  total: number;
  total_capped: boolean;
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
    retry_after_seconds: z.int().optional().meta({ description: 'For rate_limited: wait this long (also the Retry-After header).' }),
  }),
);
