import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from './support/service.js';

const INDEX = '<!doctype html><html><body><app-root></app-root><script src="main-ABCD1234.js"></script></body></html>';

describe('dashboard files served by the service', () => {
  let dir: string;
  let svc: RunningService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-dashboard-'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'main-ABCD1234.js'), 'console.log("app")');
    writeFileSync(join(dir, 'favicon.ico'), 'icon');
    svc = await startService({ env: { DASHBOARD_DIR: dir } });
  });
  afterAll(async () => {
    await svc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    '/',
    '/operations',
    '/environments',
    '/deployments',
    '/operations/incidents/inc-123',
    '/deployments/dep-1',
    '/sign-in',
    '/tokens',
    '/password',
    '/admin/users',
  ])('answers %s with the app, revalidated on every load', async (path) => {
    const res = await fetch(svc.baseUrl + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it("tells the page the service's version, package.json's, for the footer", async () => {
    const withHead = '<!doctype html><html><head><title>x</title></head><body><app-root></app-root></body></html>';
    writeFileSync(join(dir, 'index.html'), withHead);
    try {
      const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
      const html = await (await fetch(`${svc.baseUrl}/environments`)).text();
      expect(html).toBe(withHead.replace('</head>', `<meta name="application-version" content="${version}" />\n</head>`));
    } finally {
      writeFileSync(join(dir, 'index.html'), INDEX);
    }
  });

  it('serves hashed bundles as immutable and other files revalidated', async () => {
    const bundle = await fetch(`${svc.baseUrl}/main-ABCD1234.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${svc.baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const head = await fetch(`${svc.baseUrl}/main-ABCD1234.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers a file name that is not in the build, or one reaching outside it, with the JSON 404', async () => {
    for (const path of ['/main-XXXX0000.js', '/index.html.bak', '/..%2Fpackage.json', '/%2e%2e%2fpackage.json']) {
      const res = await svc.call('GET', path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body).toMatchObject({ statusCode: 404 });
    }
  });

  it('leaves /api alone: unknown API paths still get the JSON 404, real ones work', async () => {
    const unknown = await svc.call('GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    expect((await svc.call('GET', '/api/incidents')).status).toBe(200);
    expect((await svc.call('GET', '/api/openapi.json')).status).toBe(200);
  });

  it('leaves /mcp to the MCP endpoint', async () => {
    const res = await fetch(`${svc.baseUrl}/mcp`, { method: 'GET' });
    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
  });
});

describe('dashboard not built', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { DASHBOARD_DIR: join(tmpdir(), 'workflow-mcp-no-such-dashboard') } });
  });
  afterAll(async () => svc.close());

  it('still starts, and the pages say how to build the dashboard', async () => {
    for (const path of ['/', '/operations', '/deployments/dep-1']) {
      const res = await fetch(svc.baseUrl + path);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('The dashboard is not built');
      expect(text).toContain('npm run build:dashboard');
    }
    expect((await svc.call('GET', '/api/incidents')).status).toBe(200);
  });
});
