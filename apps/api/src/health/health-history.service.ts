import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { HealthHistory, HealthHistoryBucket, HealthHistoryWindow } from '../domain.js';
import { HealthCheckHourlyEntity } from './health-check-hourly.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';
import { HealthEnvironments } from './health.ports.js';
import { HOUR_MS } from '../common/durations.js';

const WINDOW_HOURS: Record<HealthHistoryWindow, number> = { '24h': 24, '7d': 24 * 7 };

type RawCheck = Pick<HealthCheckEntity, 'status' | 'response_time_ms' | 'checked_at'>;

const hourOf = (iso: string) => {
  const t = Date.parse(iso);
  return new Date(t - (t % HOUR_MS)).toISOString();
};

function nearestRank(sorted: number[], p: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const empty = (start: string): HealthHistoryBucket => ({
  start,
  checks: 0,
  healthy: 0,
  warning: 0,
  critical: 0,
  response_time_ms: { avg: null, p50: null, p95: null, max: null },
});

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * An environment's checks per hour, for charts. An hour that has an hourly row is read from it
 * alone (that row is the hour's full count, whether it was rolled up from aged-out checks or kept
 * up to date as checks are written); only hours without one are counted from raw checks. Both
 * reads are index range scans: the hourly primary key (environment_id, hour) and raw checks'
 * (environment_id, checked_at), one scan per run of uncovered hours.
 */
@Injectable()
export class HealthHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: HealthEnvironments,
    private readonly clock: Clock,
  ) {}

  async history(idOrName: string, window: HealthHistoryWindow = '24h'): Promise<HealthHistory> {
    const environment = await this.environments.require(idOrName);
    const now = this.clock.now();
    const hours = WINDOW_HOURS[window];
    const first = Date.parse(hourOf(now)) - (hours - 1) * HOUR_MS;
    const starts = Array.from({ length: hours }, (_, i) => new Date(first + i * HOUR_MS).toISOString());
    const buckets = new Map(starts.map((start) => [start, empty(start)]));

    const hourly = await this.dataSource
      .getRepository(HealthCheckHourlyEntity)
      .createQueryBuilder('a')
      .where('a.environment_id = :id AND a.hour >= :from AND a.hour <= :last', { id: environment.id, from: starts[0], last: starts.at(-1) })
      .getMany();
    for (const row of hourly) {
      if (buckets.has(row.hour)) buckets.set(row.hour, fromHourly(row));
    }

    const covered = new Set(hourly.map((row) => row.hour));
    for (const [from, until] of uncoveredRuns(starts, covered)) {
      const rows = await this.dataSource
        .getRepository(HealthCheckEntity)
        .createQueryBuilder('h')
        .select(['h.status', 'h.response_time_ms', 'h.checked_at'])
        .where('h.environment_id = :id AND h.checked_at >= :from AND h.checked_at < :until', { id: environment.id, from, until })
        .getMany();
      const byHour = new Map<string, RawCheck[]>();
      for (const row of rows) {
        const hour = hourOf(row.checked_at);
        const list = byHour.get(hour);
        if (list) list.push(row);
        else byHour.set(hour, [row]);
      }
      for (const [hour, checks] of byHour) if (buckets.has(hour)) buckets.set(hour, fromRaw(hour, checks));
    }

    return {
      environment_id: environment.id,
      window,
      bucket_minutes: 60,
      from: starts[0]!,
      to: now,
      buckets: starts.map((start) => buckets.get(start)!),
    };
  }
}

/** [from, until) of each run of consecutive hours with no hourly row. */
function uncoveredRuns(starts: string[], covered: Set<string>): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  let runStart: string | null = null;
  for (const start of starts) {
    if (covered.has(start)) {
      if (runStart !== null) runs.push([runStart, start]);
      runStart = null;
    } else runStart ??= start;
  }
  if (runStart !== null) runs.push([runStart, new Date(Date.parse(starts.at(-1)!) + HOUR_MS).toISOString()]);
  return runs;
}

function fromHourly(row: HealthCheckHourlyEntity): HealthHistoryBucket {
  const responses = Number(row.responses);
  return {
    start: row.hour,
    checks: Number(row.checks),
    healthy: Number(row.healthy),
    warning: Number(row.warning),
    critical: Number(row.critical),
    response_time_ms: {
      avg: responses > 0 ? round1(Number(row.response_time_sum) / responses) : null,
      p50: row.response_time_p50 === null ? null : Number(row.response_time_p50),
      p95: row.response_time_p95 === null ? null : Number(row.response_time_p95),
      max: row.response_time_max === null ? null : Number(row.response_time_max),
    },
  };
}

function fromRaw(start: string, checks: RawCheck[]): HealthHistoryBucket {
  const times = checks
    .map((c) => c.response_time_ms)
    .filter((t): t is number => t !== null)
    .map(Number)
    .sort((a, b) => a - b);
  const count = (status: RawCheck['status']) => checks.filter((c) => c.status === status).length;
  return {
    start,
    checks: checks.length,
    healthy: count('healthy'),
    warning: count('warning'),
    critical: count('critical'),
    response_time_ms: {
      avg: times.length ? round1(times.reduce((sum, t) => sum + t, 0) / times.length) : null,
      p50: nearestRank(times, 0.5),
      p95: nearestRank(times, 0.95),
      max: times.at(-1) ?? null,
    },
  };
}
