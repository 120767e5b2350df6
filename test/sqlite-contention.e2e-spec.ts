import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { minimalIncident } from './support/fixtures.js';
import { startService, type RunningService } from './support/service.js';

const onSqlite = process.env.TEST_POSTGRES_URL ? describe.skip : describe;

/** Another process (here: another connection) holding the SQLite write lock, as the stdio MCP server does while it writes. */
onSqlite('while another process holds the SQLite write lock', () => {
  let svc: RunningService;
  let other: Database;
  beforeAll(async () => {
    svc = await startService();
    await svc.call('POST', '/api/incidents', minimalIncident());
    other = new Database(svc.dbPath);
  });
  afterAll(async () => {
    other.close();
    await svc.close();
  });

  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };

  it('keeps answering reads at once, and commits a waiting write as soon as the lock is free', async () => {
    other.exec('BEGIN IMMEDIATE');
    const write = svc.call('POST', '/api/incidents', minimalIncident({ title: 'waited for the lock' }));
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      latencies.push(await timed(() => svc.call('GET', '/api/incidents')));
      latencies.push(await timed(() => svc.call('GET', '/')));
    }
    other.exec('COMMIT');
    expect((await write).status).toBe(201);
    // Before: every read waited behind the busy wait, up to the 5 s busy timeout.
    expect(Math.max(...latencies)).toBeLessThan(500);
    expect((await svc.call('GET', '/api/incidents')).body.total).toBe(2);
  });

  it('answers a write that cannot get the lock in time with a conflict to retry, and stores nothing', async () => {
    other.exec('BEGIN IMMEDIATE');
    try {
      const res = await svc.call('POST', '/api/incidents', minimalIncident({ title: 'never written' }));
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('retry');
    } finally {
      other.exec('COMMIT');
    }
    expect((await svc.call('GET', '/api/incidents?search=never')).body.total).toBe(0);
  }, 20_000);
});
