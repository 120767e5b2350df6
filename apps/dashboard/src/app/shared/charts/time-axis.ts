import { formatDay, formatTime } from '../../core/format';

/** How a chart over hourly buckets labels time: by hour of day for a day, by day for a week. */
export type TimeScale = 'hours' | 'days';

export function timeScaleFor(buckets: number): TimeScale {
  return buckets > 48 ? 'days' : 'hours';
}

/** Whether a bucket starting at `iso` gets a label under the chart (every 4 hours, or each midnight), in local time. */
export function isTick(iso: string, scale: TimeScale): boolean {
  const date = new Date(iso);
  return scale === 'days' ? date.getHours() === 0 : date.getHours() % 4 === 0;
}

export function tickLabel(iso: string, scale: TimeScale, locale: string): string {
  return scale === 'days' ? formatDay(iso, locale) : formatTime(iso, locale);
}

/** "3 Dec, 14:00–15:00" / "12. 3. 14:00–15:00": one hourly bucket, for tooltips and tables. */
export function bucketLabel(iso: string, locale: string): string {
  const end = new Date(Date.parse(iso) + 3_600_000).toISOString();
  return `${formatDay(iso, locale)} ${formatTime(iso, locale)}–${formatTime(end, locale)}`;
}

/** The smallest of 1, 2, 5 × 10ⁿ at or above `value`: a round top for an axis. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
