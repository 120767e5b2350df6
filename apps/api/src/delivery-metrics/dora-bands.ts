import type { DoraBand } from '../contracts.js';

/**
 * The DORA performance bands, with the thresholds of the 2023 State of DevOps report read as upper
 * bounds of each band (elite, high, medium; anything worse is low). The contract's descriptions
 * state the same numbers to API users.
 */

const HOUR = 3_600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** Deployments per day over the window. */
export function frequencyBand(perDay: number): DoraBand {
  if (perDay >= 1) return 'elite';
  if (perDay * 7 >= 1) return 'high';
  if (perDay * 30 >= 1) return 'medium';
  return 'low';
}

/** Median lead time for changes, in seconds. */
export function leadTimeBand(medianSeconds: number | null): DoraBand | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY) return 'elite';
  if (medianSeconds <= WEEK) return 'high';
  if (medianSeconds <= MONTH) return 'medium';
  return 'low';
}

/** Change failure rate, 0 to 1. */
export function changeFailureBand(rate: number | null): DoraBand | null {
  if (rate === null) return null;
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

/** Median time to restore, in seconds. */
export function restoreBand(medianSeconds: number | null): DoraBand | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return 'elite';
  if (medianSeconds < DAY) return 'high';
  if (medianSeconds <= WEEK) return 'medium';
  return 'low';
}
