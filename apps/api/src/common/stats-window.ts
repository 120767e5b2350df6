import { DomainError, LIMITS } from '../domain.js';
import { TimestampField } from './dto-fields.js';

const DAY_MS = 86_400_000;

/** The time window a statistics request covers. */
export class StatsWindowQuery {
  @TimestampField({ description: `Start of the window (default: ${LIMITS.statsWindowDaysDefault} days before \`until\`).` })
  since?: string;

  @TimestampField({ description: 'End of the window (default: now).' })
  until?: string;
}

/** Resolves a window to UTC instants: `until` defaults to now, `since` to the default span before it. */
export function resolveWindow(query: StatsWindowQuery, now: string): { since: string; until: string } {
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
