import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '../domain.js';

type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields of `patch` whose value differs from `current` (arrays and objects compared by value). */
export function diff<T extends object>(current: T, patch: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = (current as Record<string, unknown>)[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/**
 * Options for reading a row that is about to be changed. On PostgreSQL the row stays locked until the
 * transaction ends, so concurrent writers of one record take turns (and both keep their change)
 * instead of the second one failing on a revision it never saw; SQLite's single writer already does.
 */
export function forUpdate(m: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return m.connection.options.type === 'postgres' && m.queryRunner?.isTransactionActive ? { lock: { mode: 'pessimistic_write' } } : {};
}

export function refuseStaleRevision(kind: string, current: number, given: number | undefined): void {
  if (given !== undefined && given !== current) {
    throw new DomainError(
      'revision_conflict',
      `This ${kind} was changed by someone else since you read it (you sent revision ${given}, it is now at ${current}). Reload it and apply your change again.`,
    );
  }
}

/**
 * Writes only the changed columns, and only if nobody changed the row since it was read:
 * two people editing different fields both keep their change, a lost update is impossible.
 */
export async function writeChanges<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  kind: string,
  row: { id: string; revision: number },
  values: Record<string, unknown>,
): Promise<number> {
  const next = row.revision + 1;
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...values, revision: next } as never)
    .where('id = :id AND revision = :revision', { id: row.id, revision: row.revision })
    .execute();
  if (result.affected === 0) {
    throw new DomainError(
      'revision_conflict',
      `This ${kind} was changed by another writer at the same moment; reload it and apply your change again.`,
    );
  }
  return next;
}
