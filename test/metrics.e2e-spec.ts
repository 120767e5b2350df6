import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { startHealthTarget, type HealthTarget } from './support/health-target.js';
import { startService, type RunningService } from './support/service.js';

/** One sample of a scrape: `name{labels} value`, with the labels given in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value) && Object.keys(found).length === Object.keys(labels).length) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('GET /metrics (Prometheus)', () => {
  let svc: RunningService;
  let target: HealthTarget;
  const token = 'metrics-test-token-1234567890';
  const auth = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { ACCESS_TOKEN: token } });
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  const scrape = async () => {
    const res = await fetch(`${svc.baseUrl}/metrics`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('is protected like the API', async () => {
    expect((await fetch(`${svc.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${svc.baseUrl}/metrics`, { headers: auth })).status).toBe(200);
  });

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const created = await svc.call(
      'POST',
      '/api/incidents',
      { title: 'DB 연결 실패', severity: 'critical', incident_type: 'outage' },
      auth,
    );
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await svc.call('GET', `/api/incidents/${created.body.id}`, undefined, auth)).status).toBe(200);
    expect((await svc.call('GET', '/api/incidents/inc-missing', undefined, auth)).status).toBe(404);
    await svc.call('GET', '/api/incidents');
    await svc.call('GET', '/api/no-such-route?id=abc', undefined, auth);
    const text = await scrape();
    const count = (route: string, status: string, method = 'GET') =>
      sample(text, 'http_request_duration_seconds_count', { method, route, status_code: status });
    expect(count('/api/incidents/:id', '200')).toBe(3);
    expect(count('/api/incidents/:id', '404')).toBe(1);
    expect(count('/api/incidents', '201', 'POST')).toBe(1);
    expect(count('/api/incidents', '401')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(text).not.toContain(created.body.id);
    expect(text).not.toContain('no-such-route');
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/api/incidents/:id', status_code: '200', le: '+Inf' }),
    ).toBe(3);
  });

  it('reports open incidents by severity and deployments by status, as they are now', async () => {
    const before = await scrape();
    const openCritical = sample(before, 'workflow_incidents_open', { severity: 'critical' })!;
    expect(sample(before, 'workflow_incidents_open', { severity: 'low' })).toBe(0);
    const low = await svc.call('POST', '/api/incidents', { title: '로그 경고', severity: 'low', incident_type: 'performance' }, auth);
    await svc.call('POST', '/api/environments', { name: 'metrics-env', environment_type: 'staging' }, auth);
    const deployment = await svc.call(
      'POST',
      '/api/deployments',
      { title: 'v2', environment_id: 'metrics-env', version: '2.0.0', deployment_type: 'rolling' },
      auth,
    );
    expect(deployment.status).toBe(201);
    let text = await scrape();
    expect(sample(text, 'workflow_incidents_open', { severity: 'low' })).toBe(1);
    expect(sample(text, 'workflow_incidents_open', { severity: 'critical' })).toBe(openCritical);
    expect(sample(text, 'workflow_deployments', { status: 'planned' })).toBe(1);
    expect(sample(text, 'workflow_deployments', { status: 'in_progress' })).toBe(0);

    await svc.call('PATCH', `/api/incidents/${low.body.id}`, { status: 'resolved' }, auth);
    await svc.call('POST', `/api/deployments/${deployment.body.id}/execute`, {}, auth);
    text = await scrape();
    expect(sample(text, 'workflow_incidents_open', { severity: 'low' })).toBe(0);
    expect(sample(text, 'workflow_deployments', { status: 'planned' })).toBe(0);
    expect(sample(text, 'workflow_deployments', { status: 'in_progress' })).toBe(1);
  });

  it('counts health check results and their response time per environment', async () => {
    const env = await svc.call(
      'POST',
      '/api/environments',
      { name: 'metrics-checked', environment_type: 'testing', url: target.url, health_check: { target: '/ok' } },
      auth,
    );
    target.setStatus('down', 503);
    const down = await svc.call(
      'POST',
      '/api/environments',
      { name: 'metrics-down', environment_type: 'testing', url: target.url, health_check: { target: '/switch/down' } },
      auth,
    );
    for (const id of [env.body.id, env.body.id, down.body.id]) {
      expect((await svc.call('POST', `/api/environments/${id}/check`, {}, auth)).status).toBe(200);
    }
    const text = await scrape();
    expect(sample(text, 'workflow_health_checks_total', { environment_id: env.body.id, status: 'healthy' })).toBe(2);
    expect(sample(text, 'workflow_health_checks_total', { environment_id: down.body.id, status: 'critical' })).toBe(1);
    expect(sample(text, 'workflow_health_check_response_seconds_count', { environment_id: env.body.id })).toBe(2);
    expect(sample(text, 'workflow_health_check_response_seconds_sum', { environment_id: env.body.id })).toBeGreaterThan(0);
  });

  it('counts the clients following the event stream', async () => {
    expect(sample(await scrape(), 'workflow_event_stream_clients')).toBe(0);
    const stream = await new Promise<import('node:http').ClientRequest>((resolve, reject) => {
      const req = httpRequest(`${svc.baseUrl}/api/events?access_token=${token}`, (res) => {
        expect(res.statusCode).toBe(200);
        resolve(req);
      });
      req.on('error', reject);
      req.end();
    });
    try {
      expect(sample(await scrape(), 'workflow_event_stream_clients')).toBe(1);
    } finally {
      stream.destroy();
    }
  });
});
