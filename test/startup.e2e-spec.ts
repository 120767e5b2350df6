import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runBundleToExit, startBundle } from './support/bundle.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';

describe('start-up', () => {
  it('fails within seconds on an unreachable DATABASE_URL, with one line naming the setting', async () => {
    const { code, output, ms } = await runBundleToExit({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere' }, 20_000);
    expect(code).toBe(2);
    expect(ms).toBeLessThan(10_000);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL=postgres://postgres:***@127.0.0.1:1/nowhere');
    expect(lines[0]).toContain('ECONNREFUSED');
  }, 30_000);

  const onPostgres = process.env.TEST_POSTGRES_URL ? it : it.skip;

  onPostgres(
    'lets three instances start together on a fresh database: one migrates, none logs an error',
    async () => {
      const db = tempDatabasePath();
      const env = await databaseEnv(db.path);
      const instances = await Promise.all([0, 1, 2].map(() => startBundle(env)));
      try {
        for (const instance of instances) {
          expect(instance.output()).not.toMatch(/error|exception|retrying/i);
          expect((await fetch(`${instance.baseUrl}/api/incidents`)).status).toBe(200);
        }
        const client = new pg.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        try {
          const { rows } = await client.query<{ name: string; n: string }>('SELECT name, COUNT(*) AS n FROM migrations GROUP BY name');
          expect(rows.length).toBeGreaterThan(3);
          expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
        } finally {
          await client.end();
        }
      } finally {
        for (const instance of instances) instance.child.kill('SIGKILL');
        db.cleanup();
      }
    },
    60_000,
  );
});
