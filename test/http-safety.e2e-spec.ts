import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { request } from 'node:http';
import { ACCESS_TOKEN, PROD_ENV, minimalDeployment, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { startService, type RunningService } from './support/service.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request sent exactly as given (Host, Origin, content type), as a hostile page or a careless client would. */
function raw(svc: RunningService, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const { port } = new URL(svc.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        // Node sends a DELETE body with neither length nor chunking: the length is given here for every method.
        headers: {
          host: `127.0.0.1:${port}`,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', (error) => reject(new Error(`${method} ${path}: ${error.message}`)));
    req.end(body);
  });
}

/** Pages may load this service's own scripts; an API answer (JSON, MCP, events) may load nothing and is never cached. */
function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>, kind: 'page' | 'api'): void {
  if (kind === 'page') expect(headers['content-security-policy']).toContain("script-src 'self'");
  else {
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['strict-transport-security']).toContain('max-age=');
  }
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

/** Every route the OpenAPI document lists, with the ids of real records filled in, plus the ones it does not list. */
async function everyRoute(svc: RunningService, ids: Record<string, string>): Promise<Array<{ method: string; path: string }>> {
  const doc = (await svc.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace(
        '{id}',
        path.startsWith('/api/incidents') ? ids.incident! : path.startsWith('/api/deployments') ? ids.deployment! : ids.environment!,
      ),
    })),
  );
  return [
    ...routes,
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/operations' },
    { method: 'GET', path: '/api/docs' },
    { method: 'GET', path: '/api/openapi.json' },
  ];
}

describe('a page on another site can neither read nor change anything', () => {
  let svc: RunningService;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    svc = await startService({ env: { ALLOWED_ORIGINS: 'https://ops.example.com', PUBLIC_HOSTNAMES: 'ops.example.com' } });
    ids.environment = (await svc.call('POST', '/api/environments', prodEnvironment())).body.id;
    ids.incident = (await svc.call('POST', '/api/incidents', minimalIncident({ environment_id: PROD_ENV }))).body.id;
    ids.deployment = (await svc.call('POST', '/api/deployments', minimalDeployment())).body.id;
  });
  afterAll(async () => svc.close());

  const counts = async () =>
    Promise.all(['/api/incidents', '/api/environments', '/api/deployments'].map(async (p) => (await svc.call('GET', p)).body.total));

  it('refuses a foreign Host (DNS rebinding) on every route, before anything runs', async () => {
    const before = await counts();
    for (const { method, path } of await everyRoute(svc, ids)) {
      const res = await raw(
        svc,
        method,
        path,
        { host: 'attacker.example:3301', 'content-type': 'application/json' },
        method === 'GET' ? undefined : '{}',
      );
      expect([method, path, res.status]).toEqual([method, path, 403]);
      const body = JSON.parse(res.body) as { message?: string; error?: { message: string } };
      expect(body.message ?? body.error?.message).toContain('is not a name of this service');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a foreign Origin on every route, and an opaque one', async () => {
    const before = await counts();
    for (const { method, path } of await everyRoute(svc, ids)) {
      for (const origin of ['https://attacker.example', 'null', 'http://192.168.1.50']) {
        const res = await raw(svc, method, path, { origin, 'content-type': 'application/json' }, method === 'GET' ? undefined : '{}');
        expect([method, path, origin, res.status]).toEqual([method, path, origin, 403]);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('takes writes only as JSON: a cross-site form post or a text body changes nothing', async () => {
    const before = await counts();
    const writes = (await everyRoute(svc, ids)).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(writes.length).toBeGreaterThan(10);
    for (const { method, path } of writes) {
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'title=x&severity=low&incident_type=data'],
        ['text/plain', '{"title":"x","severity":"low","incident_type":"data"}'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--x--'],
      ] as const) {
        const res = await raw(svc, method, path, { 'content-type': type }, body);
        expect([method, path, type, res.status]).toEqual([method, path, type, 415]);
      }
    }
    expect(await counts()).toEqual(before);
    expect((await svc.call('GET', `/api/incidents/${ids.incident}`)).status).toBe(200);
  });

  it('lets the configured public name and origin in, with CORS headers for that origin only', async () => {
    const res = await raw(svc, 'GET', '/api/incidents', { host: 'ops.example.com', origin: 'https://ops.example.com' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    const preflight = await raw(svc, 'OPTIONS', '/api/incidents', {
      origin: 'https://ops.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    const sameOrigin = await raw(svc, 'GET', '/api/incidents', { origin: svc.baseUrl });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers on the API, the dashboard, the API docs, errors, MCP and the event stream', async () => {
    for (const path of ['/api/incidents', '/', '/api/docs', '/api/openapi.json', '/api/no-such-route', '/api/incidents/inc-missing']) {
      const res = await raw(svc, 'GET', path, {});
      // The dashboard's files exist only once it is built; its headers are the same either way.
      if (path !== '/' && !path.includes('no-such') && !path.includes('missing')) expect([path, res.status < 400]).toEqual([path, true]);
      const kind = path.startsWith('/api/') && !path.startsWith('/api/docs') && !path.startsWith('/api/openapi') ? 'api' : 'page';
      expectSecurityHeaders(res.headers, kind);
      if (kind === 'api') expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
    }
    // MCP and the event stream write their responses themselves.
    const mcp = await raw(
      svc,
      'POST',
      '/mcp',
      { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    );
    expect(mcp.status).toBe(200);
    expectSecurityHeaders(mcp.headers, 'api');
    expect(mcp.headers['x-request-id']).toBeTruthy();
    const stream = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const { port } = new URL(svc.baseUrl);
      const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
        resolve(res.headers);
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(stream['content-type']).toContain('text/event-stream');
    expectSecurityHeaders(stream, 'api');
    // The stream says how it may be cached itself.
    expect(stream['cache-control']).toContain('no-cache');
  });

  it('answers hostile bodies with 400, never 500, and stores nothing', async () => {
    const before = await counts();
    const deep = `${'['.repeat(1_500)}${']'.repeat(1_500)}`;
    const deepObject = `${'{"a":'.repeat(1_500)}1${'}'.repeat(1_500)}`;
    for (const body of [deep, deepObject, '{"title":', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000']) {
      const res = await raw(svc, 'POST', '/api/incidents', { 'content-type': 'application/json' }, body);
      expect([body.slice(0, 30), res.status]).toEqual([body.slice(0, 30), 400]);
      expect(res.body).not.toMatch(/at .*\.(js|ts):\d+|SELECT|INSERT/);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('slow and unauthenticated bodies', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { ACCESS_TOKEN, REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => svc.close());

  /** Sends the headers and part of a body, then waits: what comes back, and after how long. */
  function partialBody(headers: string): Promise<{ text: string; ms: number }> {
    const { port } = new URL(svc.baseUrl);
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/incidents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n${headers}\r\n{"title":`,
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      const done = () => resolve({ text, ms: Date.now() - started });
      socket.on('close', done);
      socket.on('error', done);
      setTimeout(() => socket.destroy(), 10_000);
    });
  }

  it('refuses a request without the token before reading its body', async () => {
    const { text, ms } = await partialBody('');
    expect(text).toMatch(/^HTTP\/1.1 401/);
    expect(text.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(ms).toBeLessThan(900);
  });

  it('gives up on a body that never arrives', async () => {
    const { text, ms } = await partialBody(`Authorization: Bearer ${ACCESS_TOKEN}\r\n`);
    expect(text === '' || /^HTTP\/1.1 408/.test(text)).toBe(true);
    if (text !== '') expect(text.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(8_000);
  });
});
