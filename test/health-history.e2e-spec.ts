import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { HealthCheckHourlyEntity } from '../apps/api/src/health/health-check-hourly.entity.js';
import { HealthRetentionService } from '../apps/api/src/health/health-retention.service.js';
import { bucketOf, histogramPercentile, RESPONSE_TIME_BOUNDS_MS } from '../apps/api/src/health/response-time-histogram.js';
import { startHealthTarget, type HealthTarget } from './support/health-target.js';
import { refusedUrl } from './support/loopback.js';
import { SettableClock, startService, type RunningService } from './support/service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = '2025-03-01T12:30:00.000Z';
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;

interface Check {
  status: string;
  response_time_ms: number | null;
  checked_at: string;
}

/**
 * What a bucket must say, worked out from the checks the service lists: exact counts, mean and
 * maximum; percentiles by nearest rank, exact from raw checks or, from an hourly row, as the
 * hour's response-time histogram gives them (`histogram`).
 */
function expectedBucket(checks: Check[], histogram: boolean) {
  const times = checks
    .map((c) => c.response_time_ms)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const counts = new Array<number>(RESPONSE_TIME_BOUNDS_MS.length + 1).fill(0);
  for (const t of times) counts[bucketOf(t)]! += 1;
  const rank = (p: number) =>
    histogram
      ? histogramPercentile(counts, p, times[0] ?? null, times.at(-1) ?? null)
      : times.length
        ? times[Math.max(0, Math.ceil(p * times.length) - 1)]
        : null;
  return {
    checks: checks.length,
    healthy: checks.filter((c) => c.status === 'healthy').length,
    warning: checks.filter((c) => c.status === 'warning').length,
    critical: checks.filter((c) => c.status === 'critical').length,
    response_time_ms: {
      avg: times.length ? Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10 : null,
      p50: rank(0.5),
      p95: rank(0.95),
      max: times.at(-1) ?? null,
    },
  };
}

describe('health history per hour, from real checks', () => {
  let svc: RunningService;
  let target: HealthTarget;
  const clock = new SettableClock(NOW);
  let envId: string;
  let quietId: string;
  let downId: string;

  const history = (id: string, query = '') => svc.call('GET', `/api/environments/${id}/health-history${query}`);
  /** Checks a minute apart from `start`, the target answering each status in turn. */
  const checks = async (id: string, start: string, statuses: number[]) => {
    for (const [i, status] of statuses.entries()) {
      target.setStatus('history', status);
      clock.set(at(start, i * MINUTE));
      expect((await svc.call('POST', `/api/environments/${id}/check`)).status).toBe(200);
    }
  };
  const listed = async (id: string): Promise<Check[]> =>
    (await svc.call('GET', `/api/environments/${id}/checks?limit=100`)).body.items as Check[];

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ clock, env: { HEALTH_RAW_RETENTION_DAYS: '1' } });
    const create = async (name: string, url: string, path: string) => {
      const res = await svc.call('POST', '/api/environments', {
        name,
        environment_type: 'production',
        url,
        health_check: { target: path, enabled: false, auto_incident_enabled: false },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    envId = await create('history-env', target.url, '/switch/history');
    quietId = await create('history-quiet', target.url, '/ok');
    downId = await create('history-down', await refusedUrl(), '/ok');
    await checks(envId, at(NOW, -3 * 24 * HOUR), [500, 200, 200, 503, 200]);
    await checks(envId, at(NOW, -30 * HOUR), [200, 404]);
    await checks(envId, at(NOW, -3 * HOUR - 20 * MINUTE), [200, 200, 200, 200]);
    await checks(envId, '2025-03-01T12:01:00.000Z', [200, 404, 503]);
    await checks(downId, '2025-03-01T11:10:00.000Z', [0]);
    clock.set(NOW);
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  it('gives 24 hourly buckets with the counts and response times of the checks in each', async () => {
    const res = await history(envId);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ environment_id: envId, window: '24h', bucket_minutes: 60, from: '2025-02-28T13:00:00.000Z', to: NOW });
    expect(body.buckets).toHaveLength(24);
    expect(body.buckets[0].start).toBe('2025-02-28T13:00:00.000Z');
    expect(body.buckets.at(-1).start).toBe('2025-03-01T12:00:00.000Z');

    const all = await listed(envId);
    const byHour = new Map<string, Check[]>();
    for (const check of all) byHour.set(hourOf(check.checked_at), [...(byHour.get(hourOf(check.checked_at)) ?? []), check]);
    for (const bucket of body.buckets) {
      const inHour = byHour.get(bucket.start) ?? [];
      // Every check is counted into its hour's row as it is stored, so each hour reads from that row.
      expect({ start: bucket.start, ...bucket }).toEqual({ start: bucket.start, ...expectedBucket(inHour, true) });
    }
    const current = body.buckets.at(-1);
    expect(current).toMatchObject({ checks: 3, healthy: 1, warning: 1, critical: 1 });
    expect(body.buckets.find((b: { start: string }) => b.start === '2025-03-01T09:00:00.000Z')).toMatchObject({ checks: 4, healthy: 4 });
    // The checks 30 h and 3 days ago are outside the last 24 hours.
    expect(body.buckets.reduce((sum: number, b: { checks: number }) => sum + b.checks, 0)).toBe(7);
    for (const b of body.buckets.filter((x: { checks: number }) => x.checks > 0)) {
      expect(b.response_time_ms.p50).toBeLessThanOrEqual(b.response_time_ms.p95);
      expect(b.response_time_ms.p95).toBeLessThanOrEqual(b.response_time_ms.max);
    }
  });

  it('gives 168 buckets over 7 days, the older checks included', async () => {
    const res = await history(envId, '?window=7d');
    expect(res.status).toBe(200);
    expect(res.body.window).toBe('7d');
    expect(res.body.buckets).toHaveLength(168);
    expect(res.body.from).toBe('2025-02-22T13:00:00.000Z');
    const total = (s: string) => res.body.buckets.reduce((sum: number, b: Record<string, number>) => sum + b[s]!, 0);
    expect([total('checks'), total('healthy'), total('warning'), total('critical')]).toEqual([14, 9, 2, 3]);
    expect(res.body.buckets.find((b: { start: string }) => b.start === hourOf(at(NOW, -3 * 24 * HOUR)))).toMatchObject({
      checks: 5,
      healthy: 3,
      critical: 2,
    });
  });

  it('reads the same history once older checks are rolled into hourly rows', async () => {
    const before = (await history(envId, '?window=7d')).body;
    const report = await svc.app.get(HealthRetentionService).prune();
    // The checks 3 days and 30 hours ago are older than the one day of raw retention.
    expect(report.checks_deleted).toBe(7);
    expect((await listed(envId)).length).toBe(7);
    expect((await history(envId, '?window=7d')).body).toEqual(before);
  });

  it('takes an hour with an hourly row from that row, and an hour without one from its raw checks', async () => {
    const hourly = svc.app.get(DataSource).getRepository(HealthCheckHourlyEntity);
    // Raw checks may be a sample of the hour: its row counts every check (here 40, 3 of them kept raw).
    await hourly.update(
      { environment_id: envId, hour: '2025-03-01T12:00:00.000Z' },
      { checks: 40, healthy: 30, warning: 6, critical: 4, responses: 38, response_time_sum: 38 * 25, response_time_max: 900 },
    );
    // An hour stored before rows were kept up to date with every check has its raw checks only.
    await hourly.delete({ environment_id: envId, hour: '2025-03-01T09:00:00.000Z' });

    const buckets = (await history(envId)).body.buckets as Array<{ start: string }>;
    expect(buckets.at(-1)).toMatchObject({
      start: '2025-03-01T12:00:00.000Z',
      checks: 40,
      healthy: 30,
      warning: 6,
      critical: 4,
      response_time_ms: { avg: 25, max: 900 },
    });
    const raw = (await listed(envId)).filter((c) => hourOf(c.checked_at) === '2025-03-01T09:00:00.000Z');
    expect(raw).toHaveLength(4);
    expect(buckets.find((b) => b.start === '2025-03-01T09:00:00.000Z')).toEqual({
      start: '2025-03-01T09:00:00.000Z',
      ...expectedBucket(raw, false),
    });
  });

  it('shows a check without an answer as critical with no response time', async () => {
    const bucket = (await history(downId)).body.buckets.find((b: { start: string }) => b.start === '2025-03-01T11:00:00.000Z');
    expect(bucket).toEqual({
      start: '2025-03-01T11:00:00.000Z',
      checks: 1,
      healthy: 0,
      warning: 0,
      critical: 1,
      response_time_ms: { avg: null, p50: null, p95: null, max: null },
    });
  });

  it('gives empty buckets to an environment without checks, found by name too', async () => {
    const res = await history('history-quiet', '?window=7d');
    expect(res.status).toBe(200);
    expect(res.body.environment_id).toBe(quietId);
    expect(res.body.buckets).toHaveLength(168);
    expect(
      res.body.buckets.every((b: { checks: number; response_time_ms: { avg: null } }) => b.checks === 0 && b.response_time_ms.avg === null),
    ).toBe(true);
  });

  it('answers 404 for an unknown environment and 400 naming the parameter for bad input', async () => {
    const missing = await history('no-such-env');
    expect(missing.status).toBe(404);
    const window = await history(envId, '?window=30d');
    expect(window.status).toBe(400);
    expect(JSON.stringify(window.body)).toContain('window');
    const extra = await history(envId, '?bucket=5m');
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('bucket');
  });
});
