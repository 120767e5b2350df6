import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRow } from '../database/insert-row.js';
import type { Actor } from '../common/request-context.js';
import type { ChangeEvent } from '../domain.js';
import { ChangeEventEntity } from './change-event.entity.js';

/** The append-only change log: written in the same transaction as the change it describes. */
@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, entity: ChangeEvent['entity'], entityId: string, action: string, by: Actor): Promise<void> {
    await insertRow(manager, 'change_events', {
      entity,
      entity_id: entityId,
      action,
      source: by.source,
      actor: by.actor,
      occurred_at: this.clock.now(),
    });
  }

  async after(seq: number, limit: number): Promise<ChangeEvent[]> {
    return this.dataSource.getRepository(ChangeEventEntity).find({ where: { seq: MoreThan(seq) }, order: { seq: 'ASC' }, take: limit });
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
