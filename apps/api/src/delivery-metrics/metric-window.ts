import type { MetricBucket } from '../contracts.js';
import { DAY_MS } from '../common/durations.js';

/** The window of a metrics request: whole UTC days, the last one being today so far. */
export interface MetricWindow {
  since: string;
  until: string;
  days: number;
}

export function metricWindow(now: string, days: number): MetricWindow {
  const today = Date.parse(now.slice(0, 10));
  return { since: new Date(today - (days - 1) * DAY_MS).toISOString(), until: now, days };
}

/** The bucket a UTC day (YYYY-MM-DD) falls in: the day itself, or the Monday of its ISO week. */
export function bucketOf(day: string, bucket: MetricBucket): string {
  if (bucket === 'day') return day;
  const date = new Date(day);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Every bucket of the window, oldest first, so charts show empty days and weeks as empty. */
export function bucketStarts(window: MetricWindow, bucket: MetricBucket): string[] {
  const first = Date.parse(bucketOf(window.since.slice(0, 10), bucket));
  const last = Date.parse(window.until.slice(0, 10));
  const step = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const starts: string[] = [];
  for (let t = first; t <= last; t += step) starts.push(new Date(t).toISOString().slice(0, 10));
  return starts;
}
