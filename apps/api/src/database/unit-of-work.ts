import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a write as one transaction. On SQLite there is one connection and one writer,
 * so writes from this process queue up here instead of colliding, and each takes the
 * write lock first (BEGIN IMMEDIATE) so that a concurrent writer in another process
 * makes it wait for the busy timeout rather than fail half-way.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  /** Emits after each committed write, so the change log can be read at once. */
  readonly commits = new Subject<void>();

  constructor(private readonly dataSource: DataSource) {}

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

  private async sqliteTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.query('BEGIN IMMEDIATE');
    // TypeORM would otherwise open its own nested transaction inside save()/remove().
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
  }
}
