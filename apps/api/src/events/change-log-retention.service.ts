import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DataSource } from 'typeorm';
import { runSingletonJob } from '../database/singleton-job.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { EventsService } from './events.service.js';
import { HOUR_MS, DAY_MS } from '../common/durations.js';

/** Events deleted per transaction, so a large backlog never holds the write lock for long. */
const DELETE_BATCH = 1_000;

/**
 * Keeps the change log bounded: events older than EVENTS_RETENTION_DAYS are deleted, hourly and
 * once at start, in the process that runs periodic jobs. A client resuming from before them is
 * told to reload (`event: reset` on the stream) rather than silently skipping what it missed.
 */
@Injectable()
export class ChangeLogRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChangeLogRetention.name);
  private stopped = false;
  private running: Promise<number> | null = null;

  constructor(
    private readonly events: EventsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Periodic jobs belong to the long-running HTTP service, not to each stdio MCP process: the one
   * that runs scheduled health checks (HEALTH_CHECKS_ENABLED) runs this too.
   */
  private runsPeriodicJobs(): boolean {
    return this.config.health.checksEnabled && !this.stopped;
  }

  onApplicationBootstrap(): void {
    if (this.runsPeriodicJobs()) void this.scheduled();
  }

  @Interval('change-log-retention', HOUR_MS)
  async scheduled(): Promise<void> {
    if (!this.runsPeriodicJobs()) return;
    try {
      const deleted = await this.prune();
      if (deleted > 0)
        this.logger.log(`Change-log retention: deleted ${deleted} event(s) older than ${this.config.eventStream.retentionDays} day(s)`);
    } catch (error) {
      if (!this.stopped) this.logger.error(`Change-log retention failed: ${String(error)}`);
    }
  }

  /**
   * Deletes the events older than EVENTS_RETENTION_DAYS as of the clock's now, in batches of
   * DELETE_BATCH (one transaction each), and returns how many this call deleted. Calls in this
   * process share one pass; passes in several processes at once are safe, each deleting what is
   * still there.
   */
  prune(): Promise<number> {
    // One instance at a time on PostgreSQL; another finding the job running skips this pass.
    this.running ??= runSingletonJob(this.dataSource, 'change-log-retention', () => this.run())
      .then((deleted) => deleted ?? 0)
      .finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    const cutoff = new Date(Date.parse(this.clock.now()) - this.config.eventStream.retentionDays * DAY_MS).toISOString();
    let total = 0;
    while (!this.stopped) {
      const deleted = await this.unitOfWork.write((manager) => this.events.deleteOldest(manager, cutoff, DELETE_BATCH));
      total += deleted;
      if (deleted === 0) break;
    }
    return total;
  }

  onModuleDestroy(): Promise<unknown> | void {
    this.stopped = true;
    return this.running?.catch(() => undefined);
  }
}
