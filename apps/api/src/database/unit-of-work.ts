import { Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { SQLITE_BUSY_TIMEOUT_MS } from './data-source-options.js';
import { readsOf } from './sql-reads.js';

/**
 * How long SQLite itself may wait for a lock. Its wait blocks the whole event loop (the driver is
 * synchronous), so it is kept short: a write that finds another process holding the lock waits by
 * retrying below, and reads and other requests go on meanwhile.
 */
const SQLITE_LOCK_WAIT_MS = 10;

const isBusy = (error: unknown) => /SQLITE_BUSY|database is locked/i.test(error instanceof Error ? error.message : String(error));

/**
 * Runs a write as one transaction. On SQLite there is one connection and one writer,
 * so writes from this process queue up here instead of colliding, and each takes the
 * write lock first (BEGIN IMMEDIATE) so that a concurrent writer in another process
 * makes it wait for the busy timeout rather than fail half-way.
 */
@Injectable()
export class UnitOfWork implements OnModuleInit {
  private tail: Promise<unknown> = Promise.resolve();
  /** Emits after each committed write, so the change log can be read at once. */
  readonly commits = new Subject<void>();

  constructor(private readonly dataSource: DataSource) {}

  /** Start-up (migrations) may wait the full busy timeout; from now on waits are the retries below. */
  async onModuleInit(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3') await this.dataSource.query(`PRAGMA busy_timeout = ${SQLITE_LOCK_WAIT_MS}`);
  }

  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    if (this.dataSource.options.type !== 'better-sqlite3') {
      result = await this.dataSource.transaction(work);
    } else {
      const run = this.tail.then(() => this.sqliteTransaction(work));
      this.tail = run.catch(() => undefined);
      result = await run;
    }
    this.commits.next();
    return result;
  }

  /**
   * The one query runner SQLite's writes take turns on (they run one at a time, see write). TypeORM
   * keeps its prepared statements per runner, so a runner per write prepared every statement of
   * every write again (BEGIN, each INSERT, COMMIT). Releasing a SQLite runner only clears its
   * schema caches; it stays usable.
   */
  private runner: QueryRunner | undefined;

  private sqliteRunner(): QueryRunner {
    if (this.runner === undefined || this.runner.connection !== this.dataSource) this.runner = this.dataSource.createQueryRunner();
    return this.runner;
  }

  private async sqliteTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.sqliteRunner();
    try {
      await this.takeWriteLock();
    } catch (error) {
      await runner.release();
      throw error;
    }
    // TypeORM would otherwise open its own nested transaction inside save()/remove().
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      this.sqlite('COMMIT');
      return result;
    } catch (error) {
      try {
        this.sqlite('ROLLBACK');
      } catch {
        // Nothing to roll back: the failure ended the transaction already.
      }
      throw error;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
  }

  /**
   * BEGIN, COMMIT and ROLLBACK on SQLite's one connection, prepared once: through the query runner
   * each went through the ORM's per-query work (a result object, events, timing), twice per write.
   */
  private sqlite(statement: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
    readsOf(this.dataSource).sqlitePositional(statement, []);
  }

  /** BEGIN IMMEDIATE, retried with growing pauses while another process writes, up to the busy timeout. */
  private async takeWriteLock(): Promise<void> {
    const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        this.sqlite('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() + pause > deadline) throw error;
        await sleep(pause);
      }
    }
  }
}
