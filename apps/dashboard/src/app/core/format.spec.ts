import { formatDateTime, formatDay, formatRelative, formatTime } from './format';

// Built in the local time zone, as the dashboard shows instants in the browser's.
const at = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m - 1, d, h, min).toISOString();

describe('one date format per language', () => {
  it('writes a date and time the same way everywhere: en "3 Dec 2026, 14:05", ko "2026. 12. 3. 14:05"', () => {
    expect(formatDateTime(at(2026, 12, 3, 14, 5), 'en-GB')).toBe('3 Dec 2026, 14:05');
    expect(formatDateTime(at(2026, 12, 3, 14, 5), 'ko-KR')).toBe('2026. 12. 3. 14:05');
    expect(formatDateTime(at(2026, 1, 9, 9, 0), 'en-GB')).toBe('9 Jan 2026, 09:00');
    expect(formatDateTime(at(2026, 1, 9, 21, 30), 'ko-KR')).toBe('2026. 1. 9. 21:30');
  });

  it('writes axis days and times short', () => {
    expect(formatDay(at(2026, 11, 27, 0, 0), 'en-GB')).toBe('27 Nov');
    expect(formatDay(at(2026, 11, 27, 0, 0), 'ko-KR')).toBe('11. 27.');
    // A day the service counted in UTC is named as the service counted it.
    expect(formatDay('2026-11-27T00:00:00.000Z', 'en-GB', 'UTC')).toBe('27 Nov');
    expect(formatTime(at(2026, 11, 27, 7, 0), 'en-GB')).toBe('07:00');
    expect(formatTime(at(2026, 11, 27, 19, 0), 'ko-KR')).toBe('19:00');
  });

  it('writes ages in the language', () => {
    const now = Date.parse(at(2026, 12, 3, 14, 5));
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(formatRelative(ago(5 * 60_000), 'en-GB', now)).toBe('5 min ago');
    expect(formatRelative(ago(5 * 60_000), 'ko-KR', now)).toBe('5분 전');
    expect(formatRelative(ago(3 * 3_600_000), 'ko-KR', now)).toBe('3시간 전');
  });

  it('never shows a blank or a crash for a missing or bad value', () => {
    expect(formatDateTime(null, 'en-GB')).toBe('—');
    expect(formatDateTime('not a date', 'ko-KR')).toBe('not a date');
    expect(formatRelative(undefined, 'ko-KR')).toBe('—');
  });
});
