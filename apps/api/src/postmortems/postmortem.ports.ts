import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import type { Deployment, HealthCheck, IncidentDetail } from '../domain.js';

/** One stored check, as much of it as a review needs. */
export type CheckPoint = Pick<HealthCheck, 'status' | 'status_code' | 'response_time_ms' | 'error_message' | 'checked_at'>;

/** What postmortems read and write on incidents; the incidents feature provides it. */
export abstract class PostmortemIncidents {
  /** The incident with its newest timeline entries; 404 when there is none. */
  abstract get(id: string): Promise<IncidentDetail>;
  /** Incident titles by id, for lists of follow-ups across incidents. */
  abstract titles(ids: string[]): Promise<Map<string, string>>;
  /** Records on the incident's timeline, inside the caller's transaction, that its postmortem was saved. */
  abstract recordPostmortemSaved(
    m: EntityManager,
    incidentId: string,
    message: string,
    by: Actor,
    data: Record<string, unknown>,
  ): Promise<void>;
}

/** The deployment an incident is linked to. */
export abstract class PostmortemDeployments {
  abstract find(id: string): Promise<Deployment | null>;
}

/** Environments by id or name. */
export abstract class PostmortemEnvironments {
  /** Refused as a 400 on `field` when there is none. */
  abstract resolve(reference: string, field: string): Promise<{ id: string; name: string }>;
  abstract name(id: string): Promise<string | null>;
}

/** Stored health checks of an environment around an incident; the health feature provides it. */
export abstract class PostmortemHealth {
  /**
   * Checks between `since` and `until`, oldest first, at most `max` of them (`truncated` when more
   * exist), and the latest check before `since`.
   */
  abstract around(
    environmentId: string,
    since: string,
    until: string,
    max: number,
  ): Promise<{ before: CheckPoint | null; checks: CheckPoint[]; truncated: boolean }>;
}
