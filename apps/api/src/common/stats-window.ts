import { DomainError, LIMITS } from '../domain.js';
import type { StatsWindow } from '../contracts.js';
import { DAY_MS } from './durations.js';

/** Resolves a window to UTC instants: `until` defaults to now, `since` to the default span before it. */
export function resolveWindow(query: StatsWindow, now: string): { since: string; until: string } {
  const until = query.until ? new Date(query.until).toISOString() : now;
  const since = query.since
    ? new Date(query.since).toISOString()
    : new Date(Date.parse(until) - LIMITS.statsWindowDaysDefault * DAY_MS).toISOString();
  if (since >= until) throw DomainError.validation('since', `must be before until (${until})`);
  if (Date.parse(until) - Date.parse(since) > LIMITS.statsWindowDaysMax * DAY_MS) {
    throw DomainError.validation('since', `the window may span at most ${LIMITS.statsWindowDaysMax} days`);
  }
  return { since, until };
}
