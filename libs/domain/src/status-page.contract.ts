import { z } from 'zod';
import { named, nullableTimestamp, oneOf, timestamp } from './contract/fields.js';
import { HealthStatusSchema } from './health.contract.js';
import { IncidentStatusSchema, SeveritySchema } from './incidents.contract.js';
import { MAINTENANCE_WINDOW_KINDS, WEEKDAYS } from './notifications.vocabulary.js';

/**
 * The public status page: what anyone may read without signing in. Only environments and
 * incidents marked public appear, and of them only what is meant for outsiders (no
 * descriptions, notes, people or internal reasons).
 */

/** Days of uptime history the page shows, one bar per UTC day. */
export const STATUS_PAGE_DAYS = 90;
/** Windows an uptime badge may cover, in days. */
export const UPTIME_BADGE_DAYS = ['30', '90'] as const;
export const STATUS_PAGE_LANGUAGES = ['en', 'ko'] as const;
export type StatusPageLanguage = (typeof STATUS_PAGE_LANGUAGES)[number];

export const UptimeDay = named(
  'UptimeDay',
  z.object({
    date: z.string().meta({ description: 'UTC day, YYYY-MM-DD.', example: '2026-12-03' }),
    checks: z.int().meta({ description: 'Checks made that day.' }),
    uptime: z.number().nullable().meta({ description: 'Percent of checks that were not critical; null without checks.' }),
  }),
);
export type UptimeDay = z.infer<typeof UptimeDay>;

export const PublicEnvironmentStatus = named(
  'PublicEnvironmentStatus',
  z.object({
    id: z.string(),
    name: z.string(),
    status: HealthStatusSchema,
    status_since: nullableTimestamp('When the current status began, when known.'),
    uptime: z
      .number()
      .nullable()
      .meta({ description: `Percent over the last ${STATUS_PAGE_DAYS} days; null without checks.` }),
    days: z.array(UptimeDay).meta({ description: `The last ${STATUS_PAGE_DAYS} UTC days, oldest first, today last.` }),
  }),
);
export type PublicEnvironmentStatus = z.infer<typeof PublicEnvironmentStatus>;

export const PublicIncident = named(
  'PublicIncident',
  z.object({
    id: z.string(),
    title: z.string(),
    severity: SeveritySchema,
    status: IncidentStatusSchema,
    started_at: timestamp(),
    environment: z.string().nullable().meta({ description: 'Name of the affected environment, if it is public.' }),
    updates: z
      .array(z.object({ status: IncidentStatusSchema, at: timestamp() }))
      .meta({ description: 'The statuses it went through, oldest first.' }),
  }),
);
export type PublicIncident = z.infer<typeof PublicIncident>;

export const PublicMaintenance = named(
  'PublicMaintenance',
  z.object({
    environment: z.string(),
    kind: z.enum(MAINTENANCE_WINDOW_KINDS),
    active: z.boolean().meta({ description: 'In effect now.' }),
    starts_at: timestamp().meta({ description: 'Start of the current or next occurrence.' }),
    ends_at: timestamp().meta({ description: 'End of the current or next occurrence.' }),
    days: z.array(z.enum(WEEKDAYS)).meta({ description: 'Weekly windows: the days it recurs on (UTC).' }),
  }),
);
export type PublicMaintenance = z.infer<typeof PublicMaintenance>;

export const PublicStatus = named(
  'PublicStatus',
  z.object({
    generated_at: timestamp(),
    status: HealthStatusSchema.meta({
      description:
        'The worst current status among the public environments and open public incidents (critical: an outage; high or medium: degraded).',
    }),
    environments: z.array(PublicEnvironmentStatus),
    incidents: z.array(PublicIncident).meta({ description: 'Unresolved incidents marked public, most severe first.' }),
    maintenance: z.array(PublicMaintenance).meta({ description: 'Current and upcoming maintenance, soonest first.' }),
  }),
);
export type PublicStatus = z.infer<typeof PublicStatus>;

/**
 * Public addresses get linked with tracking or cache-busting parameters (?utm_source=…, ?v=2): those
 * are ignored rather than refused; only the parameters below are read, and checked.
 */
export const UptimeBadgeQuery = z.object({
  days: oneOf(UPTIME_BADGE_DAYS, { description: 'Days the uptime covers (default 30).' }).optional(),
});
export type UptimeBadgeQuery = z.infer<typeof UptimeBadgeQuery>;

export const StatusPageQuery = z.object({
  lang: oneOf(STATUS_PAGE_LANGUAGES, { description: 'Language of the page; by default from Accept-Language, else English.' }).optional(),
});
export type StatusPageQuery = z.infer<typeof StatusPageQuery>;
