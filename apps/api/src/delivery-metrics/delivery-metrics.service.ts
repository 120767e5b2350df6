import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { durationStats, secondsBetween } from '../common/percentiles.js';
import { DELIVERY_WINDOW, type DeliveryMetrics, type DeliveryMetricsQuery, type DeliverySeriesPoint } from '../contracts.js';
import { SEVERITIES } from '../domain.js';
import { changeFailureBand, frequencyBand, leadTimeBand, restoreBand } from './dora-bands.js';
import { DeliveryDeployments, DeliveryEnvironments, DeliveryIncidents, type DeliveryDeployment } from './delivery-metrics.ports.js';
import { bucketOf, bucketStarts, metricWindow } from './metric-window.js';

/** What one deployment adds to the metrics. */
interface Measured {
  bucket: string;
  /** Reached production: completed, even if rolled back since. */
  deployed: boolean;
  leadSeconds: number | null;
  fromCommit: boolean;
  outcome: 'succeeded' | 'failed' | 'rolled_back' | null;
  changeFailure: boolean;
  namedByIncident: boolean;
}

/**
 * The four DORA measures and the delivery charts' series, from the deployments and incidents
 * features (read through their ports). A deployment belongs to the day it was executed
 * (started_at); its outcome is how it stands now.
 */
@Injectable()
export class DeliveryMetricsService {
  constructor(
    private readonly environments: DeliveryEnvironments,
    private readonly deployments: DeliveryDeployments,
    private readonly incidents: DeliveryIncidents,
    private readonly clock: Clock,
  ) {}

  async metrics(query: DeliveryMetricsQuery): Promise<DeliveryMetrics> {
    const environmentId = query.environment_id ? await this.environments.environmentId(query.environment_id, 'environment_id') : null;
    const days = query.days ?? DELIVERY_WINDOW.daysDefault;
    const bucket = query.bucket ?? (days <= DELIVERY_WINDOW.dailyBucketsMaxDays ? 'day' : 'week');
    const window = metricWindow(this.clock.now(), days);

    const [executed, incidents] = await Promise.all([
      this.deployments.executedBetween(window.since, window.until, environmentId),
      this.incidents.figures(window.since, window.until, environmentId),
    ]);
    const completed = executed.filter((d) => d.status === 'completed');
    const named = completed.length > 0 ? await this.incidents.deploymentsNamed(completed.map((d) => d.id)) : new Set<string>();
    const measured = executed.map((d) => measure(d, named.has(d.id), (day) => bucketOf(day, bucket)));

    const deployed = measured.filter((m) => m.deployed);
    const lead = durationStats(deployed.map((m) => m.leadSeconds!));
    const outcomeCount = (o: Measured['outcome']) => measured.filter((m) => m.outcome === o).length;
    const failed = outcomeCount('failed');
    const rolledBack = outcomeCount('rolled_back');
    const finished = measured.filter((m) => m.outcome !== null).length;
    const withIncident = measured.filter((m) => m.namedByIncident).length;
    const failures = failed + rolledBack + withIncident;
    const rate = finished === 0 ? null : failures / finished;
    const perDay = deployed.length / days;

    return {
      window,
      environment_id: environmentId,
      bucket,
      deployment_frequency: {
        band: frequencyBand(perDay),
        deployments: deployed.length,
        per_day: round(perDay),
        per_week: round(perDay * 7),
      },
      lead_time: {
        band: leadTimeBand(lead.median_seconds),
        count: lead.count,
        median_seconds: lead.median_seconds,
        p90_seconds: lead.p90_seconds,
        from_commit: deployed.filter((m) => m.fromCommit).length,
        from_planned: deployed.filter((m) => !m.fromCommit).length,
      },
      change_failure_rate: {
        band: changeFailureBand(rate),
        rate: rate === null ? null : round(rate),
        finished,
        failures,
        failed,
        rolled_back: rolledBack,
        completed_with_incident: withIncident,
        in_progress: measured.length - finished,
      },
      time_to_restore: {
        band: restoreBand(incidents.restore.median_seconds),
        count: incidents.restore.count,
        median_seconds: incidents.restore.median_seconds,
        p90_seconds: incidents.restore.p90_seconds,
        unresolved: incidents.opened.reduce((sum, o) => sum + o.unresolved, 0),
      },
      series: series(bucketStarts(window, bucket), measured, incidents.opened, (day) => bucketOf(day, bucket)),
    };
  }
}

function measure(d: DeliveryDeployment, namedByIncident: boolean, bucketOfDay: (day: string) => string): Measured {
  const deployed = d.completed_at !== null;
  const outcome = d.status === 'completed' ? 'succeeded' : d.status === 'failed' || d.status === 'rolled_back' ? d.status : null;
  return {
    bucket: bucketOfDay(d.started_at.slice(0, 10)),
    deployed,
    // A commit time within the allowed clock skew after completion would give a negative lead time.
    leadSeconds: deployed ? Math.max(0, secondsBetween(d.commit_at ?? d.created_at, d.completed_at!)) : null,
    fromCommit: d.commit_at !== null,
    outcome,
    changeFailure: outcome === 'failed' || outcome === 'rolled_back' || namedByIncident,
    namedByIncident,
  };
}

function series(
  starts: string[],
  measured: Measured[],
  opened: Array<{ day: string; severity: (typeof SEVERITIES)[number]; count: number }>,
  bucketOfDay: (day: string) => string,
): DeliverySeriesPoint[] {
  const points = new Map(
    starts.map((start) => [
      start,
      {
        start,
        deployments: 0,
        outcomes: { succeeded: 0, failed: 0, rolled_back: 0 },
        change_failures: 0,
        lead_time_median_seconds: null as number | null,
        incidents: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as DeliverySeriesPoint['incidents'],
        leads: [] as number[],
      },
    ]),
  );
  for (const m of measured) {
    const point = points.get(m.bucket);
    if (!point) continue;
    if (m.deployed) {
      point.deployments += 1;
      point.leads.push(m.leadSeconds!);
    }
    if (m.outcome) point.outcomes[m.outcome] += 1;
    if (m.changeFailure) point.change_failures += 1;
  }
  for (const o of opened) {
    const point = points.get(bucketOfDay(o.day));
    if (point) point.incidents[o.severity] += o.count;
  }
  return [...points.values()].map(({ leads, ...point }) => ({ ...point, lead_time_median_seconds: durationStats(leads).median_seconds }));
}

const round = (value: number) => Math.round(value * 1000) / 1000;
