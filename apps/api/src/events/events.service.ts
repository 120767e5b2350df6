import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRow } from '../database/insert-row.js';
import type { Actor } from '../common/request-context.js';
import type { ChangeEvent } from '../domain.js';
import { ChangeEventEntity } from './change-event.entity.js';

/** A change as it is recorded, for work that must commit or roll back with it (e.g. the notification outbox). */
export interface RecordedChange {
  entity: ChangeEvent['entity'];
  entity_id: string;
  action: string;
  by: Actor;
  occurred_at: string;
  /** Facts the change log does not keep, e.g. a status's previous value. */
  detail?: Record<string, unknown>;
}
export type ChangeListener = (manager: EntityManager, change: RecordedChange) => Promise<void>;

const AFTER_SQL =
  'SELECT seq, entity, entity_id, action, source, actor, occurred_at FROM change_events WHERE seq > :seq ORDER BY seq LIMIT :limit';

/** The append-only change log: written in the same transaction as the change it describes. */
@Injectable()
export class EventsService {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds an event to the change log in the caller's transaction. Its `seq` is final only once that
   * transaction commits: on PostgreSQL the insert gets a placeholder, and the commit gives the
   * number, in commit order, and notifies every instance (migration 1764892800000); on SQLite,
   * with one writer at a time, the number taken here is already in commit order. Either way a
   * reader following `after(seq)` never moves past an event that may still commit. The caller may
   * do anything after this in its transaction: the PostgreSQL commit-order lock is taken at commit.
   */
  async record(
    manager: EntityManager,
    entity: ChangeEvent['entity'],
    entityId: string,
    action: string,
    by: Actor,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    const occurred_at = this.clock.now();
    await insertRow(manager, 'change_events', { entity, entity_id: entityId, action, source: by.source, actor: by.actor, occurred_at });
    for (const listener of this.listeners) await listener(manager, { entity, entity_id: entityId, action, by, occurred_at, detail });
  }

  /**
   * Adds work done in the transaction of every recorded change: a listener's writes commit with the
   * change or not at all, and its failure fails the change.
   */
  onRecord(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Up to `limit` events after `seq`, in order: plain SQL, as this runs for every batch every stream
   * client reads. Every event with a number below the last one returned is committed already (or
   * never will be), so the next call can safely start from the last one.
   */
  async after(seq: number, limit: number): Promise<ChangeEvent[]> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(AFTER_SQL, { seq, limit });
    const rows: ChangeEvent[] = await this.dataSource.query(sql, values);
    for (const row of rows) row.seq = Number(row.seq);
    return rows;
  }

  /** The oldest event still in the log, or null when it is empty. */
  async oldestSeq(): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(ChangeEventEntity)
      .createQueryBuilder('e')
      .select('MIN(e.seq)', 'min')
      .getRawOne<{ min: number | string | null }>();
    return row?.min === null || row?.min === undefined ? null : Number(row.min);
  }

  /**
   * Deletes events that occurred before `cutoff` among the `limit` oldest, in the caller's
   * transaction; returns how many. The newest event is always kept: it holds the log's position,
   * so MAX(seq) stays right and a client resuming from before the deleted ones can be told so.
   * Rows another run deleted first are simply not counted, so concurrent runs are harmless.
   */
  async deleteOldest(manager: EntityManager, cutoff: string, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive whole number, not ${limit}`);
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(ChangeEventEntity)
      .where('seq IN (SELECT seq FROM change_events WHERE seq < (SELECT MAX(seq) FROM change_events) ORDER BY seq LIMIT :limit)', { limit })
      .andWhere('occurred_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  async latestSeq(): Promise<number> {
    const row = await this.dataSource
      .getRepository(ChangeEventEntity)
      .createQueryBuilder('e')
      .select('MAX(e.seq)', 'max')
      .getRawOne<{ max: number | null }>();
    return Number(row?.max ?? 0);
  }
}
