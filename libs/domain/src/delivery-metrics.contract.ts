import { z } from 'zod';
import { count, int, named, nullableNumber, nullableString, oneOf, text, timestamp } from './contract/fields.js';
import { LIMITS } from './limits.js';
import { SEVERITIES } from './vocabulary.js';

/**
 * Delivery metrics: the four DORA measures (deployment frequency, lead time for changes, change
 * failure rate, time to restore) with the counts behind them, and the series the delivery charts
 * draw. Computed from the deployments and incidents the product already holds.
 */

/** Performance bands of the DORA research, best first. */
export const DORA_BANDS = ['elite', 'high', 'medium', 'low'] as const;
export type DoraBand = (typeof DORA_BANDS)[number];

export const METRIC_BUCKETS = ['day', 'week'] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

export const DELIVERY_WINDOW = { daysMin: 1, daysMax: 365, daysDefault: 30, dailyBucketsMaxDays: 31 } as const;

export const DoraBandSchema = named('DoraBand', z.enum(DORA_BANDS));

export const DeliveryMetricsQuery = z.strictObject({
  environment_id: text(LIMITS.nameMax, { description: 'Only this environment (id or name); default: all environments.' }).optional(),
  days: int(DELIVERY_WINDOW.daysMin, DELIVERY_WINDOW.daysMax, {
    description: `Window length in days, ending now; day 1 is today (UTC) so far. Default ${DELIVERY_WINDOW.daysDefault}, at most ${DELIVERY_WINDOW.daysMax}.`,
    example: 30,
  }).optional(),
  bucket: oneOf(METRIC_BUCKETS, {
    description: `Series step: day, or week (ISO weeks from Monday, UTC). Default: day up to ${DELIVERY_WINDOW.dailyBucketsMaxDays} days, else week.`,
  }).optional(),
});
export type DeliveryMetricsQuery = z.infer<typeof DeliveryMetricsQuery>;

const band = (thresholds: string) =>
  DoraBandSchema.nullable().meta({
    description: `DORA band (2023 State of DevOps report): ${thresholds} Null when there is nothing to measure.`,
  });

const bySeverity = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, count()])) as Record<(typeof SEVERITIES)[number], z.ZodInt>);

const outcomes = z.object({
  succeeded: count('Completed, and not rolled back since.'),
  failed: count(),
  rolled_back: count(),
});

export const DeliverySeriesPoint = named(
  'DeliverySeriesPoint',
  z.object({
    start: z
      .string()
      .meta({ description: 'First day of the bucket (UTC, YYYY-MM-DD); the first and last buckets may be cut by the window.' }),
    deployments: count('Deployments started in the bucket that reached production (completed, even if rolled back later).'),
    outcomes: outcomes.meta({ description: 'Deployments started in the bucket, by how they ended.' }),
    change_failures: count('Of the deployments started in the bucket: failed, rolled back, or completed with an incident linked to them.'),
    lead_time_median_seconds: nullableNumber('Median lead time of the deployments counted in `deployments`.'),
    incidents: bySeverity.meta({ description: 'Incidents opened in the bucket, by severity.' }),
  }),
);
export type DeliverySeriesPoint = z.infer<typeof DeliverySeriesPoint>;

export const DeliveryMetrics = named(
  'DeliveryMetrics',
  z.object({
    window: z.object({
      since: timestamp('Start of the first day of the window (00:00 UTC).'),
      until: timestamp('Now.'),
      days: int(DELIVERY_WINDOW.daysMin, DELIVERY_WINDOW.daysMax, { description: 'Days in the window.' }),
    }),
    environment_id: nullableString('The environment measured; null for all of them.'),
    bucket: z.enum(METRIC_BUCKETS),
    deployment_frequency: z
      .object({
        band: band('elite: at least one deployment a day; high: at least one a week; medium: at least one a month (30 days); low: fewer.'),
        deployments: count('Deployments started in the window that reached production (completed, even if rolled back later).'),
        per_day: z.number().meta({ description: 'deployments / days.' }),
        per_week: z.number().meta({ description: 'deployments / days × 7.' }),
      })
      .meta({ description: 'How often changes reach the environment. A deployment counts on the day it was executed (started_at).' }),
    lead_time: z
      .object({
        band: band('elite: median under a day; high: up to a week; medium: up to a month (30 days); low: longer.'),
        count: count('Deployments measured: those counted in deployment_frequency.'),
        median_seconds: nullableNumber(),
        p90_seconds: nullableNumber(),
        from_commit: count('Measured from commit_at (given when the deployment was planned).'),
        from_planned: count('Measured from created_at (planned), for deployments without commit_at.'),
      })
      .meta({ description: 'From commit (commit_at), or else from planning (created_at), to completed_at.' }),
    change_failure_rate: z
      .object({
        band: band('elite: at most 5%; high: at most 10%; medium: at most 15%; low: above.'),
        rate: nullableNumber('failures / finished, from 0 to 1; null when none finished.'),
        finished: count('Deployments started in the window that have ended: completed, failed or rolled back.'),
        failures: count('failed + rolled_back + completed_with_incident.'),
        failed: count(),
        rolled_back: count(),
        completed_with_incident: count('Completed, not rolled back, but an incident names the deployment (deployment_id).'),
        in_progress: count('Started in the window and not ended yet: not counted.'),
      })
      .meta({ description: 'Share of deployments that led to a failure.' }),
    time_to_restore: z
      .object({
        band: band('elite: median under an hour; high: under a day; medium: up to a week; low: longer.'),
        count: count('Incidents resolved in the window (of the environment, when one is given).'),
        median_seconds: nullableNumber('Median time from opened (created_at) to resolved_at.'),
        p90_seconds: nullableNumber(),
        unresolved: count('Incidents opened in the window that are not resolved: not counted yet.'),
      })
      .meta({ description: 'How long incidents took to resolve.' }),
    series: z.array(DeliverySeriesPoint).meta({ description: 'One point per bucket, oldest first, empty buckets included.' }),
  }),
);
export type DeliveryMetrics = z.infer<typeof DeliveryMetrics>;
