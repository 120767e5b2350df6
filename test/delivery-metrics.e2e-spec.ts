import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { minimalDeployment, minimalIncident, prodEnvironment, PROD_ENV } from './support/fixtures.js';
import { connectInProcess, type McpSession } from './support/mcp.js';
import { SettableClock, startService, type RunningService } from './support/service.js';

/**
 * DORA delivery metrics on a scripted week with known answers. "Now" is Thursday 2025-03-20
 * 12:00 UTC, so a 7-day window runs from Friday 2025-03-14 00:00.
 *
 * prod:    D0 ran 03-10 (outside the window); D1 commit 06:00, planned 08:00, ran 09:00–10:00 on 03-14;
 *          D2 planned 03-15 08:00, ran 03-16 08:00–10:00, then named by incident I2; D3 failed 03-17;
 *          D4 planned and ran 03-18 08:00–10:00, rolled back 11:00; D5 still in progress since 03-19.
 * staging: S1 planned 03-20 08:00, completed 11:00.
 * incidents: I1 prod critical 03-13 10:00 → 03-14 01:00 (15h; opened before the window);
 *            I2 prod high 03-16 11:00 → 13:00, names D2; I3 staging medium 03-18 12:00 → 12:30;
 *            I4 prod low 03-19 12:00, unresolved; I5 prod critical 03-20 10:00 → 10:40.
 */

const NOW = '2025-03-20T12:00:00.000Z';
const HOUR = 3_600;

describe('delivery metrics', () => {
  const clock = new SettableClock();
  let svc: RunningService;
  let mcp: McpSession;
  const ids: Record<string, string> = {};

  const at = async <T>(iso: string, work: () => Promise<T>): Promise<T> => {
    clock.set(iso);
    return work();
  };
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await svc.call(method, path, body);
    expect({ path, status: res.status < 300, body: res.status < 300 ? null : res.body }).toEqual({ path, status: true, body: null });
    return res.body;
  };
  const plan = async (name: string, when: string, extra: Record<string, unknown> = {}, environment = PROD_ENV) => {
    ids[name] = (
      await at(when, () => ok('POST', '/api/deployments', minimalDeployment({ environment_id: environment, version: name, ...extra })))
    ).id;
  };
  const act = (name: string, when: string, action: string, body: unknown = {}) =>
    at(when, () => ok('POST', `/api/deployments/${ids[name]}/${action}`, body));
  const incident = async (name: string, when: string, fields: Record<string, unknown>) => {
    ids[name] = (await at(when, () => ok('POST', '/api/incidents', minimalIncident(fields)))).id;
  };
  const resolve = (name: string, when: string) => at(when, () => ok('PUT', `/api/incidents/${ids[name]}`, { status: 'resolved' }));
  const metrics = async (query: string) => {
    const res = await svc.call('GET', `/api/delivery-metrics${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    svc = await startService({ clock });
    await at('2025-03-01T00:00:00Z', async () => {
      await ok('POST', '/api/environments', prodEnvironment());
      await ok('POST', '/api/environments', { name: 'staging-1', environment_type: 'staging' });
    });
    await plan('D0', '2025-03-10T08:00:00Z');
    await act('D0', '2025-03-10T09:00:00Z', 'execute');
    await act('D0', '2025-03-10T10:00:00Z', 'complete');
    await incident('I1', '2025-03-13T10:00:00Z', { severity: 'critical', environment_id: PROD_ENV });
    await resolve('I1', '2025-03-14T01:00:00Z');
    await plan('D1', '2025-03-14T08:00:00Z', { commit_at: '2025-03-14T06:00:00Z' });
    await act('D1', '2025-03-14T09:00:00Z', 'execute');
    await act('D1', '2025-03-14T10:00:00Z', 'complete');
    await plan('D2', '2025-03-15T08:00:00Z');
    await act('D2', '2025-03-16T08:00:00Z', 'execute');
    await act('D2', '2025-03-16T10:00:00Z', 'complete');
    await incident('I2', '2025-03-16T11:00:00Z', { severity: 'high', environment_id: PROD_ENV, deployment_id: ids.D2 });
    await resolve('I2', '2025-03-16T13:00:00Z');
    await plan('D3', '2025-03-17T08:00:00Z');
    await act('D3', '2025-03-17T09:00:00Z', 'execute');
    await act('D3', '2025-03-17T09:30:00Z', 'fail', { reason: 'pods crash-looped' });
    await plan('D4', '2025-03-18T08:00:00Z');
    await act('D4', '2025-03-18T09:00:00Z', 'execute');
    await act('D4', '2025-03-18T10:00:00Z', 'complete');
    await act('D4', '2025-03-18T11:00:00Z', 'rollback', { reason: 'error rate' });
    await incident('I3', '2025-03-18T12:00:00Z', { severity: 'medium', environment_id: 'staging-1' });
    await resolve('I3', '2025-03-18T12:30:00Z');
    await plan('D5', '2025-03-19T08:00:00Z');
    await act('D5', '2025-03-19T09:00:00Z', 'execute');
    await incident('I4', '2025-03-19T12:00:00Z', { severity: 'low', environment_id: PROD_ENV });
    await plan('S1', '2025-03-20T08:00:00Z', {}, 'staging-1');
    await act('S1', '2025-03-20T09:00:00Z', 'execute');
    await act('S1', '2025-03-20T11:00:00Z', 'complete');
    await incident('I5', '2025-03-20T10:00:00Z', { severity: 'critical', environment_id: PROD_ENV });
    await resolve('I5', '2025-03-20T10:40:00Z');
    clock.set(NOW);
    mcp = await connectInProcess(svc, 'delivery-e2e', { toolsets: ['delivery', 'deployments'] });
  });

  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
  });

  it('all environments over 7 days: each metric, its band and the counts behind it', async () => {
    const m = await metrics('?days=7');
    expect(m.window).toEqual({ since: '2025-03-14T00:00:00.000Z', until: NOW, days: 7 });
    expect(m.environment_id).toBeNull();
    expect(m.bucket).toBe('day');
    // D1, D2, D4 (completed, then rolled back) and S1 reached production; D0 ran before the window.
    expect(m.deployment_frequency).toEqual({ band: 'high', deployments: 4, per_day: 0.571, per_week: 4 });
    // D4 2h, S1 3h (from planning), D1 4h (from its commit), D2 26h.
    expect(m.lead_time).toEqual({
      band: 'elite',
      count: 4,
      median_seconds: 3.5 * HOUR,
      p90_seconds: 26 * HOUR,
      from_commit: 1,
      from_planned: 3,
    });
    // Ended: D1, D2, D3, D4, S1; failures: D3 failed, D4 rolled back, D2 named by I2.
    expect(m.change_failure_rate).toEqual({
      band: 'low',
      rate: 0.6,
      finished: 5,
      failures: 3,
      failed: 1,
      rolled_back: 1,
      completed_with_incident: 1,
      in_progress: 1,
    });
    // Resolved in the window: I3 30m, I5 40m, I2 2h, I1 15h (opened before the window).
    expect(m.time_to_restore).toEqual({ band: 'high', count: 4, median_seconds: 4_800, p90_seconds: 15 * HOUR, unresolved: 1 });
  });

  it('one environment, by id or by name, counts only its deployments and incidents', async () => {
    const byName = await metrics(`?days=7&environment_id=${PROD_ENV}`);
    const environments = (await svc.call('GET', '/api/environments')).body.items as Array<{ id: string; name: string }>;
    const prodId = environments.find((e) => e.name === PROD_ENV)!.id;
    expect(byName.environment_id).toBe(prodId);
    expect(await metrics(`?days=7&environment_id=${prodId}`)).toEqual(byName);
    expect(byName.deployment_frequency).toEqual({ band: 'high', deployments: 3, per_day: 0.429, per_week: 3 });
    expect(byName.lead_time).toMatchObject({ band: 'elite', count: 3, median_seconds: 4 * HOUR, p90_seconds: 26 * HOUR });
    expect(byName.change_failure_rate).toMatchObject({ band: 'low', rate: 0.75, finished: 4, failures: 3, in_progress: 1 });
    expect(byName.time_to_restore).toEqual({ band: 'high', count: 3, median_seconds: 2 * HOUR, p90_seconds: 15 * HOUR, unresolved: 1 });

    const staging = await metrics('?days=7&environment_id=staging-1');
    expect(staging.deployment_frequency).toMatchObject({ deployments: 1 });
    expect(staging.change_failure_rate).toMatchObject({ band: 'elite', rate: 0, finished: 1, failures: 0 });
    expect(staging.time_to_restore).toMatchObject({ band: 'elite', count: 1, median_seconds: 1_800 });
  });

  it('series by day: deployment outcomes and incidents by severity, one point per day, empty days included', async () => {
    const { series } = await metrics(`?days=7&environment_id=${PROD_ENV}`);
    expect(series.map((p: { start: string }) => p.start)).toEqual([
      '2025-03-14',
      '2025-03-15',
      '2025-03-16',
      '2025-03-17',
      '2025-03-18',
      '2025-03-19',
      '2025-03-20',
    ]);
    const compact = series.map((p: any) => [
      p.deployments,
      p.outcomes.succeeded,
      p.outcomes.failed,
      p.outcomes.rolled_back,
      p.change_failures,
      p.lead_time_median_seconds,
      p.incidents.critical,
      p.incidents.high,
      p.incidents.medium,
      p.incidents.low,
    ]);
    expect(compact).toEqual([
      [1, 1, 0, 0, 0, 4 * HOUR, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, null, 0, 0, 0, 0],
      [1, 1, 0, 0, 1, 26 * HOUR, 0, 1, 0, 0],
      [0, 0, 1, 0, 1, null, 0, 0, 0, 0],
      [1, 0, 0, 1, 1, 2 * HOUR, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, null, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, null, 1, 0, 0, 0],
    ]);
  });

  it('series by ISO week (from Monday); longer windows default to weeks', async () => {
    const weekly = await metrics('?days=7&bucket=week');
    expect(weekly.bucket).toBe('week');
    expect(weekly.series.map((p: any) => [p.start, p.deployments, p.outcomes, p.incidents])).toEqual([
      ['2025-03-10', 2, { succeeded: 2, failed: 0, rolled_back: 0 }, { critical: 0, high: 1, medium: 0, low: 0 }],
      ['2025-03-17', 2, { succeeded: 1, failed: 1, rolled_back: 1 }, { critical: 1, high: 0, medium: 1, low: 1 }],
    ]);
    const long = await metrics('?days=90');
    expect(long.bucket).toBe('week');
    expect(long.window.since).toBe('2024-12-21T00:00:00.000Z');
    expect(long.series[0].start).toBe('2024-12-16');
    expect(long.series).toHaveLength(14);
  });

  it('window bounds: a day before or after the window edge moves a deployment in or out', async () => {
    // 1 day: today only (S1 ran at 09:00; I5 resolved at 10:40).
    const today = await metrics('?days=1');
    expect(today.window.since).toBe('2025-03-20T00:00:00.000Z');
    expect(today.deployment_frequency).toEqual({ band: 'elite', deployments: 1, per_day: 1, per_week: 7 });
    expect(today.time_to_restore).toMatchObject({ band: 'elite', count: 1, median_seconds: 2_400 });
    // 10 days start 03-11: D0 (03-10) is still out; 11 days start 03-10: D0 is in.
    expect((await metrics('?days=10')).deployment_frequency.deployments).toBe(4);
    expect((await metrics('?days=11')).deployment_frequency.deployments).toBe(5);
    // I1 was opened on 03-13: it is in the 8-day series, not in the 7-day one.
    const eight = await metrics(`?days=8&environment_id=${PROD_ENV}`);
    expect(eight.series[0]).toMatchObject({ start: '2025-03-13', incidents: { critical: 1 } });
  });

  it('an empty environment measures nothing rather than inventing numbers', async () => {
    await at(NOW, () => ok('POST', '/api/environments', { name: 'quiet', environment_type: 'testing' }));
    const m = await metrics('?environment_id=quiet');
    expect(m.window.days).toBe(30);
    expect(m.deployment_frequency).toEqual({ band: 'low', deployments: 0, per_day: 0, per_week: 0 });
    expect(m.lead_time).toMatchObject({ band: null, count: 0, median_seconds: null });
    expect(m.change_failure_rate).toMatchObject({ band: null, rate: null, finished: 0 });
    expect(m.time_to_restore).toMatchObject({ band: null, count: 0, median_seconds: null });
    expect(m.series).toHaveLength(30);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?days=0', 'days'],
      ['?days=366', 'days'],
      ['?days=seven', 'days'],
      ['?days=2.5', 'days'],
      ['?bucket=month', 'bucket'],
      ['?environment_id=nowhere', 'environment_id'],
      ['?since=2025-01-01T00:00:00Z', 'since'],
    ] as const) {
      const res = await svc.call('GET', `/api/delivery-metrics${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it('MCP get_delivery_metrics answers what REST does, with a one-line summary and the series as a table', async () => {
    const rest = await metrics(`?days=7&environment_id=${PROD_ENV}&bucket=week`);
    const result = await mcp.call('get_delivery_metrics', { environment_id: PROD_ENV, days: 7, bucket: 'week' });
    const text = (result.content[0] as { text: string }).text.split('\n')[0];
    expect(text).toContain('change failure rate 75% (3/4) low');
    const data = await mcp.ok('get_delivery_metrics', { environment_id: PROD_ENV, days: 7, bucket: 'week' });
    const { series, ...rest4 } = rest;
    const { series: rows, series_columns: columns, ...mcp4 } = data;
    expect(mcp4).toEqual(rest4);
    expect(rows.map((row: unknown[]) => Object.fromEntries(columns.map((c: string, i: number) => [c, row[i]])))).toEqual(
      series.map((p: any) => ({
        start: p.start,
        deployments: p.deployments,
        ...p.outcomes,
        change_failures: p.change_failures,
        lead_time_median_seconds: p.lead_time_median_seconds,
        ...p.incidents,
      })),
    );
    for (const args of [{ days: 0 }, { days: 400 }, { bucket: 'month' }, { environment_id: 'nowhere' }]) {
      const refused = await mcp.fail('get_delivery_metrics', args);
      expect(refused).toMatch(Object.keys(args)[0]!);
    }
  });

  it('the delivery toolset is opt-in: not among the default tools', async () => {
    const defaults = await connectInProcess(svc, 'default-tools');
    try {
      const names = (await defaults.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('create_deployment');
      expect(names).not.toContain('get_delivery_metrics');
    } finally {
      await defaults.close();
    }
  });

  describe('commit_at on deployments', () => {
    it('is kept and shown; lead time is measured from it', async () => {
      const d = await at(NOW, () => ok('POST', '/api/deployments', minimalDeployment({ commit_at: '2025-03-20T13:00:00+02:00' })));
      expect(d.commit_at).toBe('2025-03-20T11:00:00.000Z');
      expect((await ok('GET', `/api/deployments/${d.id}`)).commit_at).toBe('2025-03-20T11:00:00.000Z');
      expect((await ok('POST', '/api/deployments', minimalDeployment())).commit_at).toBeNull();
    });

    it('may be up to five minutes ahead of the clock (skew), not more', async () => {
      clock.set(NOW);
      const skewed = await svc.call('POST', '/api/deployments', minimalDeployment({ commit_at: '2025-03-20T12:04:59Z' }));
      expect(skewed.status).toBe(201);
      const future = await svc.call('POST', '/api/deployments', minimalDeployment({ commit_at: '2025-03-20T12:05:01Z' }));
      expect(future.status).toBe(400);
      expect(future.body.fields).toEqual([{ field: 'commit_at', messages: [expect.stringContaining('must not be in the future')] }]);
      const garbled = await svc.call('POST', '/api/deployments', minimalDeployment({ commit_at: 'yesterday' }));
      expect(garbled.status).toBe(400);
      expect(garbled.body.fields[0].field).toBe('commit_at');
    });

    it('create_deployment over MCP takes it too, with the same rule', async () => {
      clock.set(NOW);
      const made = await mcp.ok('create_deployment', { ...minimalDeployment(), commit_at: '2025-03-20T10:00:00Z' });
      expect(made.commit_at).toBe('2025-03-20T10:00:00.000Z');
      expect(await mcp.fail('create_deployment', { ...minimalDeployment(), commit_at: '2025-03-21T10:00:00Z' })).toMatch(
        /commit_at.*must not be in the future/,
      );
    });
  });

  it('time to restore: p90 is the nearest rank, the median of an even count the mean of the middle two', async () => {
    await at(NOW, () => ok('POST', '/api/environments', { name: 'ranked', environment_type: 'testing' }));
    // Twelve incidents taking 1 to 12 minutes: median 6.5 minutes, p90 the 11th (ceil(0.9 × 12)).
    for (let k = 1; k <= 12; k++) {
      const opened = new Date(Date.parse('2025-03-20T00:00:00Z') + k * 600_000).toISOString();
      await incident(`R${k}`, opened, { environment_id: 'ranked' });
      await resolve(`R${k}`, new Date(Date.parse(opened) + k * 60_000).toISOString());
    }
    clock.set(NOW);
    const m = await metrics('?days=1&environment_id=ranked');
    expect(m.time_to_restore).toEqual({ band: 'elite', count: 12, median_seconds: 390, p90_seconds: 660, unresolved: 0 });
  });
});
