import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readsOf } from './sql-reads.js';
import { UnitOfWork } from './unit-of-work.js';
import { HOUR_MS } from '../common/durations.js';

/**
 * Soon after start, off the start-up path: the first pass on a database never analysed samples every
 * table's indexes (about 0.1 s at 100,000 incidents).
 */
export const FIRST_PASS_DELAY_MS = 2_000;

/**
 * Keeps SQLite's table statistics current (`PRAGMA optimize`, as SQLite advises for long-lived
 * connections). The query planner picks among indexes that start alike (status then creation
 * time, status then update time, ...) by them: without them it may read a list through an index
 * that filters but does not order, and sort thousands of rows per page. Soon after start (every
 * table without statistics is analysed, each within `analysis_limit`), then hourly (only tables
 * that changed much). PostgreSQL analyses by itself (autovacuum).
 */
@Injectable()
export class SqliteStatistics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SqliteStatistics.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    this.timers = [setTimeout(() => void this.update(0x10002), FIRST_PASS_DELAY_MS), setInterval(() => void this.update(), HOUR_MS)];
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** One pass, as a write of its own (it writes the statistics table). `mask` 0x10002: every table, not only those this connection read. */
  async update(mask?: number): Promise<void> {
    try {
      await this.unitOfWork.write(async () =>
        readsOf(this.dataSource).sqlitePositional(`PRAGMA optimize${mask === undefined ? '' : `=${mask}`}`, []),
      );
    } catch (error) {
      if (this.dataSource.isInitialized) this.logger.warn(`Updating the table statistics failed: ${String(error)}`);
    }
  }
}
