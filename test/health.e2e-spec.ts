import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options.js';
import { EnvironmentEntity } from '../apps/api/src/environments/environment.entity.js';
import { InitialSchema1764201600000 } from '../apps/api/src/database/migrations/1764201600000-initial-schema.js';
import { HealthRetentionService } from '../apps/api/src/health/health-retention.service.js';
import { DETAILED, connectInProcess, type McpSession } from './support/mcp.js';
import { startHealthTarget, waitFor, type HealthTarget } from './support/health-target.js';
import { refusedUrl } from './support/loopback.js';
import { SettableClock, databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';
import { openSse } from './support/sse.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The clock moved by `ms` from `iso`. */
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('health checks against real local servers', () => {
  let svc: RunningService;
  let target: HealthTarget;

  const environment = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await svc.call('POST', '/api/environments', { name, environment_type: 'staging', url: target.url, ...extra });
    expect([name, res.status]).toEqual([name, 201]);
    return res.body;
  };
  const checkNow = (id: string) => svc.call('POST', `/api/environments/${id}/check`);

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService();
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  it('judges a healthy answer healthy, with its real response time', async () => {
    const env = await environment('healthy-env', { health_check: { target: '/ok' } });
    const res = await checkNow(env.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment_id: env.id,
      status: 'healthy',
      status_code: 200,
      error_kind: null,
      error_message: null,
      url: `${target.url}/ok`,
      trigger: 'manual',
      deployment_id: null,
    });
    expect(res.body.response_time_ms).toBeGreaterThanOrEqual(0);
    expect(res.body.response_time_ms).toBeLessThan(5_000);
    expect(target.seen('/ok')).toHaveLength(1);
  });

  it('judges an answer slower than the threshold a warning, measured, not assumed', async () => {
    const env = await environment('slow-env', { health_check: { target: '/slow?ms=300', slow_threshold_ms: 100 } });
    const res = await checkNow(env.id);
    expect(res.body).toMatchObject({ status: 'warning', status_code: 200, error_kind: null });
    // The server held the answer for 300 ms; timers may fire a little early, never much.
    expect(res.body.response_time_ms).toBeGreaterThanOrEqual(280);
    expect(res.body.error_message).toContain('slower than the 100 ms threshold');
  });

  it('judges a 5xx critical and another status a warning', async () => {
    const broken = await environment('500-env', { health_check: { target: '/status/500' } });
    expect((await checkNow(broken.id)).body).toMatchObject({
      status: 'critical',
      status_code: 500,
      error_kind: 'unexpected_status',
      error_message: 'answered 500, expected 200',
    });
    const missing = await environment('404-env', { health_check: { target: '/status/404' } });
    expect((await checkNow(missing.id)).body).toMatchObject({ status: 'warning', status_code: 404, error_kind: 'unexpected_status' });
  });

  it('does not follow a redirect: a 3xx is a warning unless it is the expected status', async () => {
    const env = await environment('redirect-env', { health_check: { target: '/redirect' } });
    const before = target.seen('/ok').length;
    const res = await checkNow(env.id);
    expect(res.body).toMatchObject({
      status: 'warning',
      status_code: 302,
      error_kind: 'unexpected_status',
      error_message: 'answered 302 (redirect to /ok), expected 200',
    });
    expect(target.seen('/ok')).toHaveLength(before);
    await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { expected_status: 302 } });
    expect((await checkNow(env.id)).body).toMatchObject({ status: 'healthy', status_code: 302 });
  });

  it('judges a refused connection critical', async () => {
    const env = await environment('refused-env', { url: await refusedUrl() });
    const res = await checkNow(env.id);
    expect(res.body).toMatchObject({ status: 'critical', status_code: null, response_time_ms: null, error_kind: 'refused' });
    expect(res.body.error_message).toContain('connection refused');
  });

  it('judges a server that never answers critical once the timeout passes', async () => {
    const env = await environment('hang-env', { health_check: { target: '/hang', timeout_ms: 300 } });
    const started = Date.now();
    const res = await checkNow(env.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body).toMatchObject({
      status: 'critical',
      status_code: null,
      response_time_ms: null,
      error_kind: 'timeout',
      error_message: 'no answer within 300 ms',
    });
  });

  it('never runs two checks of one environment at once: a second "check now" gets the first one\'s result', async () => {
    const env = await environment('busy-env', { health_check: { target: '/slow?ms=300&busy' } });
    const [a, b] = await Promise.all([checkNow(env.id), checkNow(env.name)]);
    expect(a.body.id).toBe(b.body.id);
    expect(target.seen('/slow?ms=300&busy')).toHaveLength(1);
  });

  it('refuses to check an environment with nowhere to check, or one that does not exist', async () => {
    const env = await environment('no-url-env', { url: null });
    const res = await checkNow(env.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('has nowhere to check');
    expect((await checkNow('nope')).status).toBe(404);
  });

  it('keeps the history newest first, filtered and paged', async () => {
    const env = await environment('history-env', { health_check: { target: '/switch/history' } });
    for (const status of [200, 500, 200, 503]) {
      target.setStatus('history', status);
      await checkNow(env.name);
    }
    const all = (await svc.call('GET', `/api/environments/${env.name}/checks`)).body;
    expect(all.total).toBe(4);
    expect(all.items.map((c: { status_code: number }) => c.status_code)).toEqual([503, 200, 500, 200]);
    const critical = (await svc.call('GET', `/api/environments/${env.id}/checks?status=critical`)).body;
    expect(critical.items.map((c: { status_code: number }) => c.status_code)).toEqual([503, 500]);

    const first = (await svc.call('GET', `/api/environments/${env.id}/checks?limit=3`)).body;
    expect(first).toMatchObject({ limit: 3, has_more: true });
    const second = (await svc.call('GET', `/api/environments/${env.id}/checks?limit=3&cursor=${first.next_cursor}`)).body;
    expect([...first.items, ...second.items].map((c: { id: number }) => c.id)).toEqual(all.items.map((c: { id: number }) => c.id));
    expect(second).toMatchObject({ has_more: false, next_cursor: null });

    expect((await svc.call('GET', `/api/environments/${env.id}/checks?status=unknown`)).status).toBe(400);
    expect((await svc.call('GET', `/api/environments/${env.id}/checks?since=yesterday`)).status).toBe(400);
    expect((await svc.call('GET', '/api/environments/nope/checks')).status).toBe(404);
  });

  describe('reported metrics', () => {
    it('refuses values out of range, of the wrong type, or none at all, with 400 naming the field', async () => {
      const env = await environment('metrics-env');
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ cpu_usage: 101 }, 'cpu_usage'],
        [{ memory_usage: -0.5 }, 'memory_usage'],
        [{ disk_usage: '50' }, 'disk_usage'],
        [{ network_latency: -1 }, 'network_latency'],
        [{ cpu_usage: null }, 'cpu_usage'],
        [{ cpu_usage: 10, gpu_usage: 5 }, 'gpu_usage'],
        [{}, 'cpu_usage'],
      ];
      for (const [body, field] of bad) {
        const res = await svc.call('POST', `/api/environments/${env.id}/metrics`, body);
        expect([body, res.status]).toEqual([body, 400]);
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect((await svc.call('POST', '/api/environments/nope/metrics', { cpu_usage: 1 })).status).toBe(404);
      const none = (await svc.call('GET', `/api/system-health?environment_id=${env.id}&include_details=true`)).body;
      expect(none.system_health.detailed_metrics.environments).toEqual([]);
    });

    it('shows the latest report as reported, leaving out what was not reported', async () => {
      const env = await environment('reporting-env');
      expect(
        (
          await svc.call('POST', `/api/environments/${env.name}/metrics`, {
            cpu_usage: 10,
            memory_usage: 20,
            disk_usage: 30,
            network_latency: 4,
          })
        ).status,
      ).toBe(201);
      const res = await svc.call('POST', `/api/environments/${env.name}/metrics`, { cpu_usage: 42.5, network_latency: 0 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ environment_id: env.id, cpu_usage: 42.5, network_latency: 0, reported_at: expect.any(String) });
      const details = (await svc.call('GET', `/api/system-health?environment_id=${env.id}&include_details=true`)).body.system_health
        .detailed_metrics;
      expect(details.environments).toEqual([res.body]);
      expect((await svc.call('GET', `/api/environments/${env.id}/status`)).body.reported_metrics).toEqual(res.body);
    });
  });

  it("answers system health in the guide's shape from real results", async () => {
    const res = await svc.call('GET', '/api/system-health?include_details=true');
    expect(res.status).toBe(200);
    const { summary, environments, recent_checks, detailed_metrics } = res.body.system_health;
    const statusOf = (name: string) => environments.find((e: { name: string }) => e.name === name).status;
    expect(statusOf('healthy-env')).toBe('healthy');
    expect(statusOf('slow-env')).toBe('warning');
    expect(statusOf('500-env')).toBe('critical');
    expect(statusOf('no-url-env')).toBe('unknown');
    expect(statusOf('metrics-env')).toBe('unknown');
    const counted = (status: string) => environments.filter((e: { status: string }) => e.status === status).length;
    expect(summary).toEqual({
      total_environments: environments.length,
      healthy_environments: counted('healthy'),
      warning_environments: counted('warning'),
      critical_environments: counted('critical'),
      unknown_environments: counted('unknown'),
      last_check: recent_checks[0].checked_at,
      by_environment_type: expect.any(Object),
    });
    expect(summary.healthy_environments + summary.warning_environments + summary.critical_environments).toBe(recent_checks.length);
    const slow = recent_checks.find(
      (c: { environment_id: string }) =>
        c.environment_id === environments.find((e: { name: string }) => e.name === 'slow-env').environment_id,
    );
    expect(slow).toEqual({
      environment_id: expect.any(String),
      status: 'warning',
      response_time: expect.any(Number),
      checked_at: expect.any(String),
    });
    expect(slow.response_time).toBeGreaterThanOrEqual(280);
    const sorted = [...recent_checks].sort((a, b) => (a.checked_at < b.checked_at ? 1 : -1));
    expect(recent_checks.map((c: { checked_at: string }) => c.checked_at)).toEqual(sorted.map((c) => c.checked_at));

    // detailed_metrics: this host, measured; no scheduler in this process (checks off in tests).
    expect(detailed_metrics.health_checks).toBeUndefined();
    const host = detailed_metrics.host;
    expect(host.cpu.cores).toBeGreaterThan(0);
    expect(host.cpu.process_usage_percent).toBeGreaterThanOrEqual(0);
    expect(host.memory.host_used_percent).toBeGreaterThan(0);
    expect(host.memory.host_used_percent).toBeLessThanOrEqual(100);
    expect(host.disk.total_bytes).toBeGreaterThan(0);
    expect(host.disk.used_percent).toBeGreaterThanOrEqual(0);
    expect(host.event_loop.utilization_percent).toBeGreaterThanOrEqual(0);
    expect(host.window_seconds).toBeGreaterThanOrEqual(0.2);
    expect(res.body.system_health.detailed_metrics).toBeDefined();
    expect((await svc.call('GET', '/api/system-health')).body.system_health.detailed_metrics).toBeUndefined();
  });

  it('shows disabled checks as unknown, and maintenance as its real status', async () => {
    const env = await environment('paused-env', { health_check: { target: '/status/500' } });
    await checkNow(env.id);
    await svc.call('PATCH', `/api/environments/${env.id}`, { status: 'maintenance' });
    const status = async () => (await svc.call('GET', `/api/system-health?environment_id=${env.id}`)).body.system_health.environments[0];
    expect(await status()).toMatchObject({ status: 'critical', environment_status: 'maintenance' });
    await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { enabled: false } });
    expect(await status()).toMatchObject({ status: 'unknown' });
    expect((await svc.call('GET', `/api/environments/${env.id}/status`)).body.health.status).toBe('unknown');
  });

  it('reports one environment with its latest check, uptime and response times', async () => {
    const res = await svc.call('GET', '/api/environments/history-env/status');
    expect(res.status).toBe(200);
    expect(res.body.health).toMatchObject({
      status: 'critical',
      consecutive_critical: 1,
      latest_check: { status: 'critical', status_code: 503, trigger: 'manual' },
      uptime: { '24h': 50, '7d': 50, '30d': 50 },
      response_time_ms: { window_hours: 24, count: 4 },
    });
    const times = res.body.health.response_time_ms;
    expect(times.min).toBeLessThanOrEqual(times.p50);
    expect(times.p50).toBeLessThanOrEqual(times.p95);
    expect(times.p95).toBeLessThanOrEqual(times.p99);
    expect(times.p99).toBeLessThanOrEqual(times.max);
    expect(res.body.reported_metrics).toBeNull();
  });

  describe('over MCP', () => {
    let mcp: McpSession;
    beforeAll(async () => {
      mcp = await connectInProcess(svc);
    });
    afterAll(async () => mcp.close());

    it('checks an environment now, like REST', async () => {
      target.setStatus('mcp', 502);
      const env = await environment('mcp-env', { health_check: { target: '/switch/mcp' } });
      const check = await mcp.ok('check_environment_now', { environment_id: 'mcp-env' });
      expect(check).toMatchObject({
        environment_id: env.id,
        status: 'critical',
        status_code: 502,
        error_kind: 'unexpected_status',
        trigger: 'manual',
      });
      const page = await mcp.ok('list_health_checks', { ...DETAILED, environment_id: 'mcp-env', status: 'critical' });
      expect(page).toMatchObject({ total: 1, has_more: false });
      expect(page.checks).toEqual((await svc.call('GET', `/api/environments/${env.id}/checks?status=critical`)).body.items);
      expect(await mcp.fail('check_environment_now', { environment_id: 'no-url-env' })).toContain('has nowhere to check');
      expect(await mcp.fail('list_health_checks', { ...DETAILED, environment_id: 'mcp-env', status: 'unknown' })).toBeTruthy();
    });

    it('records reported metrics and refuses the same bad values as REST', async () => {
      const reported = await mcp.ok('report_environment_metrics', { environment_id: 'mcp-env', memory_usage: 63.2, disk_usage: 71 });
      expect(reported).toEqual({
        environment_id: expect.stringMatching(/^env-/),
        memory_usage: 63.2,
        disk_usage: 71,
        reported_at: expect.any(String),
      });
      expect(await mcp.fail('report_environment_metrics', { environment_id: 'mcp-env', cpu_usage: 150 })).toContain('cpu_usage');
      expect(await mcp.fail('report_environment_metrics', { environment_id: 'mcp-env' })).toContain('at least one metric');
      const health = await mcp.ok('get_system_health', { environment_id: 'mcp-env', include_details: true });
      expect(health.system_health.detailed_metrics.environments).toEqual([reported]);
      const status = await mcp.ok('get_environment_status', { ...DETAILED, environment_id: 'mcp-env' });
      expect(status).toEqual((await svc.call('GET', '/api/environments/mcp-env/status')).body);
    });
  });
});

describe('uptime and retention over known results', () => {
  let svc: RunningService;
  let target: HealthTarget;
  const NOW = '2025-03-01T12:00:00.000Z';
  const clock = new SettableClock(NOW);
  let envId: string;

  /** `count` checks a minute apart from `start`, answering `status`. */
  const checks = async (start: string, count: number, status: number) => {
    target.setStatus('uptime', status);
    for (let i = 0; i < count; i++) {
      clock.set(at(start, i * 60_000));
      expect((await svc.call('POST', `/api/environments/${envId}/check`)).status).toBe(200);
    }
  };
  const status = async () => (await svc.call('GET', `/api/environments/${envId}/status`)).body.health;
  const hourly = async () => svc.app.get(DataSource).query('SELECT * FROM health_check_hourly ORDER BY hour');

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ clock });
    envId = (
      await svc.call('POST', '/api/environments', {
        name: 'uptime-env',
        environment_type: 'production',
        url: target.url,
        health_check: { target: '/switch/uptime' },
      })
    ).body.id;
    await checks(at(NOW, -40 * DAY), 4, 500);
    await checks(at(NOW, -20 * DAY), 5, 200);
    await checks(at(NOW, -3 * DAY), 10, 500);
    await checks(at(NOW, -HOUR), 7, 200);
    await checks(at(NOW, -HOUR + 7 * 60_000), 3, 503);
    clock.set(NOW);
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  it('counts the share of checks that were not critical over 24 h, 7 d and 30 d', async () => {
    const health = await status();
    // 24 h: 7 of 10; 7 d: 7 of 20; 30 d: 12 of 25; the checks 40 days ago count nowhere.
    expect(health.uptime).toEqual({ '24h': 70, '7d': 35, '30d': 48 });
    expect(health.response_time_ms.count).toBe(10);
    expect(health.consecutive_critical).toBe(3);
    expect((await svc.call('GET', `/api/environments/${envId}/checks`)).body.total).toBe(29);
  });

  it('counts every check into hourly rows as it is stored, then deletes stored checks past retention and old hourly rows', async () => {
    // One row per environment and hour with checks, written with the checks themselves.
    const before = await hourly();
    expect(before.map((r: { checks: number }) => Number(r.checks))).toEqual([4, 5, 10, 10]);
    expect(before[0]).toMatchObject({
      environment_id: envId,
      hour: '2025-01-20T12:00:00.000Z',
      healthy: 0,
      warning: 0,
      critical: 4,
      responses: 4,
    });
    expect(before[1]).toMatchObject({ environment_id: envId, hour: '2025-02-09T12:00:00.000Z', healthy: 5, critical: 0, responses: 5 });
    for (const row of before) {
      expect(Number(row.response_time_min)).toBeLessThanOrEqual(Number(row.response_time_p50));
      expect(Number(row.response_time_p50)).toBeLessThanOrEqual(Number(row.response_time_p95));
      expect(Number(row.response_time_p95)).toBeLessThanOrEqual(Number(row.response_time_max));
    }

    const report = await svc.app.get(HealthRetentionService).prune();
    expect(report).toEqual({ checks_deleted: 9, aggregates_deleted: 0, metrics_deleted: 0 });
    // Stored checks of the last 7 days stay; the hourly rows are all still there.
    expect((await svc.call('GET', `/api/environments/${envId}/checks`)).body.total).toBe(20);
    expect(await hourly()).toEqual(before);
    expect((await status()).uptime).toEqual({ '24h': 70, '7d': 35, '30d': 48 });
    // Nothing more to do on a second pass.
    expect(await svc.app.get(HealthRetentionService).prune()).toEqual({ checks_deleted: 0, aggregates_deleted: 0, metrics_deleted: 0 });

    // 100 days on, everything is older than both retentions.
    clock.set(at(NOW, 100 * DAY));
    const later = await svc.app.get(HealthRetentionService).prune();
    expect(later).toMatchObject({ checks_deleted: 20, aggregates_deleted: 4 });
    expect(await hourly()).toEqual([]);
    expect((await status()).uptime).toEqual({ '24h': null, '7d': null, '30d': null });
    // The environment's current health is not history: it stays as the latest check left it.
    expect((await status()).status).toBe('critical');
  });
});

describe('incidents from failing checks, and checks after deployments', () => {
  let svc: RunningService;
  let target: HealthTarget;
  const T0 = '2025-04-01T09:00:00.000Z';
  const clock = new SettableClock(T0);
  /** Every call gets its own minute, so orders and windows are deterministic. */
  const tick = () => clock.set(at(clock.now(), 60_000));

  const environment = async (name: string, extra: Record<string, unknown> = {}) => {
    tick();
    const res = await svc.call('POST', '/api/environments', {
      name,
      environment_type: 'production',
      url: target.url,
      health_check: { target: `/switch/${name}` },
      ...extra,
    });
    expect([name, res.status]).toEqual([name, 201]);
    return res.body;
  };
  const checkNow = async (id: string, times = 1) => {
    let last;
    for (let i = 0; i < times; i++) {
      tick();
      last = await svc.call('POST', `/api/environments/${id}/check`);
      expect(last.status).toBe(200);
    }
    return last!.body;
  };
  const incidentsOf = async (envId: string) =>
    (await svc.call('GET', `/api/incidents?environment_id=${envId}&sort_by=created_asc`)).body.items;
  const incident = async (id: string) => (await svc.call('GET', `/api/incidents/${id}`)).body;
  const deploy = async (envId: string, extra: Record<string, unknown> = {}) => {
    tick();
    const d = (
      await svc.call('POST', '/api/deployments', {
        title: 'release',
        environment_id: envId,
        version: 'v1.1.0',
        deployment_type: 'rolling',
        rollback_version: 'v1.0.0',
        ...extra,
      })
    ).body;
    tick();
    await svc.call('POST', `/api/deployments/${d.id}/execute`);
    tick();
    expect((await svc.call('POST', `/api/deployments/${d.id}/complete`)).status).toBe(200);
    return d;
  };
  const timelineEntry = (deploymentId: string, kind: string) =>
    waitFor(async () =>
      (await svc.call('GET', `/api/deployments/${deploymentId}`)).body.timeline.find((e: { kind: string }) => e.kind === kind),
    );

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ clock });
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  it('checks an environment right after a deployment completes and records it on the deployment', async () => {
    const env = await environment('checkout-prod', { current_version: 'v1.0.0' });
    const d = await deploy(env.id, { deployment_config: { health_check_url: '/switch/checkout-prod' } });
    const entry = await timelineEntry(d.id, 'health_check');
    expect(entry).toMatchObject({
      source: 'system',
      data: { status: 'healthy', status_code: 200, url: `${target.url}/switch/checkout-prod` },
    });
    expect(entry.message).toMatch(/^Health check after deployment: healthy, 200 in \d+ ms/);
    const checks = (await svc.call('GET', `/api/environments/${env.id}/checks?trigger=deployment`)).body.items;
    expect(checks).toEqual([expect.objectContaining({ deployment_id: d.id, status: 'healthy', trigger: 'deployment' })]);
  });

  it('records a failing post-deployment check against the deployment, at its own health_check_url', async () => {
    const env = await environment('post-deploy-env', { environment_type: 'staging' });
    const d = await deploy(env.id, { deployment_config: { health_check_url: '/status/502' } });
    const entry = await timelineEntry(d.id, 'health_check');
    expect(entry.message).toBe(`Health check after deployment: critical: answered 502, expected 200 (${target.url}/status/502)`);
    expect(entry.data).toMatchObject({ status: 'critical', status_code: 502, error_kind: 'unexpected_status' });
  });

  it('says on the deployment when its health_check_url cannot be checked, and stays silent when nothing asked for a check', async () => {
    const noUrl = await environment('no-url-prod', { url: null, health_check: undefined });
    const asked = await deploy(noUrl.id, { deployment_config: { health_check_url: '/health' } });
    expect((await timelineEntry(asked.id, 'health_check')).message).toContain(
      'health_check_url /health is a path and no-url-prod has no url',
    );
    const notAsked = await deploy(noUrl.id);
    // Give a stray check time to appear: none may.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await svc.call('GET', `/api/deployments/${notAsked.id}`)).body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'executed',
      'completed',
    ]);
  });

  it('opens one incident after N critical checks, linking the suspect deployment and naming its rollback version; notes the recovery', async () => {
    const env = (await svc.call('GET', '/api/environments/checkout-prod')).body;
    const d = (await svc.call('GET', `/api/deployments?environment_id=${env.id}`)).body.items[0];
    const events = await openSse(`${svc.baseUrl}/api/events`);
    target.setStatus('checkout-prod', 503);
    await checkNow(env.id, 2);
    expect(await incidentsOf(env.id)).toEqual([]);

    const third = await checkNow(env.id);
    expect(third.status).toBe('critical');
    const opened = await incidentsOf(env.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      incident_type: 'deployment',
      severity: 'critical',
      status: 'open',
      environment_id: env.id,
      deployment_id: d.id,
      title: 'checkout-prod failing health checks after deploying v1.1.0',
      tags: ['health-check', 'auto-opened'],
    });
    expect(opened[0].description).toContain('failed 3 health checks in a row');
    expect(opened[0].description).toContain(`Suspected cause: deployment ${d.id}`);
    expect(opened[0].description).toContain('Rollback version: v1.0.0');
    expect((await incident(opened[0].id)).timeline[0]).toMatchObject({ kind: 'created', source: 'system' });

    // Still failing: the same outage, no second incident and no extra notes.
    await checkNow(env.id, 2);
    expect(await incidentsOf(env.id)).toHaveLength(1);
    expect((await incident(opened[0].id)).timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    expect((await svc.call('GET', `/api/environments/${env.id}/status`)).body.health).toMatchObject({
      status: 'critical',
      consecutive_critical: 5,
    });

    // Recovery: a note for the people on it; the incident stays theirs to resolve.
    target.setStatus('checkout-prod', 200);
    expect((await checkNow(env.id)).status).toBe('healthy');
    const recovered = await incident(opened[0].id);
    expect(recovered.status).toBe('open');
    expect(recovered.timeline.map((e: { kind: string; source: string }) => [e.kind, e.source])).toEqual([
      ['created', 'system'],
      ['note', 'system'],
    ]);
    expect(recovered.timeline[1].message).toMatch(
      /^Health checks recovered after \d+ min of failures: checkout-prod is healthy, 200 in \d+ ms/,
    );
    expect(recovered.timeline[1].message).toContain('stays open');

    // The state changes went out on the event stream: healthy → critical → healthy.
    const changes: string[] = [];
    while (changes.length < 2) {
      const event = JSON.parse((await events.next()).data);
      if (event.entity === 'health' && event.entity_id === env.id) changes.push(event.action);
    }
    expect(changes).toEqual(['health_changed', 'health_changed']);
    events.close();
  });

  it('adds a flapping outage to the open incident, and opens a new one only once the earlier was resolved', async () => {
    const env = (await svc.call('GET', '/api/environments/checkout-prod')).body;
    const [first] = await incidentsOf(env.id);
    target.setStatus('checkout-prod', 500);
    await checkNow(env.id, 3);
    expect(await incidentsOf(env.id)).toHaveLength(1);
    expect((await incident(first.id)).timeline.at(-1).message).toMatch(
      /^Critical again: checkout-prod failed 3 health checks in a row since /,
    );

    // A person resolves it while checks still fail: the same outage gets no new incident.
    tick();
    await svc.call('PUT', `/api/incidents/${first.id}`, { status: 'resolved', resolution_notes: 'rolled forward' });
    await checkNow(env.id, 2);
    expect(await incidentsOf(env.id)).toHaveLength(1);

    // A new outage, long after the deployment: an outage incident, the deployment still named as the last one.
    target.setStatus('checkout-prod', 200);
    await checkNow(env.id);
    clock.set(at(clock.now(), 2 * HOUR));
    target.setStatus('checkout-prod', 500);
    await checkNow(env.id, 3);
    const all = await incidentsOf(env.id);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({
      incident_type: 'outage',
      severity: 'critical',
      status: 'open',
      title: 'checkout-prod failing health checks',
    });
  });

  it('raises nothing in maintenance, but raises a failure that outlasts it', async () => {
    const env = await environment('maint-prod', { status: 'maintenance' });
    target.setStatus('maint-prod', 500);
    await checkNow(env.id, 4);
    expect(await incidentsOf(env.id)).toEqual([]);
    const health = (await svc.call('GET', `/api/system-health?environment_id=${env.id}`)).body.system_health.environments[0];
    expect(health).toMatchObject({ status: 'critical', environment_status: 'maintenance' });

    tick();
    await svc.call('PATCH', `/api/environments/${env.id}`, { status: 'active' });
    await checkNow(env.id);
    const [opened] = await incidentsOf(env.id);
    expect(opened).toMatchObject({ incident_type: 'outage', severity: 'critical', deployment_id: null });
    expect(opened.description).toContain('failed 5 health checks in a row');
    expect(opened.description).toContain('No deployment to this environment is on record.');
  });

  it('follows the environment type and its settings: off by default outside production, severity by type, own threshold', async () => {
    const staging = await environment('stage-api', { environment_type: 'staging' });
    expect(staging.health_check).toMatchObject({ auto_incident_enabled: false, critical_threshold: 3 });
    target.setStatus('stage-api', 500);
    await checkNow(staging.id, 3);
    expect(await incidentsOf(staging.id)).toEqual([]);

    tick();
    const changed = (
      await svc.call('PATCH', `/api/environments/${staging.id}`, { health_check: { auto_incident_enabled: true, critical_threshold: 5 } })
    ).body;
    expect(changed.health_check).toMatchObject({ auto_incident_enabled: true, critical_threshold: 5 });
    await checkNow(staging.id);
    expect(await incidentsOf(staging.id)).toEqual([]);
    await checkNow(staging.id);
    expect((await incidentsOf(staging.id))[0]).toMatchObject({ severity: 'high', incident_type: 'outage' });

    const dev = await environment('dev-api', {
      environment_type: 'development',
      health_check: { target: '/switch/dev-api', auto_incident_enabled: true, critical_threshold: 1 },
    });
    target.setStatus('dev-api', 500);
    await checkNow(dev.id);
    expect((await incidentsOf(dev.id))[0]).toMatchObject({ severity: 'medium' });

    const quiet = await environment('quiet-prod', { health_check: { target: '/switch/quiet-prod', auto_incident_enabled: false } });
    expect(quiet.health_check.auto_incident_enabled).toBe(false);
    target.setStatus('quiet-prod', 500);
    await checkNow(quiet.id, 3);
    expect(await incidentsOf(quiet.id)).toEqual([]);
    expect((await svc.call('PATCH', `/api/environments/${quiet.id}`, { health_check: { critical_threshold: 0 } })).status).toBe(400);
  });

  it('adds the outage to an incident a person already opened instead of opening another', async () => {
    const env = await environment('manual-prod');
    tick();
    const manual = (
      await svc.call('POST', '/api/incidents', {
        title: 'Users report errors',
        severity: 'high',
        incident_type: 'outage',
        environment_id: env.id,
      })
    ).body;
    target.setStatus('manual-prod', 500);
    await checkNow(env.id, 3);
    expect((await incidentsOf(env.id)).map((i: { id: string }) => i.id)).toEqual([manual.id]);
    expect((await incident(manual.id)).timeline.at(-1)).toMatchObject({
      kind: 'note',
      source: 'system',
      message: expect.stringContaining('Health checks linked to this incident'),
    });
  });
});

describe('upgrading a database made before the health engine', () => {
  it('migrates existing environments: auto-incidents follow the type, threshold 3', async () => {
    const db = tempDatabasePath();
    const config = loadConfig({ ...(await databaseEnv(db.path)), LOG_LEVEL: 'error' });
    const before = new DataSource({
      ...dataSourceOptions(config.database),
      entities: [EnvironmentEntity],
      migrations: [InitialSchema1764201600000],
      migrationsRun: false,
    } as never);
    await before.initialize();
    await before.runMigrations();
    const row = (id: string, name: string, environment_type: string) => ({
      id,
      name,
      environment_type,
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
      current_version: 'v1',
      previous_version: null,
      revision: 1,
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    });
    // Only the columns the first schema had, converted by the entity (booleans differ between SQLite and PostgreSQL).
    const oldColumns = Object.keys(row('', '', ''));
    await before
      .createQueryBuilder()
      .insert()
      .into(EnvironmentEntity, oldColumns)
      .values([row('env-old-prod', 'old-prod', 'production'), row('env-old-dev', 'old-dev', 'development')] as never)
      // The entity has columns the first schema lacked: nothing may be read back after the insert.
      .updateEntity(false)
      .execute();
    await before.destroy();

    const svc = await startService({ dbPath: db.path });
    try {
      expect((await svc.call('GET', '/api/environments/old-prod')).body.health_check).toMatchObject({
        auto_incident_enabled: true,
        critical_threshold: 3,
        enabled: true,
      });
      expect((await svc.call('GET', '/api/environments/old-dev')).body.health_check).toMatchObject({
        auto_incident_enabled: false,
        critical_threshold: 3,
      });
      expect((await svc.call('GET', '/api/environments/old-prod/status')).body.health.status).toBe('unknown');
    } finally {
      await svc.close();
      db.cleanup();
    }
  });
});
