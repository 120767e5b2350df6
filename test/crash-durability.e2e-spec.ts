import { afterAll, describe, expect, it } from '@jest/globals';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { startBundle } from './support/bundle.js';
import { minimalIncident } from './support/fixtures.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';

/**
 * The built service (the bundle `npm start` runs) is killed with SIGKILL while several clients
 * write. Every write it acknowledged must be there after a restart, and the SQLite file must pass
 * its integrity check.
 */

const ROUNDS = 3;
const WRITERS = 8;

describe('kill -9 during concurrent writes', () => {
  const db = tempDatabasePath();
  afterAll(() => db.cleanup());

  it(`loses no acknowledged write over ${ROUNDS} rounds, and the database stays intact`, async () => {
    const env = await databaseEnv(db.path);
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { child, baseUrl } = await startBundle(env);
      let stop = false;
      const writer = async (n: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await fetch(`${baseUrl}/api/incidents`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(minimalIncident({ title: `round ${round} writer ${n} write ${i}` })),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          } catch {
            return; // the process is gone: what it acknowledged is what counts
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, n) => writer(n));
      await new Promise((r) => setTimeout(r, 700 + round * 300));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      stop = true;
      await Promise.all(writers);
    }
    expect(acknowledged.length).toBeGreaterThan(50);

    const { child, baseUrl } = await startBundle(env);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await fetch(`${baseUrl}/api/incidents/${id}`);
        if (res.status !== 200) missing.push(id);
      }
      expect({ acknowledged: acknowledged.length, missing }).toEqual({ acknowledged: acknowledged.length, missing: [] });
    } finally {
      child.kill('SIGKILL');
    }
    if ('DATABASE_PATH' in env) {
      const file = new Database(env.DATABASE_PATH!, { readonly: true });
      try {
        expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        file.close();
      }
    }
  }, 120_000);
});
