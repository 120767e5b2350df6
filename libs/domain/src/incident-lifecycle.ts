import { INCIDENT_STATUSES, type IncidentStatus, rankOf } from './vocabulary.js';

/**
 * Incidents move forward through the lifecycle, skipping steps if need be.
 * Among the active investigation steps (investigating, identified, monitoring)
 * they may also step back, e.g. monitoring → investigating when a fix did not hold.
 * Nothing returns to `open` except a reopen: resolved → any earlier status.
 */
export function allowedIncidentStatuses(from: IncidentStatus): IncidentStatus[] {
  if (from === 'resolved') return INCIDENT_STATUSES.filter((s) => s !== 'resolved');
  return INCIDENT_STATUSES.filter(
    (to) => to !== from && (rankOf(INCIDENT_STATUSES, to) > rankOf(INCIDENT_STATUSES, from) || to !== 'open'),
  );
}

export function canMoveIncident(from: IncidentStatus, to: IncidentStatus): boolean {
  return allowedIncidentStatuses(from).includes(to);
}

export function isReopen(from: IncidentStatus, to: IncidentStatus): boolean {
  return from === 'resolved' && to !== 'resolved';
}
