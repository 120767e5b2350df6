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
 * Most writes SQLite takes into one transaction at a time. Beyond this they wait for the next one, so
 * that requests that arrived meanwhile (reads among them) are answered between transactions.
 */
export const SQLITE_WRITES_PER_TRANSACTION = 64;

interface Queued {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs each write atomically. On PostgreSQL each is a transaction of its own. On SQLite there is one
 * connection and one writer, so writes from this process queue up here instead of colliding; the
 * writes that arrive in one turn of the event loop (the requests read from the network together)
 * share one transaction, each in a savepoint of its own, and each is answered once that transaction
 * has committed. A commit writes every page the transaction changed to the log; consecutive creates
 * change mostly the same index pages, so sharing a commit is what makes them cheap (about half the
 * cost per create at 100,000 incidents, four at a time). A write that fails rolls back its own
 * savepoint only; the others go on. The works of one transaction run back to back in the same
 * macrotask, so no read of another request sees a write before it has committed (unless a write
 * awaits real I/O inside its work, which none does). Each transaction takes the write lock first
 * (BEGIN IMMEDIATE), so that a concurrent writer in another process makes it wait for the busy
 * timeout rather than fail half-way.
 */
@Injectable()
export class UnitOfWork implements OnModuleInit {
  private readonly queued: Queued[] = [];
  private flushing = false;
  /** Emits after each committed transaction, so the change log can be read at once. */
  readonly commits = new Subject<void>();

  constructor(private readonly dataSource: DataSource) {}

  /** Start-up (migrations) may wait the full busy timeout; from now on waits are the retries below. */
  async onModuleInit(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3') await this.dataSource.query(`PRAGMA busy_timeout = ${SQLITE_LOCK_WAIT_MS}`);
  }

  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') {
      const result = await this.dataSource.transaction(work);
      this.commits.next();
      return result;
    }
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (result: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
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

  /** Runs what is queued, a transaction at a time; scheduled by the first write queued while none runs. */
  private async flush(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        await this.transaction(this.queued.splice(0, SQLITE_WRITES_PER_TRANSACTION));
        // Let the requests that came in meanwhile be read (and reads answered) before the next one.
        if (this.queued.length > 0) await new Promise((next) => setImmediate(next));
      }
    } catch (error) {
      // transaction() answers its own writes; should it ever throw, no queued write waits forever.
      for (const write of this.queued.splice(0)) write.reject(error);
    } finally {
      this.flushing = false;
    }
  }

  private async transaction(writes: Queued[]): Promise<void> {
    const runner = this.sqliteRunner();
    try {
      await this.takeWriteLock();
    } catch (error) {
      await runner.release();
      for (const write of writes) write.reject(error);
      return;
    }
    // TypeORM would otherwise open its own nested transaction inside save()/remove().
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    const done: Array<{ write: Queued; result: unknown }> = [];
    try {
      for (const write of writes) {
        this.sqlite('SAVEPOINT write');
        try {
          const result = await write.work(runner.manager);
          this.sqlite('RELEASE write');
          done.push({ write, result });
        } catch (error) {
          write.reject(error);
          // The failure ended the whole transaction (SQLite does so on a full disk, for one): the
          // writes before it were rolled back with it, and the ones after it are failed with them.
          if (!this.inTransaction()) throw error;
          this.sqlite('ROLLBACK TO write');
          this.sqlite('RELEASE write');
        }
      }
      this.sqlite('COMMIT');
    } catch (error) {
      try {
        if (this.inTransaction()) this.sqlite('ROLLBACK');
      } catch {
        // Nothing more can be undone here; every write of the transaction is failed below either way.
      }
      // Every write of the transaction fails, also those the failure kept from running (none has been
      // answered yet; one failed already keeps its own error, as a promise settles once).
      for (const write of writes) write.reject(error);
      return;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
    for (const { write, result } of done) write.resolve(result);
    if (done.length > 0) this.commits.next();
  }

  private inTransaction(): boolean {
    return (this.dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection.inTransaction;
  }

  /**
   * Transaction statements on SQLite's one connection, prepared once: through the query runner
   * each went through the ORM's per-query work (a result object, events, timing), twice per write.
   */
  private sqlite(statement: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK' | 'SAVEPOINT write' | 'RELEASE write' | 'ROLLBACK TO write'): void {
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
