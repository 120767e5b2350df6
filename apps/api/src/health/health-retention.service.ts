import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { runSingletonJob } from '../database/singleton-job.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { EnvironmentMetricsEntity } from './environment-metrics.entity.js';
import { HealthCheckHourlyEntity } from './health-check-hourly.entity.js';
import { startOfHour } from './hourly-counts.js';
import { HOUR_MS, DAY_MS } from '../common/durations.js';

/** Stored checks deleted per transaction, so a large backlog never holds the write lock for long. */
const CHECKS_PER_DELETE = 5_000;

export interface PruneReport {
  /** Stored checks older than HEALTH_RAW_RETENTION_DAYS, deleted. */
  checks_deleted: number;
  aggregates_deleted: number;
  metrics_deleted: number;
}

/**
 * Keeps the health tables bounded: stored checks and reported metrics older than
 * HEALTH_RAW_RETENTION_DAYS are deleted, hourly rows older than HEALTH_AGGREGATE_RETENTION_DAYS
 * too. Nothing is rolled up here: hourly rows count every check as it is stored, so deleting raw
 * rows loses no count. Runs hourly, and once at start, where scheduled checks run; with several
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

  // An interval, not a cron expression: a cron job's first next-run computation loaded time-zone
  // data, about 40 ms of every start, for a job that only needs to run about once an hour.
  @Interval('health-retention', HOUR_MS)
  async hourly(): Promise<void> {
    if (!this.config.health.checksEnabled || this.stopped) return;
    try {
      const report = await this.prune();
      if (report.checks_deleted + report.aggregates_deleted + report.metrics_deleted > 0) {
        this.logger.log(
          `Health retention: deleted ${report.checks_deleted} stored check(s), ${report.aggregates_deleted} hourly aggregate(s) and ${report.metrics_deleted} metric report(s)`,
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
      .then((report) => report ?? { checks_deleted: 0, aggregates_deleted: 0, metrics_deleted: 0 })
      .finally(() => (this.pruning = null));
    return this.pruning;
  }

  private async run(): Promise<PruneReport> {
    const now = Date.parse(this.clock.now());
    const rawCutoff = new Date(now - this.config.health.rawRetentionDays * DAY_MS).toISOString();
    const report: PruneReport = { checks_deleted: 0, aggregates_deleted: 0, metrics_deleted: 0 };
    const p = (i: number) => this.dataSource.driver.createParameter(`p${i}`, i);
    while (!this.stopped) {
      const deleted = await this.unitOfWork.write(async (m) => {
        const result = await m.queryRunner!.query(
          `DELETE FROM health_checks WHERE id IN (SELECT id FROM health_checks WHERE checked_at < ${p(0)} ORDER BY checked_at LIMIT ${CHECKS_PER_DELETE})`,
          [rawCutoff],
          true,
        );
        return Number(result.affected ?? 0);
      });
      report.checks_deleted += deleted;
      if (deleted < CHECKS_PER_DELETE) break;
    }
    // Whole hours only: an hour's row goes once all of it is past the cut-off.
    const aggregateCutoff = startOfHour(new Date(now - this.config.health.aggregateRetentionDays * DAY_MS).toISOString());
    await this.unitOfWork.write(async (m) => {
      report.aggregates_deleted = (await m.delete(HealthCheckHourlyEntity, { hour: LessThan(aggregateCutoff) })).affected ?? 0;
      report.metrics_deleted = (await m.delete(EnvironmentMetricsEntity, { reported_at: LessThan(rawCutoff) })).affected ?? 0;
    });
    return report;
  }

  onModuleDestroy(): Promise<unknown> | void {
    this.stopped = true;
    return this.pruning?.catch(() => undefined);
  }
}
