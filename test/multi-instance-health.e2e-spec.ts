import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  bucketOf,
  HEALTH_CHECK_APPLICATION,
  HEALTH_CHECK_BUCKETS,
  HEALTH_CHECK_LEASE_MS,
  HEALTH_CHECK_LOCK_NAMESPACE,
} from '../apps/api/src/health/health-check-claims.js';
import { HealthRetentionService } from '../apps/api/src/health/health-retention.service.js';
import { startHealthTarget, waitFor, type HealthTarget } from './support/health-target.js';
import { MAIN_BUNDLE } from './support/bundle.js';
import { spawnInstance, type Instance } from './support/instances.js';
import { databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';

/**
 * Several instances of the built service on one PostgreSQL database (SPEC §11 "Scale-out"): each
 * environment is checked by one of them, a killed instance's environments are taken over within a
 * lease, and periodic jobs run on one instance at a time. PostgreSQL only (TEST_POSTGRES_URL).
 */
const POSTGRES = process.env.TEST_POSTGRES_URL;
const MAIN = MAIN_BUNDLE;
const INTERVAL_MS = 5_000;
const ENVIRONMENTS = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(POSTGRES ? describe : describe.skip)('several instances on one PostgreSQL database', () => {
  let target: HealthTarget;
  let db: { path: string; cleanup: () => void };
  let client: pg.Client;
  const instances: Instance[] = [];

  /** Buckets held, by the pid of the holding process (from its lock session's application_name). */
  const holders = async (): Promise<Map<number, number[]>> => {
    const { rows } = await client.query<{ app: string; bucket: number }>(
      `SELECT a.application_name AS app, l.objid::int AS bucket
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objsubid = 2 AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [HEALTH_CHECK_LOCK_NAMESPACE],
    );
    const byPid = new Map<number, number[]>();
    for (const row of rows) {
      const pid = Number(row.app.slice(HEALTH_CHECK_APPLICATION.length + 1).split('-')[0]);
      byPid.set(pid, [...(byPid.get(pid) ?? []), Number(row.bucket)]);
    }
    return byPid;
  };
  const settled = async (live: number) => {
    const byPid = await holders();
    const counts = [...byPid.values()].map((b) => b.length);
    const share = Math.ceil(HEALTH_CHECK_BUCKETS / live);
    return byPid.size === live && counts.reduce((a, b) => a + b, 0) === HEALTH_CHECK_BUCKETS && counts.every((c) => c <= share) && byPid;
  };
  const checksOf = (i: number, after = 0, before = Infinity) =>
    target.seen(`/ok?e=${i}&`).filter((r) => r.startedAt >= after && r.startedAt < before).length;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build:api first`);
    target = await startHealthTarget();
    db = tempDatabasePath();
    const env: Record<string, string> = { ...(await databaseEnv(db.path)), HEALTH_CHECKS_ENABLED: 'true', EVENTS_POLL_MS: '200' };
    client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    // One first (it migrates the new database), then two more at once.
    instances.push(await spawnInstance(env));
    instances.push(...(await Promise.all([spawnInstance(env), spawnInstance(env)])));
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
    await client?.end();
    await target?.close();
    db?.cleanup();
  });

  it('checks each environment once per interval across instances, and takes over a killed instance within a lease', async () => {
    const ids: string[] = [];
    for (let i = 0; i < ENVIRONMENTS; i++) {
      const res = await fetch(`${instances[i % instances.length]!.baseUrl}/api/environments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `multi-${i}`,
          environment_type: 'staging',
          url: target.url,
          health_check: { interval_seconds: INTERVAL_MS / 1000, target: `/ok?e=${i}&` },
        }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }

    // Every bucket held, each instance within its share (they balance within two leases of starting).
    // (Asserted after the counts below, so that a build without buckets fails on what it does wrong.)
    const balanced = await waitFor(() => settled(3), 3 * HEALTH_CHECK_LEASE_MS, 250);
    // Every environment checked at least once since, so each one's schedule is running.
    const since = performance.now();
    expect(await waitFor(() => ids.every((_, i) => checksOf(i, since) > 0), 2 * INTERVAL_MS, 100)).toBe(true);

    // Three intervals: about three checks of each environment, not three per instance.
    const from = performance.now();
    await sleep(3 * INTERVAL_MS);
    const to = performance.now();
    const perEnvironment = ids.map((_, i) => checksOf(i, from, to));
    for (const count of perEnvironment) {
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(4);
    }
    expect(balanced).toBeTruthy();
    // Counted once too: the hourly rows hold as many checks as the target saw requests (give or take
    // those under way), and only a sample of them is stored.
    const counted = await client.query<{ n: string }>(`SELECT COALESCE(SUM(checks), 0) AS n FROM health_check_hourly`);
    const stored = await client.query<{ n: string }>(`SELECT count(*) AS n FROM health_checks WHERE "trigger" = 'scheduled'`);
    const seen = ids.reduce((sum, _, i) => sum + checksOf(i), 0);
    expect(Math.abs(Number(counted.rows[0]!.n) - seen)).toBeLessThanOrEqual(ENVIRONMENTS);
    expect(Number(stored.rows[0]!.n)).toBeLessThan(Number(counted.rows[0]!.n));

    // kill -9 the instance holding the most buckets; the other two take its buckets within one lease.
    const byPid = (await holders())!;
    const [victimPid, victimBuckets] = [...byPid.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const victim = instances.find((x) => x.child.pid === victimPid)!;
    expect(victim).toBeDefined();
    const orphaned = ids.map((id, i) => ({ id, i })).filter(({ id }) => victimBuckets.includes(bucketOf(id)));
    const killedAt = performance.now();
    victim.child.kill('SIGKILL');
    expect(await waitFor(() => settled(2), HEALTH_CHECK_LEASE_MS + 2_000, 100)).toBeTruthy();
    const takenOverAt = performance.now();
    expect(takenOverAt - killedAt).toBeLessThanOrEqual(HEALTH_CHECK_LEASE_MS + 2_000);

    // Its environments are checked again within one lease and an interval of the kill ...
    expect(
      await waitFor(() => orphaned.every(({ i }) => checksOf(i, killedAt) > 0), HEALTH_CHECK_LEASE_MS + INTERVAL_MS + 2_000, 100),
    ).toBe(true);
    // ... and, from then on, every environment once per interval by the two that are left.
    const from2 = performance.now();
    await sleep(2 * INTERVAL_MS);
    const to2 = performance.now();
    for (const [i] of ids.entries()) {
      expect(checksOf(i, from2, to2)).toBeGreaterThanOrEqual(1);
      expect(checksOf(i, from2, to2)).toBeLessThanOrEqual(3);
    }
  }, 90_000);
});

(POSTGRES ? describe : describe.skip)('periodic jobs with several instances', () => {
  let a: RunningService;
  let b: RunningService;
  let db: { path: string; cleanup: () => void };

  beforeAll(async () => {
    db = tempDatabasePath();
    a = await startService({ dbPath: db.path });
    b = await startService({ dbPath: db.path });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    db?.cleanup();
  });

  it('deletes old stored checks once, keeping their hourly counts, when every instance runs retention at the same time', async () => {
    const environments: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await a.call('POST', '/api/environments', { name: `old-${i}`, environment_type: 'staging', url: 'http://127.0.0.1:9' });
      expect(res.status).toBe(201);
      environments.push(res.body.id);
    }
    // Sixty stored checks an hour for two hours, ten days ago (past the default seven days of raw results).
    const hour0 = Math.floor((Date.now() - 10 * 86_400_000) / 3_600_000) * 3_600_000;
    const client = new pg.Client({ connectionString: (await databaseEnv(db.path)).DATABASE_URL });
    await client.connect();
    try {
      const url = await client.query<{ id: number }>(
        `INSERT INTO health_check_urls (url) VALUES ('http://127.0.0.1:9') ON CONFLICT (url) DO UPDATE SET url = excluded.url RETURNING id`,
      );
      for (const id of environments) {
        for (let h = 0; h < 2; h++) {
          for (let m = 0; m < 60; m++) {
            const status = m % 10 === 0 ? 'critical' : 'healthy';
            await client.query(
              `INSERT INTO health_checks (environment_id, status, status_code, response_time_ms, url_id, "trigger", checked_at)
               VALUES ($1, $2, 200, $3, $4, 'scheduled', $5)`,
              [id, status, 10 + m, url.rows[0]!.id, new Date(hour0 + h * 3_600_000 + m * 60_000).toISOString()],
            );
          }
          await client.query(
            `INSERT INTO health_check_hourly (environment_id, hour, checks, healthy, warning, critical, responses, response_time_sum)
             VALUES ($1, $2, 60, 54, 0, 6, 60, 0)`,
            [id, new Date(hour0 + h * 3_600_000).toISOString()],
          );
        }
      }
      // Both instances' retention at once, then again.
      const reports = await Promise.all([a.app.get(HealthRetentionService).prune(), b.app.get(HealthRetentionService).prune()]);
      const again = await Promise.all([a.app.get(HealthRetentionService).prune(), b.app.get(HealthRetentionService).prune()]);
      expect(reports.reduce((sum, r) => sum + r.checks_deleted, 0)).toBe(3 * 2 * 60);
      expect(again.map((r) => r.checks_deleted)).toEqual([0, 0]);

      const raw = await client.query<{ n: string }>('SELECT count(*) AS n FROM health_checks');
      expect(Number(raw.rows[0]!.n)).toBe(0);
      const hourly = await client.query<{ environment_id: string; hour: string; checks: number; healthy: number; critical: number }>(
        'SELECT environment_id, hour, checks, healthy, critical FROM health_check_hourly ORDER BY environment_id, hour',
      );
      expect(hourly.rows).toHaveLength(3 * 2);
      for (const row of hourly.rows) {
        expect([row.checks, row.healthy, row.critical].map(Number)).toEqual([60, 54, 6]);
      }
    } finally {
      await client.end();
    }
  }, 60_000);
});
