import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './notification-dispatcher.js';

describe('retry delay', () => {
  it('doubles with each attempt, between half and all of base·2ⁿ⁻¹', () => {
    for (const [attempts, ceiling] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [6, 32_000],
    ] as const) {
      expect(retryDelayMs(1_000, attempts, () => 0)).toBe(ceiling / 2);
      expect(retryDelayMs(1_000, attempts, () => 1)).toBe(ceiling);
    }
  });

  it('spreads retries out (jitter) and never waits more than an hour', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(10_000, 3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d >= 20_000 && d <= 40_000).toBe(true);
    expect(retryDelayMs(10_000, 30, () => 1)).toBe(3_600_000);
  });
});
