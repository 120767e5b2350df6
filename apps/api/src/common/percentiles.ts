import type { DurationStats } from '../domain.js';

/** Median (mean of the middle two for an even count) and nearest-rank p90, in whole seconds. */
export function durationStats(secondsList: number[]): DurationStats {
  if (secondsList.length === 0) return { count: 0, median_seconds: null, p90_seconds: null };
  const sorted = [...secondsList].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  // 9n/10 in integers: 0.9 * 30 is 27.000000000000004 in floating point, one rank too high.
  const p90 = sorted[Math.ceil((9 * n) / 10) - 1]!;
  return { count: n, median_seconds: Math.round(median), p90_seconds: Math.round(p90) };
}

export function secondsBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
}
