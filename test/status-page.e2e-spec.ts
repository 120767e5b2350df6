import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServerFactory } from '../apps/api/src/mcp/mcp-server.factory.js';
import { session } from './support/mcp.js';
import { startHealthTarget, type HealthTarget } from './support/health-target.js';
import { SettableClock, startService, type RunningService } from './support/service.js';

/**
 * The public status page end to end: real checks against a real target at known (settable)
 * times, read back as 90 daily bars; open public incidents and maintenance; badges; and that
 * nothing not marked public shows anywhere, to anyone, without signing in.
 */

const ADMIN = { username: 'status-admin', password: 'status admin password 1' };
/** Every text of every record that is not public carries it; none may appear on the page, its JSON or a badge. */
const MARK = 'zqxhidden';
const TODAY = '2026-06-15';

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function text(svc: RunningService, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(svc.baseUrl + path, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('public status page (team mode)', () => {
  let svc: RunningService;
  let target: HealthTarget;
  let auth: Record<string, string>;
  const clock = new SettableClock(`${TODAY}T09:00:00.000Z`);
  const ids: Record<string, string> = {};

  const as = (method: string, path: string, body?: unknown) => svc.call(method, path, body, auth);
  async function created(method: string, path: string, body: unknown) {
    const res = await as(method, path, body);
    expect({ path, status: res.status, message: res.status < 300 ? undefined : res.body.message }).toEqual({
      path,
      status: method === 'POST' ? 201 : 200,
      message: undefined,
    });
    return res.body;
  }
  async function checkAt(id: string, at: string, status: number, times = 1) {
    clock.set(at);
    target.setStatus(id, status);
    for (let i = 0; i < times; i++) expect((await as('POST', `/api/environments/${id}/check`)).status).toBeLessThan(300);
  }

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ clock, env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } });
    const signedIn = await svc.call('POST', '/api/auth/sign-in', ADMIN);
    const cookie = /wfm_session=[^;]*/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    const token = await svc.call('POST', '/api/tokens', { name: 'setup' }, { cookie });
    expect(token.status).toBe(201);
    auth = bearer(token.body.secret);

    const environment = async (key: string, body: Record<string, unknown>) => {
      const env = await created('POST', '/api/environments', { environment_type: 'production', url: target.url, ...body });
      ids[key] = env.id;
      // Each environment answers on its own switch, so the test sets each one's result.
      await created('PATCH', `/api/environments/${env.id}`, { health_check: { target: `/switch/${env.id}` } });
    };
    await environment('web', { name: 'public-web', public: true, description: `${MARK} web description` });
    await environment('api', { name: 'R&D <api>', public: true });
    await environment('hidden', {
      name: `${MARK}-env`,
      description: `${MARK} description`,
      tags: [`${MARK}-tag`],
      current_version: `${MARK}-version`,
      deploy_hook_url: `https://${MARK}.example.com/hook`,
    });

    // public-web: 3 of 4 checks up ten days ago, 2 of 2 yesterday, 1 of 1 today; api: one critical check today.
    await checkAt(ids.web!, '2026-06-05T10:00:00.000Z', 200, 3);
    await checkAt(ids.web!, '2026-06-05T11:30:00.000Z', 500);
    await checkAt(ids.web!, '2026-06-14T23:59:00.000Z', 200, 2);
    await checkAt(ids.hidden!, '2026-06-14T12:00:00.000Z', 500, 3);
    await checkAt(ids.web!, `${TODAY}T08:00:00.000Z`, 200);
    await checkAt(ids.api!, `${TODAY}T08:10:00.000Z`, 503);
    clock.set(`${TODAY}T09:00:00.000Z`);

    const hiddenText = {
      description: `${MARK} incident description`,
      impact: `${MARK} impact`,
      commander: `${MARK}-commander`,
      root_cause: `${MARK} cause`,
      resolution_notes: `${MARK} notes`,
      tags: [`${MARK}-itag`],
      affected_services: [`${MARK}-service`],
    };
    const shown = await created('POST', '/api/incidents', {
      title: 'Checkout is slow',
      severity: 'high',
      incident_type: 'performance',
      environment_id: 'public-web',
      public: true,
      ...hiddenText,
    });
    ids.shown = shown.id;
    clock.set(`${TODAY}T09:05:00.000Z`);
    await created('PATCH', `/api/incidents/${shown.id}`, { status: 'investigating' });
    await created('POST', `/api/incidents/${shown.id}/notes`, { note: `${MARK} internal note` });
    clock.set(`${TODAY}T09:10:00.000Z`);
    await created('PATCH', `/api/incidents/${shown.id}`, { status: 'identified' });
    // Not public; public but on an environment that is not; public but resolved.
    ids.privateIncident = (
      await created('POST', '/api/incidents', {
        title: `${MARK} private title`,
        severity: 'critical',
        incident_type: 'outage',
        environment_id: 'public-web',
      })
    ).id;
    ids.onHidden = (
      await created('POST', '/api/incidents', {
        title: `${MARK} public on hidden`,
        severity: 'critical',
        incident_type: 'outage',
        environment_id: ids.hidden,
        public: true,
      })
    ).id;
    const resolved = await created('POST', '/api/incidents', {
      title: `${MARK} resolved`,
      severity: 'low',
      incident_type: 'data',
      public: true,
    });
    await created('PATCH', `/api/incidents/${resolved.id}`, { status: 'resolved' });

    await created('POST', '/api/maintenance-windows', {
      environment_id: 'public-web',
      kind: 'once',
      starts_at: `${TODAY}T20:00:00.000Z`,
      ends_at: `${TODAY}T22:00:00.000Z`,
      reason: `${MARK} database upgrade`,
    });
    await created('POST', '/api/maintenance-windows', {
      environment_id: ids.api,
      kind: 'weekly',
      days: ['sat'],
      start_time: '02:00',
      duration_minutes: 60,
      reason: `${MARK} weekly reason`,
    });
    // Over already: not shown.
    await created('POST', '/api/maintenance-windows', {
      environment_id: 'public-web',
      kind: 'once',
      starts_at: '2026-06-01T00:00:00.000Z',
      ends_at: '2026-06-01T01:00:00.000Z',
    });
    await created('POST', '/api/maintenance-windows', {
      environment_id: ids.hidden,
      kind: 'once',
      starts_at: `${TODAY}T10:00:00.000Z`,
      ends_at: `${TODAY}T11:00:00.000Z`,
      reason: `${MARK} hidden window`,
    });
    clock.set(`${TODAY}T12:00:00.000Z`);
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
  });

  it('lists public environments with their status and 90 daily bars from the stored checks, without signing in', async () => {
    const res = await svc.call('GET', '/api/public/status');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const status = res.body;
    expect(status.generated_at).toBe(`${TODAY}T12:00:00.000Z`);
    expect(status.environments.map((e: { name: string }) => e.name)).toEqual(['R&D <api>', 'public-web']);
    expect(status.status).toBe('critical');
    const [api, web] = status.environments;
    expect(web).toMatchObject({ id: ids.web, status: 'healthy', uptime: 85.714 });
    expect(api).toMatchObject({ id: ids.api, status: 'critical', status_since: `${TODAY}T08:10:00.000Z`, uptime: 0 });
    for (const e of status.environments) {
      expect(e.days).toHaveLength(90);
      expect(e.days[0].date).toBe('2026-03-18');
      expect(e.days[89].date).toBe(TODAY);
    }
    const day = (date: string) => web.days.find((d: { date: string }) => d.date === date);
    expect(day('2026-06-05')).toEqual({ date: '2026-06-05', checks: 4, uptime: 75 });
    expect(day('2026-06-14')).toEqual({ date: '2026-06-14', checks: 2, uptime: 100 });
    expect(day(TODAY)).toEqual({ date: TODAY, checks: 1, uptime: 100 });
    expect(day('2026-06-10')).toEqual({ date: '2026-06-10', checks: 0, uptime: null });
    expect(web.days.reduce((n: number, d: { checks: number }) => n + d.checks, 0)).toBe(7);
  });

  it('shows open public incidents with their status updates only, and current and upcoming maintenance of public environments', async () => {
    const { body } = await svc.call('GET', '/api/public/status');
    expect(body.incidents).toEqual([
      {
        id: ids.shown,
        title: 'Checkout is slow',
        severity: 'high',
        status: 'identified',
        started_at: `${TODAY}T09:00:00.000Z`,
        environment: 'public-web',
        updates: [
          { status: 'open', at: `${TODAY}T09:00:00.000Z` },
          { status: 'investigating', at: `${TODAY}T09:05:00.000Z` },
          { status: 'identified', at: `${TODAY}T09:10:00.000Z` },
        ],
      },
    ]);
    // 2026-06-15 is a Monday: the weekly window next runs on Saturday the 20th.
    expect(body.maintenance).toEqual([
      {
        environment: 'public-web',
        kind: 'once',
        active: false,
        starts_at: `${TODAY}T20:00:00.000Z`,
        ends_at: `${TODAY}T22:00:00.000Z`,
        days: [],
      },
      {
        environment: 'R&D <api>',
        kind: 'weekly',
        active: false,
        starts_at: '2026-06-20T02:00:00.000Z',
        ends_at: '2026-06-20T03:00:00.000Z',
        days: ['sat'],
      },
    ]);
  });

  it('serves /status as one self-contained, accessible page with a strict policy for its inline style', async () => {
    const page = await text(svc, '/status');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/default-src 'none'/);
    const html = page.body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    // Nothing to fetch: no scripts, no style sheets, no images; the icon is empty so browsers ask for none.
    expect(html).not.toMatch(/<script|<img|src=|stylesheet/i);
    expect(html.match(/<link [^>]*>/g)).toEqual(['<link rel="icon" href="data:,">']);
    expect(html).toContain('<h1>System status</h1>');
    expect(html).toContain('Some systems are down');
    expect(html).toContain('public-web');
    expect(html).toContain('R&#38;D &#60;api&#62;');
    expect(html.match(/class="bar /g)).toHaveLength(180);
    expect(html).toContain('aria-label="2026-06-05: 75% uptime, 4 checks"');
    expect(html).toContain('aria-label="2026-06-10: no data"');
    expect(html).toContain('Checkout is slow');
    expect(html).toContain('Identified');
    expect(html).toContain('<time datetime="2026-06-20T02:00:00.000Z">2026-06-20 02:00 UTC</time>');
    expect(html).toContain('Every week on Sat');
  });

  it('speaks Korean when the reader prefers it, and refuses a language it does not have', async () => {
    const preferred = await text(svc, '/status', { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' });
    expect(preferred.body).toContain('<html lang="ko">');
    expect(preferred.body).toContain('<h1>시스템 상태</h1>');
    expect(preferred.body).toContain('장애');
    expect((await text(svc, '/status', { 'accept-language': 'en-US,en;q=0.9,ko;q=0.8' })).body).toContain('<html lang="en">');
    expect((await text(svc, '/status?lang=ko')).body).toContain('<html lang="ko">');
    expect((await text(svc, '/status?lang=en', { 'accept-language': 'ko' })).body).toContain('<html lang="en">');
    // Parameters it does not read (tracking, cache busting) are ignored.
    expect((await text(svc, '/status?lang=ko&utm_source=readme')).status).toBe(200);
    expect((await text(svc, '/api/public/badges/public-web/uptime.svg?days=90&v=2')).status).toBe(200);
    const refused = await svc.call('GET', '/status?lang=fr');
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/en|ko/);
  });

  it('draws status and uptime badges by name or id, escaped, cacheable and embeddable elsewhere', async () => {
    const status = await text(svc, '/api/public/badges/public-web/status.svg');
    expect(status.status).toBe(200);
    expect(status.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(status.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(status.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(status.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(status.body).toContain('public-web: operational');
    expect((await text(svc, `/api/public/badges/${ids.web}/status.svg`)).body).toBe(status.body);

    const api = await text(svc, `/api/public/badges/${encodeURIComponent('R&D <api>')}/status.svg`);
    expect(api.status).toBe(200);
    expect(api.body).toContain('R&amp;D &lt;api&gt;: outage');
    expect(api.body).not.toContain('<api>');

    const uptime30 = await text(svc, '/api/public/badges/public-web/uptime.svg');
    expect(uptime30.body).toContain('public-web uptime 30d: 85.71%');
    expect((await text(svc, '/api/public/badges/public-web/uptime.svg?days=90')).body).toContain('public-web uptime 90d: 85.71%');
    const bad = await svc.call('GET', '/api/public/badges/public-web/uptime.svg?days=7');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/30|90/);
  });

  it('answers a badge of an environment that is not public exactly as one that does not exist', async () => {
    const answers = await Promise.all(
      [`${MARK}-env`, ids.hidden!, 'no-such-environment', 'env-0000000000000000'].flatMap((name) => [
        text(svc, `/api/public/badges/${encodeURIComponent(name)}/status.svg`),
        text(svc, `/api/public/badges/${encodeURIComponent(name)}/uptime.svg?days=90`),
      ]),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toBe(answers[0]!.body);
      expect(answer.body).not.toContain(MARK);
      expect(answer.body).not.toContain(ids.hidden);
    }
  });

  it('shows nothing that is not marked public: no marker, id or reason anywhere on the page, its JSON or the badges', async () => {
    const readings = [
      (await text(svc, '/status')).body,
      (await text(svc, '/status?lang=ko')).body,
      (await text(svc, '/api/public/status')).body,
      ...(
        await Promise.all(
          ['public-web', ids.api!].flatMap((e) => [
            text(svc, `/api/public/badges/${encodeURIComponent(e)}/status.svg`),
            text(svc, `/api/public/badges/${encodeURIComponent(e)}/uptime.svg?days=90`),
          ]),
        )
      ).map((r) => r.body),
    ];
    for (const reading of readings) {
      expect(reading.toLowerCase()).not.toContain(MARK);
      for (const id of [ids.hidden!, ids.privateIncident!, ids.onHidden!]) expect(reading).not.toContain(id);
      // Nor who did anything.
      expect(reading).not.toContain(ADMIN.username);
    }
    // The markers are really stored, so the test would see a leak.
    expect(JSON.stringify((await as('GET', `/api/incidents/${ids.shown}`)).body)).toContain(`${MARK} internal note`);
    expect(JSON.stringify((await as('GET', '/api/maintenance-windows')).body)).toContain(`${MARK} database upgrade`);
  });

  it('keeps the rest of the API closed without a token, and takes public on and off like any field', async () => {
    expect((await svc.call('GET', '/api/environments')).status).toBe(401);
    expect((await svc.call('GET', `/api/incidents/${ids.shown}`)).status).toBe(401);
    const before = (await as('GET', `/api/environments/${ids.web}`)).body;
    expect(before.public).toBe(true);
    expect((await as('GET', `/api/environments/${ids.hidden}`)).body.public).toBe(false);
    expect((await as('GET', `/api/incidents/${ids.shown}`)).body.public).toBe(true);
    const refused = await as('PATCH', `/api/environments/${ids.web}`, { public: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/public/);

    await created('PATCH', `/api/environments/${ids.web}`, { public: false });
    // The page is shared for a few seconds; within a few more the environment, its incident and its maintenance are gone.
    const deadline = Date.now() + 10_000;
    let names: string[] = [];
    let body: { environments: Array<{ name: string }>; incidents: unknown[]; maintenance: Array<{ environment: string }> };
    for (;;) {
      body = (await svc.call('GET', '/api/public/status')).body;
      names = body.environments.map((e) => e.name);
      if (!names.includes('public-web') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(names).toEqual(['R&D <api>']);
    expect(body.incidents).toEqual([]);
    expect(body.maintenance.map((m) => m.environment)).toEqual(['R&D <api>']);
    expect((await text(svc, '/api/public/badges/public-web/status.svg')).status).toBe(404);
    expect((await text(svc, '/status')).body).not.toContain('public-web');
    await created('PATCH', `/api/environments/${ids.web}`, { public: true });
  }, 20_000);

  it('is not swallowed by the dashboard and lists the public routes in the API description', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/public/status',
        '/api/public/badges/{environment}/status.svg',
        '/api/public/badges/{environment}/uptime.svg',
      ]),
    );
  });
});

describe('public status page (local mode with an access token)', () => {
  let svc: RunningService;
  const token = 'local-status-token-123456';
  let dashboard: string;

  beforeAll(async () => {
    // A dashboard build of its own, to show /status is not answered with the app.
    dashboard = mkdtempSync(join(tmpdir(), 'status-dashboard-'));
    writeFileSync(join(dashboard, 'index.html'), '<!doctype html><html><head></head><body><app-root></app-root></body></html>');
    svc = await startService({ env: { ACCESS_TOKEN: token, DASHBOARD_DIR: dashboard } });
    expect(
      (await svc.call('POST', '/api/environments', { name: 'shown', environment_type: 'staging', public: true }, bearer(token))).status,
    ).toBe(201);
    expect(
      (await svc.call('POST', '/api/environments', { name: `${MARK}-local`, environment_type: 'staging' }, bearer(token))).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dashboard, { recursive: true, force: true });
  });

  it('needs no token for the page, its JSON and badges, while the API still does', async () => {
    expect((await text(svc, '/environments')).body).toContain('<app-root>');
    expect((await text(svc, '/status')).body).not.toContain('<app-root>');
    expect((await svc.call('GET', '/api/environments')).status).toBe(401);
    const json = await svc.call('GET', '/api/public/status');
    expect(json.status).toBe(200);
    expect(json.body.environments).toEqual([expect.objectContaining({ name: 'shown', status: 'unknown', uptime: null })]);
    const page = await text(svc, '/status');
    expect(page.status).toBe(200);
    expect(page.body).toContain('>shown</h3>');
    expect(page.body).not.toContain(MARK);
    expect((await text(svc, '/api/public/badges/shown/status.svg')).body).toContain('shown: unknown');
    expect((await text(svc, '/api/public/badges/shown/uptime.svg')).body).toContain('no data');
    expect((await text(svc, `/api/public/badges/${MARK}-local/status.svg`)).status).toBe(404);
    // A wrong token on a public route is not an error: the route does not look at it.
    expect((await svc.call('GET', '/api/public/status', undefined, bearer('wrong'))).status).toBe(200);
  });

  it('takes public through the existing MCP create and update tools', async () => {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const server = svc.app.get(McpServerFactory).create({ toolsets: ['incidents', 'environments'] });
    await server.connect(serverTransport);
    const client = new Client({ name: 'status-page-e2e', version: '1.0.0' });
    await client.connect(clientTransport);
    const mcp = session(client, async () => {
      await client.close();
      await server.close();
    });
    try {
      const tools = (await client.listTools()).tools;
      for (const name of ['create_environment', 'create_incident']) {
        expect(Object.keys(tools.find((t) => t.name === name)!.inputSchema.properties ?? {})).toContain('public');
      }
      expect((await mcp.ok('create_environment', { name: 'mcp-public', environment_type: 'staging', public: true })).public).toBe(true);
      expect((await mcp.ok('update_environment', { environment_id: `${MARK}-local`, updates: { public: true } })).public).toBe(true);
      const incident = await mcp.ok('create_incident', { title: 'Shown via MCP', severity: 'low', incident_type: 'data', public: true });
      expect(incident.public).toBe(true);
      expect(await mcp.fail('update_incident', { incident_id: incident.id, updates: { public: 'yes' } })).toMatch(/public/);
      expect((await mcp.ok('update_incident', { incident_id: incident.id, updates: { public: false } })).public).toBe(false);
    } finally {
      await mcp.close();
    }
  });
});
