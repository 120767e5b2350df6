import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { INCIDENT_STATUSES, SEVERITIES } from '../libs/domain/src/index.js';
import { ACCESS_TOKEN, PROD_ENV, WRONG_ACCESS_TOKEN, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { openSse } from './support/sse.js';
import { databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';

describe('access token', () => {
  const token = ACCESS_TOKEN;
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { ACCESS_TOKEN: token } });
  });
  afterAll(async () => svc.close());

  it('refuses API calls without the token with 401 and a message that says what to send', async () => {
    const res = await svc.call('GET', '/api/incidents');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized' });
    expect(res.body.message).toContain('Authorization: Bearer');
    expect((await svc.call('GET', '/api/incidents', undefined, { authorization: `Bearer ${WRONG_ACCESS_TOKEN}` })).status).toBe(401);
    expect((await svc.call('POST', '/api/environments', { name: 'x', environment_type: 'testing' })).status).toBe(401);
  });

  it('accepts the bearer token, and the query token for the event stream only', async () => {
    expect((await svc.call('GET', '/api/incidents', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    const stream = await openSse(`${svc.baseUrl}/api/events?access_token=${token}`);
    expect(stream.status).toBe(200);
    stream.close();
    expect((await openSse(`${svc.baseUrl}/api/events`)).status).toBe(401);
  });
});

describe('configuration at boot', () => {
  // The bundle `npm start` runs.
  const main = 'dist/api/main.bundle.mjs';
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });

  it('refuses to listen beyond loopback while nobody has an account and no access token is set, saying what to do', async () => {
    const temp = tempDatabasePath();
    try {
      const result = run({ HOST: '0.0.0.0', ...(await databaseEnv(temp.path)) });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/HOST=0\.0\.0\.0 is reachable from other machines, and nobody has an account yet.*set ACCESS_TOKEN/);
    } finally {
      temp.cleanup();
    }
  });

  it('stops on a malformed setting, naming it', () => {
    const result = run({ PORT: 'eighty', DATABASE_PATH: tempDatabasePath().path });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid setting PORT: "eighty" is not a whole number');
  });
});

describe('durability and limits', () => {
  it('keeps data across a restart of the service on the same file', async () => {
    const db = tempDatabasePath();
    try {
      const first = await startService({ dbPath: db.path });
      const created = (await first.call('POST', '/api/incidents', { title: 'survives', severity: 'high', incident_type: 'data' })).body;
      await first.call('POST', `/api/incidents/${created.id}/notes`, { note: 'before restart' });
      await first.close();
      const second = await startService({ dbPath: db.path });
      const read = await second.call('GET', `/api/incidents/${created.id}`);
      expect(read.body).toMatchObject({ title: 'survives', revision: 2 });
      expect(read.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'note']);
      await second.close();
    } finally {
      db.cleanup();
    }
  });

  it('refuses an oversized body with 413 and stores nothing', async () => {
    const svc = await startService({ env: { BODY_LIMIT_BYTES: '4096' } });
    try {
      const res = await svc.call('POST', '/api/incidents', minimalIncident({ description: 'x'.repeat(5000) }));
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('payload_too_large');
      expect((await svc.call('GET', '/api/incidents')).body.total).toBe(0);
      const broken = await fetch(`${svc.baseUrl}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title": ',
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { error: string }).error).toBe('validation_failed');
    } finally {
      await svc.close();
    }
  });
});

describe('live event stream', () => {
  it('delivers writes made through another connection to the same database file, and resumes with Last-Event-ID', async () => {
    const db = tempDatabasePath();
    const reader = await startService({ dbPath: db.path });
    const writer = await startService({ dbPath: db.path }); // a second process's connection, as the stdio MCP server will be
    try {
      const stream = await openSse(`${reader.baseUrl}/api/events`);
      expect(stream.status).toBe(200);
      const created = (await writer.call('POST', '/api/incidents', minimalIncident({ title: 'from elsewhere' }), { 'x-actor': 'bot' }))
        .body;
      const first = await stream.next();
      const event = JSON.parse(first.data);
      expect(event).toMatchObject({ entity: 'incident', entity_id: created.id, action: 'created', source: 'rest', actor: 'bot' });
      expect(first.id).toBe(String(event.seq));

      await writer.call('PUT', `/api/incidents/${created.id}`, { status: 'investigating' });
      expect(JSON.parse((await stream.next()).data)).toMatchObject({ action: 'status_changed', entity_id: created.id });
      stream.close();

      // Missed while disconnected: delivered on reconnect, in order, nothing twice.
      await writer.call('POST', `/api/incidents/${created.id}/notes`, { note: 'n1' });
      await reader.call('DELETE', `/api/incidents/${created.id}`);
      const resumed = await openSse(`${reader.baseUrl}/api/events`, { 'last-event-id': first.id! });
      const actions = [
        JSON.parse((await resumed.next()).data).action,
        JSON.parse((await resumed.next()).data).action,
        JSON.parse((await resumed.next()).data).action,
      ];
      expect(actions).toEqual(['status_changed', 'note_added', 'deleted']);
      resumed.close();
      expect((await reader.call('GET', '/api/events?after=abc')).status).toBe(400);
    } finally {
      await reader.close();
      await writer.close();
      db.cleanup();
    }
  });
});

describe('system health and API description', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
    await svc.call('POST', '/api/environments', prodEnvironment({ url: 'http://127.0.0.1:9' }));
    await svc.call('POST', '/api/environments', { name: 'stage', environment_type: 'staging' });
  });
  afterAll(async () => svc.close());

  it("answers in the guide's shape and invents no numbers before any check ran", async () => {
    const res = await svc.call('GET', '/api/system-health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      system_health: {
        summary: {
          total_environments: 2,
          healthy_environments: 0,
          warning_environments: 0,
          critical_environments: 0,
          unknown_environments: 2,
          last_check: null,
          by_environment_type: {
            production: { total: 1, healthy: 0, warning: 0, critical: 0, unknown: 1 },
            staging: { total: 1, healthy: 0, warning: 0, critical: 0, unknown: 1 },
            development: { total: 0, healthy: 0, warning: 0, critical: 0, unknown: 0 },
            testing: { total: 0, healthy: 0, warning: 0, critical: 0, unknown: 0 },
          },
        },
        attention: [],
        environments: [
          expect.objectContaining({ name: PROD_ENV, status: 'unknown' }),
          expect.objectContaining({ name: 'stage', status: 'unknown' }),
        ],
        page: { total: 2, total_capped: false, limit: 50, has_more: false, next_cursor: null },
        recent_checks: [],
      },
    });
    const one = await svc.call('GET', `/api/system-health?environment_id=${PROD_ENV}&include_details=true`);
    expect(one.body.system_health.summary.total_environments).toBe(1);
    // Only what was measured: this host's figures, and no environment has reported metrics yet.
    const details = one.body.system_health.detailed_metrics;
    expect(Object.keys(details).sort()).toEqual(['environments', 'host']);
    expect(details.environments).toEqual([]);
    expect(details.host.cpu.cores).toBeGreaterThan(0);
    expect(details.host.memory.process_rss_bytes).toBeGreaterThan(0);
    expect(details.host.event_loop.utilization_percent).toBeGreaterThanOrEqual(0);
    expect((await svc.call('GET', '/api/system-health?environment_id=nope')).status).toBe(404);
    expect((await svc.call('GET', '/api/system-health?include_details=maybe')).status).toBe(400);
  });

  it('reports one environment with its open incidents and version', async () => {
    await svc.call('POST', '/api/incidents', {
      title: 'down',
      severity: 'critical',
      incident_type: 'outage',
      environment_id: PROD_ENV,
    });
    const res = await svc.call('GET', `/api/environments/${PROD_ENV}/status`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      health: { status: 'unknown', latest_check: null },
      current_version: null,
      open_incidents: { count: 1 },
      last_deployment: null,
    });
    expect(res.body.open_incidents.items[0].title).toBe('down');
  });

  it('describes every route, its errors and the enums in OpenAPI, and serves Swagger UI', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, responses: Object.keys(op.responses) })),
    );
    for (const expected of [
      'GET /api/incidents',
      'POST /api/incidents',
      'GET /api/incidents/{id}',
      'PUT /api/incidents/{id}',
      'PATCH /api/incidents/{id}',
      'DELETE /api/incidents/{id}',
      'POST /api/incidents/{id}/notes',
      'GET /api/incidents/stats',
      'GET /api/environments',
      'POST /api/environments',
      'GET /api/environments/{id}',
      'PATCH /api/environments/{id}',
      'DELETE /api/environments/{id}',
      'GET /api/environments/{id}/status',
      'GET /api/system-health',
      'GET /api/events',
    ]) {
      expect(routes.map((r) => r.route)).toContain(expected);
    }
    // Every route asks for a token except the public status page's, which never answer 401.
    for (const { route, responses } of routes) {
      expect([route, responses.includes('401')]).toEqual([route, !route.includes(' /api/public/')]);
    }
    expect(routes.filter((r) => r.route.includes(' /api/public/')).length).toBe(3);
    const schemas = doc.components.schemas;
    // Enums are named schemas, so generated clients get named types; fields refer to them.
    expect(schemas.Severity.enum).toEqual([...SEVERITIES]);
    expect(schemas.IncidentStatus.enum).toEqual([...INCIDENT_STATUSES]);
    expect(schemas.IncidentCreate.properties.severity.allOf).toEqual([{ $ref: '#/components/schemas/Severity' }]);
    expect(schemas.Incident.properties.status).toEqual({ $ref: '#/components/schemas/IncidentStatus' });
    expect(schemas.IncidentCreate.required).toEqual(expect.arrayContaining(['title', 'severity', 'incident_type']));
    expect(schemas.IncidentCreate.properties.title).toMatchObject({ type: 'string', maxLength: 200, minLength: 1 });
    const incidents = doc.paths['/api/incidents'];
    expect(incidents.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IncidentCreate' });
    expect(incidents.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IncidentPage' });
    const sortBy = incidents.get.parameters.find((p: { name: string }) => p.name === 'sort_by');
    expect(sortBy).toMatchObject({ in: 'query', required: false, schema: { $ref: '#/components/schemas/IncidentSort' } });
    const ui = await fetch(`${svc.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
