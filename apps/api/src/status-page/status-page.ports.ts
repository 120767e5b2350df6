import type { HealthStatus, IncidentStatus, MaintenanceWindowKind, Severity, UptimeDay, Weekday } from '../domain.js';

/**
 * What the status page reads from other features. Each port hands over only what may be shown to
 * anyone: the page never receives a description, a note, an actor or a maintenance reason, so it
 * cannot leak one.
 */

export interface ListedEnvironment {
  id: string;
  name: string;
}

/** Environments marked public. */
export abstract class StatusEnvironments {
  /** By name. */
  abstract listPublic(): Promise<ListedEnvironment[]>;
}

export interface CurrentHealth {
  status: HealthStatus;
  since: string | null;
}

/** Current health and daily uptime of environments. */
export abstract class StatusHealth {
  abstract current(environmentIds: string[]): Promise<Map<string, CurrentHealth>>;
  /** The last `days` UTC days up to today, oldest first, for each environment. */
  abstract dailyUptime(environmentIds: string[], days: number): Promise<Map<string, UptimeDay[]>>;
}

export interface ListedIncident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  started_at: string;
  environment_id: string | null;
  updates: Array<{ status: IncidentStatus; at: string }>;
}

/** Unresolved incidents marked public, most severe first. */
export abstract class StatusIncidents {
  abstract openPublic(limit: number): Promise<ListedIncident[]>;
}

export interface ListedMaintenance {
  environment_id: string;
  kind: MaintenanceWindowKind;
  active: boolean;
  starts_at: string;
  ends_at: string;
  days: Weekday[];
}

/** Maintenance windows of the given environments that are on now or still to come. */
export abstract class StatusMaintenance {
  abstract upcoming(environmentIds: string[]): Promise<ListedMaintenance[]>;
}
