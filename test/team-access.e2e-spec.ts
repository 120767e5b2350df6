import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ROLES, type Role } from '../libs/domain/src/index.js';
import { PROD_ENV, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { runBundleToExit } from './support/bundle.js';
import { databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const ADMIN_BUNDLE = resolve('dist/api/admin.bundle.mjs');

/**
 * The lowest role each route needs, written out here rather than read from the service, so the
 * matrix checks the service against the product's rules: viewer reads; responder changes
 * incidents, deployments and checks; admin manages environments, people and tokens, and deletes.
 * Every route in the OpenAPI document must be listed (a new route has to be classified).
 */
const ROUTE_ROLES: Record<string, Role | 'public' | 'self'> = {
  'GET /api/incidents': 'viewer',
  'POST /api/incidents': 'responder',
  'GET /api/incidents/stats': 'viewer',
  'GET /api/incidents/{id}': 'viewer',
  'PATCH /api/incidents/{id}': 'responder',
  'PUT /api/incidents/{id}': 'responder',
  'DELETE /api/incidents/{id}': 'admin',
  'GET /api/incidents/{id}/timeline': 'viewer',
  'POST /api/incidents/{id}/notes': 'responder',
  'GET /api/incidents/{id}/postmortem/draft': 'viewer',
  'GET /api/incidents/{id}/postmortem': 'viewer',
  'PUT /api/incidents/{id}/postmortem': 'responder',
  'GET /api/incidents/{id}/postmortem.md': 'viewer',
  'GET /api/postmortems/follow-ups': 'viewer',
  'GET /api/environments': 'viewer',
  'POST /api/environments': 'admin',
  'GET /api/environments/{id}': 'viewer',
  'PATCH /api/environments/{id}': 'admin',
  'PUT /api/environments/{id}': 'admin',
  'DELETE /api/environments/{id}': 'admin',
  'GET /api/environments/{id}/checks': 'viewer',
  'GET /api/environments/{id}/health-history': 'viewer',
  'POST /api/environments/{id}/check': 'responder',
  'POST /api/environments/{id}/metrics': 'responder',
  'GET /api/environments/{id}/status': 'viewer',
  'GET /api/system-health': 'viewer',
  'GET /api/deployments': 'viewer',
  'POST /api/deployments': 'responder',
  'GET /api/deployments/stats': 'viewer',
  'GET /api/delivery-metrics': 'viewer',
  'GET /api/deployments/{id}': 'viewer',
  'PATCH /api/deployments/{id}': 'responder',
  'PUT /api/deployments/{id}': 'responder',
  'DELETE /api/deployments/{id}': 'admin',
  'GET /api/deployments/{id}/timeline': 'viewer',
  'POST /api/deployments/{id}/execute': 'responder',
  'POST /api/deployments/{id}/progress': 'responder',
  'POST /api/deployments/{id}/complete': 'responder',
  'POST /api/deployments/{id}/fail': 'responder',
  'POST /api/deployments/{id}/rollback': 'responder',
  'GET /api/events': 'viewer',
  'GET /api/auth/session': 'viewer',
  'POST /api/auth/sign-in': 'public',
  'POST /api/auth/sign-out': 'viewer',
  'PUT /api/auth/password': 'self',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'GET /api/users/{id}': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'DELETE /api/users/{id}': 'admin',
  'GET /api/tokens': 'viewer',
  'POST /api/tokens': 'viewer',
  'DELETE /api/tokens/{id}': 'viewer',
  'GET /api/audit': 'admin',
  'GET /api/notifications/channels': 'viewer',
  'POST /api/notifications/channels': 'admin',
  'GET /api/notifications/channels/{id}': 'viewer',
  'PATCH /api/notifications/channels/{id}': 'admin',
  'DELETE /api/notifications/channels/{id}': 'admin',
  'POST /api/notifications/channels/{id}/rotate-secret': 'admin',
  'POST /api/notifications/channels/{id}/test': 'responder',
  'GET /api/notifications/rules': 'viewer',
  'POST /api/notifications/rules': 'admin',
  'PATCH /api/notifications/rules/{id}': 'admin',
  'DELETE /api/notifications/rules/{id}': 'admin',
  'GET /api/notifications/deliveries': 'viewer',
  'GET /api/notifications/deliveries/{id}': 'viewer',
  'GET /api/maintenance-windows': 'viewer',
  'POST /api/maintenance-windows': 'admin',
  'DELETE /api/maintenance-windows/{id}': 'admin',
  'GET /api/public/status': 'public',
  'GET /api/public/badges/{environment}/status.svg': 'public',
  'GET /api/public/badges/{environment}/uptime.svg': 'public',
  'POST /mcp': 'viewer',
};

/** Tools that need more (or less) than the default: viewer for tools that only read, responder for the others. */
const ADMIN_TOOLS = new Set([
  'create_environment',
  'update_environment',
  'delete_environment',
  'delete_incident',
  'delete_deployment',
  'list_users',
  'create_user',
  'update_user',
  'list_audit_log',
  'create_notification_channel',
  'update_notification_channel',
  'delete_notification_channel',
  'rotate_notification_secret',
  'create_notification_rule',
  'update_notification_rule',
  'delete_notification_rule',
  'create_maintenance_window',
  'delete_maintenance_window',
]);
/** Everyone manages their own tokens. */
const VIEWER_WRITE_TOOLS = new Set(['create_access_token', 'revoke_access_token']);

const atLeast = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function signIn(svc: RunningService, username: string, password: string) {
  return svc.call('POST', '/api/auth/sign-in', { username, password });
}

function sessionCookie(setCookie: string | null): string {
  const value = /wfm_session=([^;]*)/.exec(setCookie ?? '')?.[1];
  if (!value) throw new Error(`no session cookie in ${setCookie}`);
  return `wfm_session=${value}`;
}

/** Everything the service stored about people and tokens, as text: a database file, or PostgreSQL's rows. */
async function storedText(svc: RunningService): Promise<string> {
  if (!svc.dbPath.startsWith('postgres:')) {
    // The WAL holds recent writes until a checkpoint; read both.
    const read = (path: string) => {
      try {
        return readFileSync(path).toString('latin1');
      } catch {
        return '';
      }
    };
    return read(svc.dbPath) + read(`${svc.dbPath}-wal`);
  }
  const { DATABASE_URL } = (await databaseEnv(svc.dbPath)) as { DATABASE_URL: string };
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const tables = ['users', 'access_tokens', 'sessions', 'audit_log', 'timeline_entries', 'change_events'];
    const parts = await Promise.all(
      tables.map(async (t) => (await client.query(`SELECT row_to_json(x)::text AS j FROM ${t} x`)).rows.map((r) => r.j)),
    );
    return parts.flat().join('\n');
  } finally {
    await client.end();
  }
}

async function mcpClient(svc: RunningService, headers: Record<string, string>, query = '') {
  const client = new Client({ name: 'team-access-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${svc.baseUrl}/mcp${query}`), { requestInit: { headers } }));
  return client;
}

describe('local mode: nobody has an account', () => {
  let svc: RunningService;
  beforeAll(async () => (svc = await startService()));
  afterAll(async () => svc.close());

  it('says so, lets this machine in without signing in, and refuses sign-in with what to do', async () => {
    const session = await svc.call('GET', '/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ mode: 'local', kind: 'local', role: 'admin', user: null });
    const refused = await signIn(svc, 'anyone', 'whatever password');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/local mode.*npm run admin -- create-user/);
  });

  it('the first user, added over the API, turns on team mode at once', async () => {
    const created = await svc.call('POST', '/api/users', { ...ADMIN, role: 'admin' });
    expect(created.status).toBe(201);
    expect((await svc.call('GET', '/api/incidents')).status).toBe(401);
    expect((await signIn(svc, ADMIN.username, ADMIN.password)).status).toBe(200);
  });
});

describe('team mode', () => {
  let svc: RunningService;
  /** A user and a token per role, plus a read-only admin token. */
  const secrets: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let adminCookie = '';

  beforeAll(async () => {
    svc = await startService({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, SIGN_IN_MAX_FAILURES: '3' } });
    const signedIn = await signIn(svc, ADMIN.username, ADMIN.password);
    adminCookie = sessionCookie(signedIn.headers.get('set-cookie'));
    for (const role of ROLES) {
      const username = `${role}-user`;
      const user =
        role === 'admin'
          ? (await svc.call('GET', '/api/auth/session', undefined, { cookie: adminCookie })).body.user
          : (await svc.call('POST', '/api/users', { username, password: `${role} password 123`, role }, { cookie: adminCookie })).body;
      userIds[role] = user.id;
      const token = await svc.call('POST', '/api/tokens', { name: `${role}-agent`, user_id: user.id }, { cookie: adminCookie });
      expect(token.status).toBe(201);
      secrets[role] = token.body.secret;
    }
    const readOnly = await svc.call('POST', '/api/tokens', { name: 'dashboards', read_only: true }, { cookie: adminCookie });
    secrets.readOnly = readOnly.body.secret;
    await svc.call('POST', '/api/environments', prodEnvironment(), bearer(secrets.admin!));
  });
  afterAll(async () => svc.close());

  it('asks every API route, /mcp and the event stream for a session or a token, but not the dashboard files or the API description', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body as { paths: Record<string, object> };
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (ROUTE_ROLES[key] === 'public') continue;
        const res = await svc.call(method.toUpperCase(), path.replace('{id}', 'some-id'), method === 'get' ? undefined : {});
        expect({ key, status: res.status }).toEqual({ key, status: 401 });
      }
    }
    expect((await svc.call('GET', '/api/events')).status).toBe(401);
    expect((await svc.call('GET', '/api/openapi.json')).status).toBe(200);
    const forged = await svc.call('GET', '/api/incidents', undefined, { cookie: 'wfm_session=forged' });
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/sign in again/);
  });

  it('role matrix: every route against every role is allowed or 403, as the product rules say', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.filter((r) => !(r in ROUTE_ROLES))).toEqual([]);
    for (const route of routes) {
      const needed = ROUTE_ROLES[route]!;
      if (needed === 'public' || route === 'GET /api/events' || route === 'POST /mcp' || route === 'POST /api/auth/sign-out') continue;
      const [method, path] = route.split(' ') as [string, string];
      for (const role of ROLES) {
        // Ids that name nothing and empty bodies: a route that lets the role through answers 400/404/409, and changes nothing.
        const res = await svc.call(method, path.replace('{id}', 'no-such-id'), method === 'GET' ? undefined : {}, bearer(secrets[role]!));
        const allowed = needed === 'self' ? true : atLeast(role, needed);
        expect({ route, role, refused: res.status === 403 }).toEqual({ route, role, refused: !allowed });
        expect(res.status).not.toBe(401);
        expect(res.status).toBeLessThan(500);
      }
    }
  });

  it('a read-only token reads everything and changes nothing', async () => {
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(secrets.readOnly!))).status).toBe(200);
    expect((await svc.call('GET', '/api/environments', undefined, bearer(secrets.readOnly!))).status).toBe(200);
    const refused = await svc.call('POST', '/api/incidents', minimalIncident({ environment_id: PROD_ENV }), bearer(secrets.readOnly!));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/read-only/);
  });

  it('records the authenticated identity and the interface on timelines and events; X-Actor decides nothing', async () => {
    const fromToken = await svc.call('POST', '/api/incidents', minimalIncident({ environment_id: PROD_ENV }), {
      ...bearer(secrets.responder!),
      'x-actor': 'someone-else',
      'x-client': 'dashboard',
    });
    expect(fromToken.status).toBe(201);
    expect(fromToken.body.timeline[0]).toMatchObject({ source: 'rest', actor: 'responder-agent (token of responder-user)' });
    const fromDashboard = await svc.call(
      'POST',
      `/api/incidents/${fromToken.body.id}/notes`,
      { note: 'looking' },
      { cookie: adminCookie, 'x-actor': 'mallory' },
    );
    expect(fromDashboard.status).toBe(201);
    expect(fromDashboard.body.timeline.at(-1)).toMatchObject({ source: 'dashboard', actor: 'admin' });
  });

  it('a token never has a higher role than its creator, and only admins make tokens for others', async () => {
    const higher = await svc.call('POST', '/api/tokens', { name: 'escalate', role: 'admin' }, bearer(secrets.responder!));
    expect(higher.status).toBe(400);
    expect(higher.body.message).toMatch(/role.*at most responder/);
    const forOther = await svc.call('POST', '/api/tokens', { name: 'x', user_id: userIds.admin }, bearer(secrets.responder!));
    expect(forOther.status).toBe(403);
    const own = await svc.call('POST', '/api/tokens', { name: 'mine', role: 'viewer' }, bearer(secrets.responder!));
    expect(own.status).toBe(201);
    expect(own.body.token).toMatchObject({ role: 'viewer', username: 'responder-user', active: true });
    expect(own.body.secret).toMatch(/^wfm_/);
    const listed = await svc.call('GET', '/api/tokens', undefined, bearer(secrets.responder!));
    expect(listed.body.items.map((t: { name: string }) => t.name).sort()).toEqual(['mine', 'responder-agent']);
    expect(JSON.stringify(listed.body)).not.toContain(own.body.secret);
  });

  it('revocation and expiry take effect on the next request', async () => {
    const made = await svc.call('POST', '/api/tokens', { name: 'short-lived' }, { cookie: adminCookie });
    const secret = made.body.secret as string;
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(secret))).status).toBe(200);
    expect((await svc.call('DELETE', `/api/tokens/${made.body.token.id}`, undefined, { cookie: adminCookie })).status).toBe(204);
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(secret))).status).toBe(401);

    const expiring = await svc.call(
      'POST',
      '/api/tokens',
      { name: 'expiring', expires_at: new Date(Date.now() + 1_500).toISOString() },
      { cookie: adminCookie },
    );
    expect(expiring.status).toBe(201);
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(expiring.body.secret))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    const expired = await svc.call('GET', '/api/incidents', undefined, bearer(expiring.body.secret));
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/revoked or expired/);
    const past = await svc.call('POST', '/api/tokens', { name: 'past', expires_at: '2020-01-01T00:00:00Z' }, { cookie: adminCookie });
    expect(past.status).toBe(400);
  });

  it('the session cookie is HttpOnly and SameSite=Strict (Secure only over TLS), and sign-out ends it', async () => {
    const res = await signIn(svc, 'viewer-user', 'viewer password 123');
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = sessionCookie(setCookie);
    const me = await svc.call('GET', '/api/auth/session', undefined, { cookie });
    expect(me.body).toMatchObject({ mode: 'team', kind: 'user', role: 'viewer', actor: 'viewer-user' });
    expect(me.body.user.username).toBe('viewer-user');
    const out = await svc.call('POST', '/api/auth/sign-out', undefined, { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await svc.call('GET', '/api/auth/session', undefined, { cookie })).status).toBe(401);
  });

  it('rate-limits repeated failed sign-ins, even with the right password afterwards, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(svc, 'responder-user', 'wrong password!!')).status).toBe(401);
    const limited = await signIn(svc, 'responder-user', 'responder password 123');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another name is not held up by it.
    expect((await signIn(svc, 'viewer-user', 'viewer password 123')).status).toBe(200);
  });

  it('stores no password, token or session key in plain text', async () => {
    const made = await svc.call('POST', '/api/tokens', { name: 'look-for-me' }, { cookie: adminCookie });
    const text = await storedText(svc);
    expect(text).toContain('look-for-me');
    for (const secret of [made.body.secret, secrets.admin, secrets.viewer, secrets.readOnly, adminCookie.split('=')[1]]) {
      expect(text).not.toContain(secret);
    }
    for (const password of [ADMIN.password, 'viewer password 123', 'responder password 123']) expect(text).not.toContain(password);
    expect(text).toMatch(/scrypt\$15\$8\$1\$/);
  });

  it('keeps the last admin, and disabling a user stops their tokens and sessions at once', async () => {
    const self = await svc.call('PATCH', `/api/users/${userIds.admin}`, { role: 'viewer' }, { cookie: adminCookie });
    expect(self.status).toBe(409);
    const viewerSession = sessionCookie((await signIn(svc, 'viewer-user', 'viewer password 123')).headers.get('set-cookie'));
    expect((await svc.call('PATCH', `/api/users/${userIds.viewer}`, { disabled: true }, { cookie: adminCookie })).status).toBe(200);
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(secrets.viewer!))).status).toBe(401);
    expect((await svc.call('GET', '/api/incidents', undefined, { cookie: viewerSession })).status).toBe(401);
    expect((await signIn(svc, 'viewer-user', 'viewer password 123')).status).toBe(401);
    expect((await svc.call('PATCH', `/api/users/${userIds.viewer}`, { disabled: false }, { cookie: adminCookie })).status).toBe(200);
    expect((await svc.call('GET', '/api/incidents', undefined, bearer(secrets.viewer!))).status).toBe(200);
  });

  it('audits sign-ins, failures, token changes and refused permissions, for admins only', async () => {
    expect((await svc.call('GET', '/api/audit', undefined, bearer(secrets.responder!))).status).toBe(403);
    const log = await svc.call('GET', '/api/audit?limit=200', undefined, bearer(secrets.admin!));
    expect(log.status).toBe(200);
    const kinds = new Set(log.body.items.map((e: { kind: string }) => e.kind));
    for (const kind of [
      'sign_in',
      'sign_in_failed',
      'sign_out',
      'user_created',
      'user_updated',
      'token_created',
      'token_revoked',
      'permission_refused',
    ]) {
      expect(kinds).toContain(kind);
    }
    const failed = await svc.call('GET', '/api/audit?kind=sign_in_failed', undefined, bearer(secrets.admin!));
    expect(failed.body.items.find((e: { subject: string }) => e.subject === 'responder-user')).toMatchObject({
      kind: 'sign_in_failed',
      detail: 'wrong password',
      ip: expect.any(String),
    });
  });

  describe('MCP over HTTP', () => {
    const toolNames = async (headers: Record<string, string>, query = '') => {
      const client = await mcpClient(svc, headers, query);
      try {
        return (await client.listTools()).tools;
      } finally {
        await client.close();
      }
    };

    it('tool matrix: each role is offered exactly the tools it may call, and every other one is refused naming the role', async () => {
      await expect(mcpClient(svc, {})).rejects.toThrow();
      const everything = await toolNames(bearer(secrets.admin!), '?toolsets=all');
      expect(everything.length).toBeGreaterThan(40);
      const needed = (tool: (typeof everything)[number]): Role =>
        ADMIN_TOOLS.has(tool.name) ? 'admin' : VIEWER_WRITE_TOOLS.has(tool.name) || tool.annotations?.readOnlyHint ? 'viewer' : 'responder';
      for (const caller of [...ROLES, 'readOnly'] as const) {
        const offered = new Set((await toolNames(bearer(secrets[caller]!), '?toolsets=all')).map((t) => t.name));
        const expected = everything
          .filter((t) => (caller === 'readOnly' ? t.annotations?.readOnlyHint === true : atLeast(caller, needed(t))))
          .map((t) => t.name);
        expect({ caller, offered: [...offered].sort() }).toEqual({ caller, offered: expected.sort() });
        const client = await mcpClient(svc, bearer(secrets[caller]!), '?toolsets=all');
        try {
          for (const tool of everything.filter((t) => !offered.has(t.name))) {
            const refused = await client.callTool({ name: tool.name, arguments: {} });
            expect({ tool: tool.name, caller, isError: refused.isError }).toEqual({ tool: tool.name, caller, isError: true });
            expect(JSON.stringify(refused.content)).toMatch(
              caller === 'readOnly' ? /read-only/ : new RegExp(`needs the ${needed(tool)} role`),
            );
          }
        } finally {
          await client.close();
        }
      }
    });

    it('admin tools list people, tokens and the audit log through the same services as REST', async () => {
      const admin = await mcpClient(svc, bearer(secrets.admin!), '?toolsets=admin');
      try {
        const users = (await admin.callTool({ name: 'list_users', arguments: {} })).structuredContent as {
          users: Array<{ username: string }>;
        };
        expect(users.users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'responder-user', 'viewer-user']));
        const tokens = (await admin.callTool({ name: 'list_access_tokens', arguments: { all: true } })).structuredContent as {
          tokens: Array<{ name: string }>;
        };
        expect(tokens.tokens.map((t) => t.name)).toEqual(expect.arrayContaining(['viewer-agent', 'responder-agent', 'admin-agent']));
        expect(JSON.stringify(tokens)).not.toContain(secrets.viewer);
        const audit = (await admin.callTool({ name: 'list_audit_log', arguments: { kind: 'token_created' } })).structuredContent as {
          entries: Array<{ kind: string }>;
        };
        expect(audit.entries.length).toBeGreaterThanOrEqual(3);
        expect(audit.entries.every((e) => e.kind === 'token_created')).toBe(true);
      } finally {
        await admin.close();
      }
    });

    it('refuses a tool the role may not call, and records the token as the actor of a change', async () => {
      const viewer = await mcpClient(svc, bearer(secrets.viewer!));
      try {
        const refused = await viewer.callTool({ name: 'create_incident', arguments: minimalIncident({ environment_id: PROD_ENV }) });
        expect(refused.isError).toBe(true);
        expect(JSON.stringify(refused.content)).toMatch(/responder/);
      } finally {
        await viewer.close();
      }
      const responder = await mcpClient(svc, { ...bearer(secrets.responder!), 'x-actor': 'not-me' });
      try {
        const made = await responder.callTool({
          name: 'create_incident',
          arguments: minimalIncident({ environment_id: PROD_ENV }),
        });
        expect([made.isError, made.content]).toEqual([undefined, expect.anything()]);
        const id = (made.structuredContent as { id: string }).id;
        const detail = await svc.call('GET', `/api/incidents/${id}`, undefined, bearer(secrets.viewer!));
        expect(detail.body.timeline[0]).toMatchObject({ source: 'mcp', actor: 'responder-agent (token of responder-user)' });
      } finally {
        await responder.close();
      }
    });
  });
});

describe('starting in team mode', () => {
  it('refuses to listen on another address while nobody has an account, and says how to fix it', async () => {
    const temp = tempDatabasePath();
    try {
      const { code, output } = await runBundleToExit({ ...(await databaseEnv(temp.path)), HOST: '0.0.0.0' }, 30_000);
      expect(code).toBe(2);
      expect(output).toMatch(/nobody has an account yet.*npm run admin -- create-user/s);
    } finally {
      temp.cleanup();
    }
  });

  it('creates the first admin with the admin command (password from standard input), then requires sign-in', async () => {
    const temp = tempDatabasePath();
    try {
      const env = { PATH: process.env.PATH ?? '', ...(await databaseEnv(temp.path)) };
      const run = (args: string[], input: string) =>
        new Promise<{ code: number | null; output: string }>((done) => {
          const child = spawn(process.execPath, [ADMIN_BUNDLE, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (c: Buffer) => (output += c.toString()));
          child.stderr.on('data', (c: Buffer) => (output += c.toString()));
          child.stdin.end(input);
          child.once('exit', (code) => done({ code, output }));
        });
      const short = await run(['create-user', '--username', 'root', '--role', 'admin'], 'short\n');
      expect(short.code).toBe(2);
      expect(short.output).toMatch(/password.*at least 12/);
      const made = await run(['create-user', '--username', 'Root', '--role', 'admin'], 'a proper passphrase\n');
      expect(made.output).toMatch(/Created root \(admin\)/);
      expect(made.code).toBe(0);
      const svc = await startService({ dbPath: temp.path });
      try {
        expect((await svc.call('GET', '/api/incidents')).status).toBe(401);
        expect((await signIn(svc, 'root', 'a proper passphrase')).status).toBe(200);
      } finally {
        await svc.app.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
