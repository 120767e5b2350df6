import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource, In, LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { runSingletonJob } from '../database/singleton-job.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { EnvironmentMetricsEntity } from './environment-metrics.entity.js';
import { HealthCheckHourlyEntity } from './health-check-hourly.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Environments rolled up per transaction, so a large hour never holds the write lock for long. */
const ENVIRONMENTS_PER_WRITE = 100;
/** Raw checks deleted by id per statement (an hour of 5-second checks is 720). */
const DELETE_IDS_PER_STATEMENT = 500;

export interface PruneReport {
  /** Hours whose raw checks were rolled into aggregates. */
  hours_rolled: number;
  checks_rolled: number;
  aggregates_deleted: number;
  metrics_deleted: number;
}

export function startOfHour(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (t % HOUR_MS)).toISOString();
}

function nearestRank(sorted: number[], p: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Keeps the health tables bounded: raw checks older than HEALTH_RAW_RETENTION_DAYS are rolled
 * into one row per environment and hour (counts by status, response-time sum/min/max/p50/p95)
 * and deleted; those hourly rows go after HEALTH_AGGREGATE_RETENTION_DAYS. Reported metrics are
 * kept as long as raw checks. Runs hourly, and once at start, where scheduled checks run; with several
 * instances on one PostgreSQL database, on one of them at a time.
 */
@Injectable()
export class HealthRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HealthRetentionService.name);
  private pruning: Promise<PruneReport> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.health.checksEnabled) void this.hourly();
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'health-retention' })
  async hourly(): Promise<void> {
    if (!this.config.health.checksEnabled || this.stopped) return;
    try {
      const report = await this.prune();
      if (report.checks_rolled + report.aggregates_deleted + report.metrics_deleted > 0) {
        this.logger.log(
          `Health retention: rolled ${report.checks_rolled} check(s) of ${report.hours_rolled} hour(s) into aggregates, deleted ${report.aggregates_deleted} aggregate(s) and ${report.metrics_deleted} metric report(s)`,
        );
      }
    } catch (error) {
      this.logger.error(`Health retention failed: ${String(error)}`);
    }
  }

  /**
   * One pruning pass as of the clock's now; concurrent callers share it. With several instances on
   * one PostgreSQL database one of them runs it at a time; the others skip theirs (an empty report).
   */
  prune(): Promise<PruneReport> {
    this.pruning ??= runSingletonJob(this.dataSource, 'health-retention', () => this.run())
      .then((report) => report ?? { hours_rolled: 0, checks_rolled: 0, aggregates_deleted: 0, metrics_deleted: 0 })
      .finally(() => (this.pruning = null));
    return this.pruning;
  }

  private async run(): Promise<PruneReport> {
    const now = Date.parse(this.clock.now());
    // Whole hours only, so an hour is rolled up once, with all of its checks.
    const rawCutoff = startOfHour(new Date(now - this.config.health.rawRetentionDays * DAY_MS).toISOString());
    const report: PruneReport = { hours_rolled: 0, checks_rolled: 0, aggregates_deleted: 0, metrics_deleted: 0 };
    const repo = this.dataSource.getRepository(HealthCheckEntity);
    while (!this.stopped) {
      const oldest = await repo.findOne({
        where: { checked_at: LessThan(rawCutoff) },
        order: { checked_at: 'ASC' },
        select: { id: true, checked_at: true },
      });
      if (!oldest) break;
      const rolled = await this.rollUp(startOfHour(oldest.checked_at));
      if (rolled === 0) break;
      report.checks_rolled += rolled;
      report.hours_rolled += 1;
    }
    const aggregateCutoff = startOfHour(new Date(now - this.config.health.aggregateRetentionDays * DAY_MS).toISOString());
    const metricsCutoff = new Date(now - this.config.health.rawRetentionDays * DAY_MS).toISOString();
    await this.unitOfWork.write(async (m) => {
      report.aggregates_deleted = (await m.delete(HealthCheckHourlyEntity, { hour: LessThan(aggregateCutoff) })).affected ?? 0;
      report.metrics_deleted = (await m.delete(EnvironmentMetricsEntity, { reported_at: LessThan(metricsCutoff) })).affected ?? 0;
    });
    return report;
  }

  /**
   * Rolls one hour's raw checks into hourly rows and deletes them; returns how many were rolled.
   * Each environment's checks are read, counted and deleted in one transaction, locked on PostgreSQL
   * (FOR UPDATE), so a check is counted by exactly the pass that deletes it: a second pass at the
   * same time (or later) finds nothing left to count, and the aggregates stay exact.
   */
  private async rollUp(hour: string): Promise<number> {
    const end = new Date(Date.parse(hour) + HOUR_MS).toISOString();
    const environments = (
      await this.dataSource
        .getRepository(HealthCheckEntity)
        .createQueryBuilder('h')
        .select('DISTINCT h.environment_id', 'environment_id')
        .where('h.checked_at >= :hour AND h.checked_at < :end', { hour, end })
        .getRawMany<{ environment_id: string }>()
    ).map((r) => r.environment_id);
    const postgres = this.dataSource.options.type === 'postgres';

    let rolled = 0;
    for (let i = 0; i < environments.length; i += ENVIRONMENTS_PER_WRITE) {
      const chunk = environments.slice(i, i + ENVIRONMENTS_PER_WRITE);
      rolled += await this.unitOfWork.write(async (m) => {
        let count = 0;
        for (const environmentId of chunk) {
          const query = m
            .getRepository(HealthCheckEntity)
            .createQueryBuilder('h')
            .select(['h.id', 'h.status', 'h.response_time_ms'])
            .where('h.environment_id = :id AND h.checked_at >= :hour AND h.checked_at < :end', { id: environmentId, hour, end });
          // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes every other writer.
          if (postgres) query.setLock('pessimistic_write');
          const rows = await query.getMany();
          if (rows.length === 0) continue;
          const fresh = aggregate(environmentId, hour, rows);
          const existing = await m.findOne(HealthCheckHourlyEntity, {
            where: { environment_id: environmentId, hour },
            ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
          });
          if (existing) await m.update(HealthCheckHourlyEntity, { environment_id: environmentId, hour }, merge(existing, fresh));
          else await m.insert(HealthCheckHourlyEntity, fresh);
          const ids = rows.map((r) => r.id);
          for (let j = 0; j < ids.length; j += DELETE_IDS_PER_STATEMENT) {
            await m.delete(HealthCheckEntity, { id: In(ids.slice(j, j + DELETE_IDS_PER_STATEMENT)) });
          }
          count += rows.length;
        }
        return count;
      });
    }
    return rolled;
  }

  onModuleDestroy(): Promise<unknown> | void {
    this.stopped = true;
    return this.pruning?.catch(() => undefined);
  }
}

/** One environment's hour of raw checks as its hourly row. */
function aggregate(
  environmentId: string,
  hour: string,
  rows: Array<Pick<HealthCheckEntity, 'status' | 'response_time_ms'>>,
): HealthCheckHourlyEntity {
  const times = rows
    .map((r) => r.response_time_ms)
    .filter((t): t is number => t !== null)
    .map(Number)
    .sort((a, b) => a - b);
  const count = (status: HealthCheckEntity['status']) => rows.filter((r) => r.status === status).length;
  return {
    environment_id: environmentId,
    hour,
    checks: rows.length,
    healthy: count('healthy'),
    warning: count('warning'),
    critical: count('critical'),
    responses: times.length,
    response_time_sum: times.reduce((sum, t) => sum + t, 0),
    response_time_min: times.length === 0 ? null : times[0]!,
    response_time_max: times.length === 0 ? null : times.at(-1)!,
    response_time_p50: nearestRank(times, 0.5),
    response_time_p95: nearestRank(times, 0.95),
  };
}

/**
 * A late check for an hour already rolled up (a clock that was behind): counts and extremes add up
 * exactly; percentiles of the two parts cannot be combined exactly, so the larger part's are kept.
 */
function merge(a: HealthCheckHourlyEntity, b: HealthCheckHourlyEntity): Partial<HealthCheckHourlyEntity> {
  const low = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  const high = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  const bigger = a.responses >= b.responses ? a : b;
  return {
    checks: a.checks + b.checks,
    healthy: a.healthy + b.healthy,
    warning: a.warning + b.warning,
    critical: a.critical + b.critical,
    responses: a.responses + b.responses,
    response_time_sum: a.response_time_sum + b.response_time_sum,
    response_time_min: low(a.response_time_min, b.response_time_min),
    response_time_max: high(a.response_time_max, b.response_time_max),
    response_time_p50: bigger.response_time_p50,
    response_time_p95: bigger.response_time_p95,
  };
}
