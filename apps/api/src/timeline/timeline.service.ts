import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRowReturning } from '../database/insert-row.js';
import type { Actor } from '../common/request-context.js';
import { encodeCursor, rowLimit } from '../database/keyset.js';
import { readsOf } from '../database/sql-reads.js';
import { DomainError, LIMITS, type Page, type TimelineEntry, type TimelineKind } from '../domain.js';
import type { TimelineQuery, TimelineWindow } from '../contracts.js';
import { TimelineEntryEntity, type TimelineSubject } from './timeline-entry.entity.js';

export interface TimelineRecord {
  /** A kind added to TIMELINE_KINDS needs a rendering in the dashboard's server-text table. */
  kind: TimelineKind;
  message: string;
  changes?: TimelineEntry['changes'];
  data?: TimelineEntry['data'];
  at?: string;
}

/** The cursor to the entries before the oldest of these (they are oldest first). */
const olderThan = (entries: TimelineEntry[]): string | null => (entries.length ? encodeCursor([entries[0]!.id]) : null);

/** The entry id a timeline cursor continues before; cursors are encoded like every list's (keyset.ts). */
function decodeCursor(cursor: string): number {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const id = Array.isArray(values) && values.length === 1 ? values[0] : undefined;
  if (!Number.isSafeInteger(id) || (id as number) < 1) {
    throw DomainError.validation(
      'cursor',
      "is not a cursor from this timeline; pass timeline_next_cursor from the record's detail, or next_cursor from the previous page, unchanged",
    );
  }
  return id as number;
}

/** The timeline of incidents and deployments: append inside the caller's transaction, read in order. */
@Injectable()
export class TimelineService {
  constructor(private readonly clock: Clock) {}

  /** Appends an entry and answers it as a reader would see it (its id from the insert, not read back). */
  async append(
    manager: EntityManager,
    subject: TimelineSubject,
    subjectId: string,
    by: Actor,
    record: TimelineRecord,
  ): Promise<TimelineEntry> {
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
    const id = await insertRowReturning(manager, 'timeline_entries', row, 'id');
    return {
      id,
      kind: row.kind,
      source: row.source,
      actor: row.actor,
      message: row.message,
      changes: row.changes,
      data: row.data,
      created_at: row.created_at,
    };
  }

  /**
   * What a detail view shows: the newest entries (oldest first among them), and a cursor to the
   * ones before them when there are more. The newest matter most: a long-running deployment's
   * last progress reports are never cut off.
   */
  async window(manager: EntityManager, subject: TimelineSubject, subjectId: string): Promise<TimelineWindow> {
    const { entries, hasMore } = await this.newest(manager, subject, subjectId, LIMITS.timelineMax, undefined);
    return { timeline: entries, timeline_has_more: hasMore, timeline_next_cursor: hasMore ? olderThan(entries) : null };
  }

  /**
   * One page of a timeline, going back in time: without a cursor the newest entries, then the
   * ones before each page. Within a page entries are oldest first, as in the detail view. The
   * count is an index range over (subject_type, subject_id), bounded like every list's.
   */
  async page(manager: EntityManager, subject: TimelineSubject, subjectId: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    const size = Math.min(query.limit ?? LIMITS.listLimitDefault, LIMITS.timelineMax);
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const [counted] = await this.select<{ n: number | string }>(
      manager,
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM timeline_entries WHERE subject_type = :subject AND subject_id = :subjectId LIMIT ${rowLimit(LIMITS.listTotalMax + 1)}) counted`,
      { subject, subjectId },
    );
    const n = Number(counted?.n ?? 0);
    const { entries, hasMore } = await this.newest(manager, subject, subjectId, size, before);
    return {
      items: entries,
      total: Math.min(n, LIMITS.listTotalMax),
      total_capped: n > LIMITS.listTotalMax,
      limit: size,
      has_more: hasMore,
      next_cursor: hasMore ? olderThan(entries) : null,
    };
  }

  /** The newest `size` entries before the entry `before` (all when undefined), oldest first. */
  private async newest(
    manager: EntityManager,
    subject: TimelineSubject,
    subjectId: string,
    size: number,
    before: number | undefined,
  ): Promise<{ entries: TimelineEntry[]; hasMore: boolean }> {
    // Plain SQL: timelines are read on every detail view, and entity hydration is most of that cost.
    // Entries are never edited and ids only grow, so "before id N" is a stable place to continue.
    const rows = await this.select<
      Omit<TimelineEntry, 'changes' | 'data'> & { id: number | string; changes: string | null; data: string | null }
    >(
      manager,
      `SELECT id, kind, source, actor, message, changes, data, created_at FROM timeline_entries
       WHERE subject_type = :subject AND subject_id = :subjectId${before === undefined ? '' : ' AND id < :before'}
       ORDER BY id DESC LIMIT ${rowLimit(size + 1)}`,
      before === undefined ? { subject, subjectId } : { subject, subjectId, before },
    );
    const hasMore = rows.length > size;
    const entries = rows
      .slice(0, size)
      .reverse()
      .map((row) => ({
        ...row,
        id: Number(row.id),
        changes: row.changes === null ? null : (JSON.parse(row.changes) as TimelineEntry['changes']),
        data: row.data === null ? null : (JSON.parse(row.data) as TimelineEntry['data']),
      }));
    return { entries, hasMore };
  }

  private select<T>(manager: EntityManager, text: string, params: Record<string, unknown>): Promise<T[]> {
    return readsOf(manager.connection).rows<T>(text, params, manager);
  }

  async removeAll(manager: EntityManager, subject: TimelineSubject, subjectId: string): Promise<void> {
    await manager.delete(TimelineEntryEntity, { subject_type: subject, subject_id: subjectId });
  }
}
