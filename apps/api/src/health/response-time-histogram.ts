/**
 * Response times per hour as counts in fixed buckets, so that an hour's percentiles stay meaningful
 * when only a sample of its checks is kept raw: counters add up exactly across batches and
 * instances (plain `column + n` upserts), and a percentile is read back as the upper bound of the
 * bucket it falls in, clamped to the hour's exact min and max. Roughly 1-2-3-5 steps: the answer is
 * within about half a step of the true value.
 */
export const RESPONSE_TIME_BOUNDS_MS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000,
] as const;

/** One column per bucket: `rt_le_<bound>` counts answers of at most that many ms (and more than the bound before); `rt_over` the rest. */
export const HISTOGRAM_COLUMNS: readonly string[] = [...RESPONSE_TIME_BOUNDS_MS.map((b) => `rt_le_${b}`), 'rt_over'];

export function bucketOf(ms: number): number {
  // Linear scan: 23 comparisons at most, and most answers fall in the first few.
  for (let i = 0; i < RESPONSE_TIME_BOUNDS_MS.length; i++) if (ms <= RESPONSE_TIME_BOUNDS_MS[i]!) return i;
  return RESPONSE_TIME_BOUNDS_MS.length;
}

/**
 * Nearest-rank percentile from bucket counts: the upper bound of the bucket holding the rank,
 * within [min, max] (the last, open bucket answers max).
 */
export function histogramPercentile(counts: readonly number[], p: number, min: number | null, max: number | null): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || min === null || max === null) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return i < RESPONSE_TIME_BOUNDS_MS.length ? Math.min(max, Math.max(min, RESPONSE_TIME_BOUNDS_MS[i]!)) : max;
  }
  return max;
}

/**
 * The same percentile in SQL, over a row's own bucket columns: a CASE on the running sum. Integer
 * arithmetic only (ceil(p·n) as (n·pct + 99) / 100), so SQLite and PostgreSQL agree.
 * `least`/`greatest` are the dialect's two-argument min and max. An hour whose buckets do not hold
 * all of its responses (rolled up before buckets existed) keeps `column` as it is.
 */
export function percentileSql(pct: number, column: string, functions: { least: string; greatest: string }): string {
  const rank = `((responses * ${pct} + 99) / 100)`;
  const branches = RESPONSE_TIME_BOUNDS_MS.map((bound, i) => {
    const running = HISTOGRAM_COLUMNS.slice(0, i + 1).join(' + ');
    return `WHEN ${running} >= ${rank} THEN ${functions.least}(response_time_max, ${functions.greatest}(response_time_min, ${bound}))`;
  });
  // An hour rolled up before buckets existed keeps the exact percentile it was given then.
  return `CASE WHEN responses = 0 THEN NULL WHEN ${HISTOGRAM_COLUMNS.join(' + ')} <> responses THEN ${column} ${branches.join(' ')} ELSE response_time_max END`;
}
