import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options.js';
import { MIGRATIONS } from '../apps/api/src/database/migrations/index.js';
import { HealthStorage1765497600000 } from '../apps/api/src/database/migrations/1765497600000-health-storage.js';
import { EnvironmentEntity } from '../apps/api/src/environments/environment.entity.js';
import { HealthCheckScheduler } from '../apps/api/src/health/health-check.scheduler.js';
import { HealthCheckRunner } from '../apps/api/src/health/health-check.runner.js';
import { startHealthTarget, waitFor, type HealthTarget } from './support/health-target.js';
import { databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';

/**
 * Health storage at scale: scheduled checks are stored as a sample, while the hourly rows count
 * every check exactly (also when two instances write to one database); every change of status is
 * stored; a database from before keeps its checks and gains their hourly counts.
 */

interface HourlyRow {
  environment_id: string;
  checks: number | string;
  healthy: number | string;
  warning: number | string;
  critical: number | string;
  responses: number | string;
  response_time_min: number | string | null;
  response_time_max: number | string | null;
  response_time_p50: number | string | null;
  response_time_p95: number | string | null;
}

const sql = async <T>(svc: RunningService, text: string): Promise<T[]> => (await svc.app.get(DataSource).query(text)) as T[];
const sum = (rows: HourlyRow[], field: keyof HourlyRow) => rows.reduce((total, r) => total + Number(r[field]), 0);
/** A list of statuses with repeats folded: the changes. */
const changes = (statuses: string[]) => statuses.filter((s, i) => i === 0 || s !== statuses[i - 1]);

describe('scheduled checks: a sample stored, every check counted', () => {
  let svc: RunningService;
  let target: HealthTarget;
  const ENVIRONMENTS = 12;
  const ids: string[] = [];
  const checksOf = (i: number) => target.requests.filter((r) => r.path === `/switch/store-${i}` && r.endedAt !== null).length;

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { HEALTH_CHECKS_ENABLED: 'true' } });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
  });

  it('stores each change of status and a sample, while hourly counts match the checks the target answered', async () => {
    for (let i = 0; i < ENVIRONMENTS; i++) {
      const res = await svc.call('POST', '/api/environments', {
        name: `store-${i}`,
        environment_type: 'staging',
        url: target.url,
        health_check: { interval_seconds: 5, target: `/switch/store-${i}` },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // Healthy for two checks each, then half of them fail for two checks, then recover for one.
    await waitFor(() => ids.every((_, i) => checksOf(i) >= 2), 20_000, 100);
    const failing = ids.map((_, i) => i).filter((i) => i % 2 === 0);
    const before = new Map(failing.map((i) => [i, checksOf(i)]));
    for (const i of failing) target.setStatus(`store-${i}`, 503);
    await waitFor(() => failing.every((i) => checksOf(i) >= before.get(i)! + 2), 20_000, 100);
    const after = new Map(failing.map((i) => [i, checksOf(i)]));
    for (const i of failing) target.setStatus(`store-${i}`, 200);
    await waitFor(() => failing.every((i) => checksOf(i) >= after.get(i)! + 1), 20_000, 100);

    // Stop scheduling; let the checks under way be answered and stored.
    await svc.app.get(HealthCheckScheduler).onModuleDestroy();
    await waitFor(() => svc.app.get(HealthCheckRunner).running === 0, 10_000, 50);

    const hourly = await sql<HourlyRow>(svc, 'SELECT * FROM health_check_hourly');
    let checked = 0;
    let stored = 0;
    for (const [i, id] of ids.entries()) {
      const answered = checksOf(i);
      checked += answered;
      const rows = hourly.filter((r) => r.environment_id === id);
      // Every check answered is counted once, kept raw or not.
      expect([`store-${i}`, sum(rows, 'checks')]).toEqual([`store-${i}`, answered]);
      expect(sum(rows, 'responses')).toBe(answered);
      const list = await svc.call('GET', `/api/environments/${id}/checks?limit=200`);
      const statuses = (list.body.items as Array<{ status: string; url: string; id: number }>).reverse();
      stored += statuses.length;
      // The URL comes back though it is stored once, and every check listed has its own id.
      expect(new Set(statuses.map((c) => c.url))).toEqual(new Set([`${target.url}/switch/store-${i}`]));
      expect(statuses.every((c) => c.id > 0)).toBe(true);
      // Every change of status is stored, in order.
      expect(changes(statuses.map((c) => c.status))).toEqual(i % 2 === 0 ? ['healthy', 'critical', 'healthy'] : ['healthy']);
      if (i % 2 === 0) {
        expect(sum(rows, 'critical')).toBe(after.get(i)! - before.get(i)!);
        expect(sum(rows, 'healthy')).toBe(answered - sum(rows, 'critical'));
      }
      for (const row of rows) {
        expect(Number(row.response_time_min)).toBeLessThanOrEqual(Number(row.response_time_p50));
        expect(Number(row.response_time_p50)).toBeLessThanOrEqual(Number(row.response_time_p95));
        expect(Number(row.response_time_p95)).toBeLessThanOrEqual(Number(row.response_time_max));
      }
      const status = (await svc.call('GET', `/api/environments/${id}/status`)).body.health;
      expect(status).toMatchObject({ status: 'healthy', consecutive_critical: 0 });
      expect(status.response_time_ms.count).toBe(answered);
    }
    // Fewer rows than checks: healthy checks are kept once per sample period (10 minutes by default).
    expect(stored).toBeLessThan(checked);
    expect(checked).toBeGreaterThanOrEqual(ENVIRONMENTS * 3);
  }, 90_000);
});

describe('incidents from a sampled streak', () => {
  let svc: RunningService;
  let target: HealthTarget;

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { HEALTH_CHECKS_ENABLED: 'true' } });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
  });

  it('opens one incident at the threshold from the streak it counts itself, and stores the check that opened it', async () => {
    target.setStatus('streak', 503);
    const env = (
      await svc.call('POST', '/api/environments', {
        name: 'streak-prod',
        environment_type: 'production',
        url: target.url,
        health_check: { interval_seconds: 5, target: '/switch/streak' },
      })
    ).body;
    const incidents = async () => (await svc.call('GET', `/api/incidents?environment_id=${env.id}`)).body.items;
    const [incident] = await waitFor(async () => {
      const found = await incidents();
      return found.length > 0 ? found : null;
    }, 30_000);
    expect(incident.title).toBe('streak-prod failing health checks');
    expect(incident.description).toContain('failed 3 health checks in a row');
    // Two checks stored of the three: the first (a change of status) and the one that opened the incident.
    const stored = (await svc.call('GET', `/api/environments/${env.id}/checks`)).body.items;
    expect(stored.map((c: { status: string }) => c.status)).toEqual(['critical', 'critical']);
    const health = (await svc.call('GET', `/api/environments/${env.id}/status`)).body.health;
    expect(health.consecutive_critical).toBeGreaterThanOrEqual(3);
    // Later failing checks are counted, and raise nothing more.
    await waitFor(
      async () => ((await svc.call('GET', `/api/environments/${env.id}/status`)).body.health.consecutive_critical >= 5 ? true : null),
      20_000,
    );
    expect(await incidents()).toHaveLength(1);
    const rows = await sql<HourlyRow>(svc, `SELECT * FROM health_check_hourly WHERE environment_id = '${env.id}'`);
    expect(sum(rows, 'critical')).toBeGreaterThanOrEqual(5);
    expect((await svc.call('GET', `/api/environments/${env.id}/checks`)).body.total).toBeLessThan(sum(rows, 'critical'));
  }, 60_000);
});

describe('two instances on one database', () => {
  let a: RunningService;
  let b: RunningService;
  let target: HealthTarget;
  let db: { path: string; cleanup: () => void };

  beforeAll(async () => {
    target = await startHealthTarget();
    db = tempDatabasePath();
    a = await startService({ dbPath: db.path });
    b = await startService({ dbPath: db.path });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await target?.close();
    db?.cleanup();
  });

  it('adds both instances’ checks into the same hourly row', async () => {
    const env = (
      await a.call('POST', '/api/environments', {
        name: 'shared',
        environment_type: 'staging',
        url: target.url,
        health_check: { target: '/slow?ms=5' },
      })
    ).body;
    // Each round, both instances check at once.
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all([a, b].map((svc) => svc.call('POST', `/api/environments/${env.id}/check`)));
      expect(answers.map((res) => res.status)).toEqual([200, 200]);
    }
    const answered = target.seen('/slow').length;
    expect(answered).toBeGreaterThanOrEqual(8);
    const rows = await sql<HourlyRow>(b, `SELECT * FROM health_check_hourly WHERE environment_id = '${env.id}'`);
    expect(sum(rows, 'checks')).toBe(answered);
    expect(sum(rows, 'healthy')).toBe(answered);
    // Checks asked for are always stored.
    expect((await a.call('GET', `/api/environments/${env.id}/checks`)).body.total).toBe(answered);
  });
});

describe('upgrading a database with stored checks', () => {
  it('keeps every check with its URL and counts them into hourly rows, adding to hours rolled up before', async () => {
    const db = tempDatabasePath();
    const config = loadConfig({ ...(await databaseEnv(db.path)), LOG_LEVEL: 'error' });
    const before = new DataSource({
      ...dataSourceOptions(config.database),
      entities: [EnvironmentEntity],
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(HealthStorage1765497600000)),
      migrationsRun: false,
    } as never);
    await before.initialize();
    await before.runMigrations();
    // The columns of the first schema; the later ones have defaults.
    const environment = {
      id: 'env-upgraded',
      name: 'upgraded',
      environment_type: 'staging',
      description: '',
      url: 'http://127.0.0.1:9',
      status: 'active',
      tags: [],
      health_check_target: null,
      health_check_expected_status: 200,
      health_check_timeout_ms: 5000,
      health_check_interval_seconds: 30,
      health_check_slow_ms: 1000,
      health_check_enabled: true,
      deploy_hook_url: null,
      current_version: null,
      previous_version: null,
      revision: 1,
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    };
    await before
      .createQueryBuilder()
      .insert()
      .into(EnvironmentEntity, Object.keys(environment))
      .values(environment as never)
      .execute();
    const p = (i: number) => before.driver.createParameter(`p${i}`, i);
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000).toISOString();
    const at = (minutes: number) => new Date(Date.parse(hour) + minutes * 60_000).toISOString();
    const old: Array<[string, number | null, string, string | null]> = [
      ['healthy', 8, 'http://127.0.0.1:9/health', null],
      ['healthy', 18, 'http://127.0.0.1:9/health', null],
      ['critical', null, 'http://127.0.0.1:9/health', 'connection refused'],
      ['healthy', 40, 'http://127.0.0.1:9/after-deploy', 'leftover text'],
    ];
    for (const [i, [status, ms, url, error]] of old.entries()) {
      await before.query(
        `INSERT INTO health_checks (environment_id, status, status_code, response_time_ms, error_kind, error_message, url, "trigger", checked_at)
         VALUES (${[0, 1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')})`,
        [
          'env-upgraded',
          status,
          ms === null ? null : 200,
          ms,
          error && status !== 'healthy' ? 'refused' : null,
          error,
          url,
          'scheduled',
          at(i * 5),
        ],
      );
    }
    // An hour rolled up by the older retention, with exact percentiles, and a late check of it still raw.
    const earlier = new Date(Date.parse(hour) - 3_600_000).toISOString();
    await before.query(
      `INSERT INTO health_check_hourly (environment_id, hour, checks, healthy, warning, critical, responses, response_time_sum,
         response_time_min, response_time_max, response_time_p50, response_time_p95)
       VALUES ('env-upgraded', ${p(0)}, 10, 10, 0, 0, 10, 100, 5, 20, 9, 19)`,
      [earlier],
    );
    await before.query(
      `INSERT INTO health_checks (environment_id, status, status_code, response_time_ms, url, "trigger", checked_at)
       VALUES ('env-upgraded', 'healthy', 200, 30, 'http://127.0.0.1:9/health', 'scheduled', ${p(0)})`,
      [new Date(Date.parse(earlier) + 60_000).toISOString()],
    );
    await before.destroy();

    const svc = await startService({ dbPath: db.path });
    try {
      const list = (await svc.call('GET', '/api/environments/env-upgraded/checks')).body;
      expect(list.total).toBe(5);
      expect(list.items.map((c: { url: string }) => c.url)).toEqual([
        'http://127.0.0.1:9/after-deploy',
        'http://127.0.0.1:9/health',
        'http://127.0.0.1:9/health',
        'http://127.0.0.1:9/health',
        'http://127.0.0.1:9/health',
      ]);
      // Error text is kept on failing checks only.
      expect(list.items.map((c: { error_message: string | null }) => c.error_message)).toEqual([
        null,
        'connection refused',
        null,
        null,
        null,
      ]);
      const rows = await sql<HourlyRow & { hour: string }>(svc, `SELECT * FROM health_check_hourly ORDER BY hour`);
      expect(rows).toHaveLength(2);
      // The hour rolled up before gains its late check; its exact percentiles stay.
      expect(rows[0]).toMatchObject({ hour: earlier });
      expect([rows[0]!.checks, rows[0]!.responses, rows[0]!.response_time_max, rows[0]!.response_time_p50].map(Number)).toEqual([
        11, 11, 30, 9,
      ]);
      expect(rows[1]).toMatchObject({ hour });
      expect(
        [
          rows[1]!.checks,
          rows[1]!.healthy,
          rows[1]!.critical,
          rows[1]!.responses,
          rows[1]!.response_time_min,
          rows[1]!.response_time_max,
        ].map(Number),
      ).toEqual([4, 3, 1, 3, 8, 40]);
      // p50 of 8, 18, 40: the bucket of 18 (15–20 ms) answers 20; p95 falls in 40's (30–50), capped at the max.
      expect([rows[1]!.response_time_p50, rows[1]!.response_time_p95].map(Number)).toEqual([20, 40]);
      // Uptime over 24 h reads the hourly rows: 14 of 15 checks were not critical.
      expect((await svc.call('GET', '/api/environments/env-upgraded/status')).body.health.uptime['24h']).toBeCloseTo((14 / 15) * 100, 2);
    } finally {
      await svc.close();
      db.cleanup();
    }
  });
});
