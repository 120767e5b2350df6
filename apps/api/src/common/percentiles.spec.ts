import { describe, expect, it } from '@jest/globals';
import { durationStats, secondsBetween } from './percentiles.js';

describe('durationStats', () => {
  it('is empty for no values', () => {
    expect(durationStats([])).toEqual({ count: 0, median_seconds: null, p90_seconds: null });
  });

  it('takes the middle value for an odd count and nearest-rank p90', () => {
    expect(durationStats([300, 60, 120])).toEqual({ count: 3, median_seconds: 120, p90_seconds: 300 });
  });

  it('averages the middle two for an even count', () => {
    const tenValues = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000];
    expect(durationStats(tenValues)).toEqual({ count: 10, median_seconds: 55, p90_seconds: 90 });
  });

  it('takes the nearest rank for p90 where 0.9 × n is not exact in floating point', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(durationStats(thirty).p90_seconds).toBe(27);
  });

  it('measures seconds between ISO timestamps', () => {
    expect(secondsBetween('2025-01-10T10:00:00.000Z', '2025-01-10T10:05:30.000Z')).toBe(330);
  });
});
