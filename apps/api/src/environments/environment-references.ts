import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Counts the records of one kind (e.g. "incident") that point at an environment. */
export type ReferenceCounter = (environmentId: string, m: EntityManager) => Promise<number>;

/**
 * Records of other features that point at environments. An environment something points at is
 * not deleted; the features that own those records add their counters here.
 */
@Injectable()
export class EnvironmentReferences {
  private readonly counters: Array<{ noun: string; count: ReferenceCounter }> = [];

  add(noun: string, count: ReferenceCounter): void {
    this.counters.push({ noun, count });
  }

  /** "2 incident(s) and 0 deployment(s)", or null when nothing points at it. */
  async describe(environmentId: string, m: EntityManager): Promise<string | null> {
    const counts = await Promise.all(this.counters.map(async ({ noun, count }) => ({ noun, n: await count(environmentId, m) })));
    if (counts.every(({ n }) => n === 0)) return null;
    return counts.map(({ noun, n }) => `${n} ${noun}(s)`).join(' and ');
  }
}
