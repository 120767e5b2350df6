import { describe, expect, it } from '@jest/globals';
import { occurrenceAt } from './maintenance-schedule.js';

const weekly = (days: Array<'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'>, start_time: string, duration_minutes: number) => ({
  kind: 'weekly' as const,
  starts_at: null,
  ends_at: null,
  days,
  start_time,
  duration_minutes,
});

describe('maintenance window schedule', () => {
  it('a one-off window is on from its start up to (not including) its end', () => {
    const w = {
      kind: 'once' as const,
      starts_at: '2026-12-05T02:00:00.000Z',
      ends_at: '2026-12-05T04:00:00.000Z',
      days: [],
      start_time: null,
      duration_minutes: null,
    };
    expect(occurrenceAt(w, new Date('2026-12-05T01:59:59Z'))).toEqual({ active: false, until: '2026-12-05T04:00:00.000Z' });
    expect(occurrenceAt(w, new Date('2026-12-05T02:00:00Z'))).toEqual({ active: true, until: '2026-12-05T04:00:00.000Z' });
    expect(occurrenceAt(w, new Date('2026-12-05T04:00:00Z'))).toEqual({ active: false, until: null });
  });

  it('a weekly window recurs on its days (UTC), including one that runs past midnight', () => {
    // 2026-12-05 is a Saturday.
    const w = weekly(['sat'], '23:00', 120);
    expect(occurrenceAt(w, new Date('2026-12-05T22:59:00Z')).active).toBe(false);
    expect(occurrenceAt(w, new Date('2026-12-05T23:30:00Z'))).toEqual({ active: true, until: '2026-12-06T01:00:00.000Z' });
    // Sunday 00:30 is still inside Saturday's occurrence.
    expect(occurrenceAt(w, new Date('2026-12-06T00:30:00Z')).active).toBe(true);
    expect(occurrenceAt(w, new Date('2026-12-06T01:00:00Z'))).toEqual({ active: false, until: '2026-12-13T01:00:00.000Z' });
    expect(occurrenceAt(w, new Date('2026-12-12T23:10:00Z')).active).toBe(true);
    expect(occurrenceAt(w, new Date('2026-12-09T23:10:00Z')).active).toBe(false);
  });

  it('a window lasting most of a week is still on days after it began', () => {
    const w = weekly(['mon'], '00:00', 6 * 24 * 60);
    // Monday 2026-12-07 00:00 to Sunday 2026-12-13 00:00.
    expect(occurrenceAt(w, new Date('2026-12-12T12:00:00Z')).active).toBe(true);
    expect(occurrenceAt(w, new Date('2026-12-13T12:00:00Z')).active).toBe(false);
  });
});
