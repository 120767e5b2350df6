import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRow } from '../database/insert-row.js';
import type { Actor } from '../common/request-context.js';
import { LIMITS, type TimelineEntry } from '../domain.js';
import { TimelineEntryEntity, type TimelineSubject } from './timeline-entry.entity.js';

export interface TimelineRecord {
  kind: string;
  message: string;
  changes?: TimelineEntry['changes'];
  data?: TimelineEntry['data'];
  at?: string;
}

/** The timeline of incidents and deployments: append inside the caller's transaction, read in order. */
@Injectable()
export class TimelineService {
  constructor(private readonly clock: Clock) {}

  async append(manager: EntityManager, subject: TimelineSubject, subjectId: string, by: Actor, record: TimelineRecord): Promise<void> {
    const row = {
      subject_type: subject,
      subject_id: subjectId,
      kind: record.kind,
      source: by.source,
      actor: by.actor,
      message: record.message,
      changes: record.changes ?? null,
      data: record.data ?? null,
      created_at: record.at ?? this.clock.now(),
    };
    await insertRow(manager, 'timeline_entries', row);
  }

  async list(manager: EntityManager, subject: TimelineSubject, subjectId: string): Promise<TimelineEntry[]> {
    // Plain SQL: timelines are read on every detail view, and entity hydration is most of that cost.
    // The newest entries matter most: a long-running deployment's last progress reports are never cut off.
    const [sql, params] = manager.connection.driver.escapeQueryWithParameters(
      `SELECT id, kind, source, actor, message, changes, data, created_at FROM timeline_entries
       WHERE subject_type = :subject AND subject_id = :subjectId ORDER BY id DESC LIMIT ${LIMITS.timelineMax}`,
      { subject, subjectId },
    );
    const rows = (await manager.query(sql, params)) as Array<
      Omit<TimelineEntry, 'changes' | 'data'> & { id: number | string; changes: string | null; data: string | null }
    >;
    return rows.reverse().map((row) => ({
      ...row,
      id: Number(row.id),
      changes: row.changes === null ? null : (JSON.parse(row.changes) as TimelineEntry['changes']),
      data: row.data === null ? null : (JSON.parse(row.data) as TimelineEntry['data']),
    }));
  }

  async removeAll(manager: EntityManager, subject: TimelineSubject, subjectId: string): Promise<void> {
    await manager.delete(TimelineEntryEntity, { subject_type: subject, subject_id: subjectId });
  }
}
