import { DataSource } from 'typeorm';
import { TimelineEntryEntity, type TimelineSubject } from '../../apps/api/src/timeline/timeline-entry.entity.js';
import type { RunningService } from './service.js';

/**
 * Appends `count` note entries to a record's timeline straight in the database: a timeline longer
 * than a detail view shows (LIMITS.timelineMax) would take thousands of API writes otherwise.
 */
export async function addTimelineEntries(svc: RunningService, subject: TimelineSubject, id: string, count: number): Promise<void> {
  const db = svc.app.get(DataSource);
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    subject_type: subject,
    subject_id: id,
    kind: 'note',
    source: 'system' as const,
    actor: null,
    message: `bulk note ${i + 1}`,
    changes: null,
    data: { n: i + 1 },
    created_at: new Date(start + i * 1_000).toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .createQueryBuilder()
      .insert()
      .into(TimelineEntryEntity)
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** The ids of a record's whole timeline, oldest first, as the database holds it. */
export async function timelineIds(svc: RunningService, subject: TimelineSubject, id: string): Promise<number[]> {
  const rows = await svc.app
    .get(DataSource)
    .getRepository(TimelineEntryEntity)
    .find({ select: { id: true }, where: { subject_type: subject, subject_id: id }, order: { id: 'ASC' } });
  return rows.map((r) => Number(r.id));
}

interface TimelinePageBody {
  items?: Array<{ id: number }>;
  entries?: Array<{ id: number }>;
  total: number;
  limit: number;
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * Pages back from `cursor` (null: from the newest) until the first entry, each page prepended to
 * what came before, as a client would; returns the entries oldest first and the pages seen.
 */
export async function pageBack(
  fetchPage: (cursor: string | null) => Promise<TimelinePageBody>,
  cursor: string | null,
): Promise<{ ids: number[]; pages: TimelinePageBody[] }> {
  let ids: number[] = [];
  const pages: TimelinePageBody[] = [];
  let next = cursor;
  do {
    const page = await fetchPage(next);
    pages.push(page);
    const items = page.items ?? page.entries ?? [];
    ids = [...items.map((e) => e.id), ...ids];
    if (page.has_more !== (page.next_cursor !== null)) throw new Error('has_more and next_cursor disagree');
    next = page.next_cursor;
    if (pages.length > 100) throw new Error('more than 100 pages: the cursor does not move');
  } while (next !== null);
  return { ids, pages };
}
