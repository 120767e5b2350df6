import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import type { Environment } from '../domain.js';

/** What deployments need from the environments they deploy to; the environments feature provides it. */
export abstract class DeploymentEnvironments {
  /** The environment given by id or name; refused as a 400 on `field` when there is none. */
  abstract resolve(reference: string, field: string, m?: EntityManager): Promise<Environment>;
  /** The environment with this id or name; 404 when there is none. */
  abstract require(reference: string, m?: EntityManager): Promise<Environment>;
  /** Environment names by id, for concise views that show a name rather than an id. */
  abstract names(ids: string[]): Promise<Map<string, string>>;
  /** Records the version now running there, inside the deployment's transaction. */
  abstract setCurrentVersion(m: EntityManager, environmentId: string, version: string, by: Actor): Promise<{ previous: string | null }>;
}
