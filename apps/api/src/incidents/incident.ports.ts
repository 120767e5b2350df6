import type { EntityManager } from 'typeorm';

/** What incidents need from the records they point at; the features that own those records provide it. */
export abstract class IncidentLinks {
  /** The id of the environment given by id or name; refused as a 400 on `field` when there is none. */
  abstract environmentId(reference: string, field: string, m?: EntityManager): Promise<string>;
  /** Refused as a 400 on deployment_id when no deployment has this id. */
  abstract requireDeployment(id: string, m: EntityManager): Promise<void>;
  /** Environment names by id, for concise views that show a name rather than an id. */
  abstract environmentNames(ids: string[]): Promise<Map<string, string>>;
}
