import type { EntityManager } from 'typeorm';
import type { Deployment, Environment, Incident } from '../domain.js';

/** What notifications read from other features, inside the transaction of the change being reported. */
export abstract class NotificationSubjects {
  abstract incident(m: EntityManager, id: string): Promise<Incident | null>;
  abstract deployment(m: EntityManager, id: string): Promise<Deployment | null>;
  /** By id or name. */
  abstract environment(m: EntityManager, reference: string): Promise<Environment | null>;
}
