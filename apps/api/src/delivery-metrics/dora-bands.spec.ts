import { describe, expect, it } from '@jest/globals';
import { changeFailureBand, frequencyBand, leadTimeBand, restoreBand } from './dora-bands.js';
import { bucketOf, bucketStarts, metricWindow } from './metric-window.js';

const HOUR = 3_600;
const DAY = 24 * HOUR;

describe('DORA bands at their edges', () => {
  it('deployment frequency: daily is elite, weekly high, monthly medium, rarer low', () => {
    expect([1, 0.999, 1 / 7, 1 / 7 - 0.001, 1 / 30, 1 / 30 - 0.001, 0].map(frequencyBand)).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });

  it('lead time: under a day elite, up to a week high, up to 30 days medium, then low', () => {
    expect([null, DAY - 1, DAY, 7 * DAY, 7 * DAY + 1, 30 * DAY, 30 * DAY + 1].map(leadTimeBand)).toEqual([
      null,
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });

  it('change failure rate: 5%, 10% and 15% are the upper edges', () => {
    expect([null, 0, 0.05, 0.051, 0.1, 0.15, 0.151, 1].map(changeFailureBand)).toEqual([
      null,
      'elite',
      'elite',
      'high',
      'high',
      'medium',
      'low',
      'low',
    ]);
  });

  it('time to restore: under an hour elite, under a day high, up to a week medium, then low', () => {
    expect([null, HOUR - 1, HOUR, DAY - 1, DAY, 7 * DAY, 7 * DAY + 1].map(restoreBand)).toEqual([
      null,
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });
});

describe('metric windows', () => {
  it('runs over whole UTC days, today included', () => {
    expect(metricWindow('2025-03-20T12:00:00.000Z', 7)).toEqual({
      since: '2025-03-14T00:00:00.000Z',
      until: '2025-03-20T12:00:00.000Z',
      days: 7,
    });
  });

  it('puts a day in its ISO week, from Monday, across a year end', () => {
    expect(['2025-03-17', '2025-03-23', '2025-03-24', '2026-01-01'].map((d) => bucketOf(d, 'week'))).toEqual([
      '2025-03-17',
      '2025-03-17',
      '2025-03-24',
      '2025-12-29',
    ]);
    expect(bucketStarts(metricWindow('2026-01-02T08:00:00.000Z', 10), 'week')).toEqual(['2025-12-22', '2025-12-29']);
  });
});
