import { WEEKDAYS } from '../domain.js';
import type { MaintenanceWindowEntity } from './notification.entities.js';
import { MINUTE_MS, DAY_MS } from '../common/durations.js';

type Schedule = Pick<MaintenanceWindowEntity, 'kind' | 'starts_at' | 'ends_at' | 'days' | 'start_time' | 'duration_minutes'>;

/** The occurrences of a weekly window that could cover `at` or come within the next week. */
function weeklyOccurrences(w: Schedule, at: number): Array<{ start: number; end: number }> {
  const [hours, minutes] = (w.start_time ?? '00:00').split(':').map(Number) as [number, number];
  const duration = (w.duration_minutes ?? 0) * MINUTE_MS;
  const midnight = Math.floor(at / DAY_MS) * DAY_MS;
  const occurrences: Array<{ start: number; end: number }> = [];
  // A window may last up to a week, so one that began up to 7 days ago may still be on.
  for (let offset = -7; offset <= 7; offset++) {
    const day = midnight + offset * DAY_MS;
    if (!w.days.includes(WEEKDAYS[new Date(day).getUTCDay()]!)) continue;
    const start = day + (hours * 60 + minutes) * MINUTE_MS;
    occurrences.push({ start, end: start + duration });
  }
  return occurrences;
}

/** Whether the window is on at `at`, and when the current (or next) occurrence ends. */
export function occurrenceAt(w: Schedule, at: Date): { active: boolean; until: string | null } {
  const t = at.getTime();
  if (w.kind === 'once') {
    const start = Date.parse(w.starts_at ?? '');
    const end = Date.parse(w.ends_at ?? '');
    return { active: start <= t && t < end, until: t < end ? new Date(end).toISOString() : null };
  }
  const occurrences = weeklyOccurrences(w, t);
  const current = occurrences.find((o) => o.start <= t && t < o.end);
  if (current) return { active: true, until: new Date(current.end).toISOString() };
  const next = occurrences.filter((o) => o.start > t).sort((a, b) => a.start - b.start)[0];
  return { active: false, until: next ? new Date(next.end).toISOString() : null };
}
