import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import type { Deployment, Environment, Incident, IncidentCreate } from '../domain.js';

/** What health needs from other features, as small interfaces it owns; the owners of the records provide them. */

/** The environments to check, with their settings. */
export abstract class HealthEnvironments {
  abstract all(): Promise<Environment[]>;
  abstract byIds(ids: string[]): Promise<Environment[]>;
  /** By id or name; null when there is none. */
  abstract find(reference: string, m?: EntityManager): Promise<Environment | null>;
  /** By id or name; 404 when there is none. */
  abstract require(reference: string, m?: EntityManager): Promise<Environment>;
}

/** Incidents opened and annotated by the health engine, inside the transaction that records a check. */
export abstract class HealthIncidents {
  abstract open(m: EntityManager, incident: IncidentCreate, by: Actor): Promise<Incident>;
  abstract addNote(m: EntityManager, incidentId: string, note: string, by: Actor, data?: Record<string, unknown>): Promise<void>;
  /** The incident with this id if it is not resolved. */
  abstract findUnresolved(m: EntityManager, incidentId: string): Promise<Incident | null>;
  /** The newest unresolved outage or deployment incident of an environment. */
  abstract findOpenOutage(m: EntityManager, environmentId: string): Promise<Incident | null>;
  /** Unresolved incidents of an environment, most severe first: how many, and the first `limit`. */
  abstract openFor(environmentId: string, limit: number): Promise<{ count: number; items: Incident[] }>;
}

/** Deployments, as the likely cause of a failure and as an environment's last change. */
export abstract class HealthDeployments {
  /** The deployment that last ran in an environment (started, newest by completion or start). */
  abstract lastStarted(m: EntityManager, environmentId: string): Promise<Deployment | null>;
  /** The deployment planned last for an environment, whatever its status. */
  abstract lastPlanned(environmentId: string): Promise<Deployment | null>;
}

/** Maintenance windows: while one is active for an environment, its failing checks open no incident. */
export abstract class HealthMaintenance {
  abstract isActive(environmentId: string, at: string, m?: EntityManager): Promise<boolean>;
}
