import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBundle } from './support/bundle.js';

const onSqlite = process.env.TEST_POSTGRES_URL ? describe.skip : describe;

/**
 * The built service keeps rarely used parts out of its bundle and loads them on first use: the
 * health checks' code when checks run on its own thread, and the terminal log format.
 */
onSqlite('parts of the built service loaded on first use', () => {
  it('runs a health check on its own thread (HEALTH_CHECK_THREADS=0) and logs for a terminal (LOG_FORMAT=pretty)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-apart-'));
    const target = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
    const service = await startBundle({
      DATABASE_PATH: join(dir, 'ops.db'),
      HEALTH_CHECKS_ENABLED: 'true',
      HEALTH_CHECK_THREADS: '0',
      LOG_FORMAT: 'pretty',
    });
    try {
      const json = { 'content-type': 'application/json' };
      const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
      const created = await fetch(`${service.baseUrl}/api/environments`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'apart', environment_type: 'staging', url }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const checked = await fetch(`${service.baseUrl}/api/environments/${id}/check`, { method: 'POST' });
      expect(checked.status).toBe(200);
      expect(await checked.json()).toMatchObject({ status: 'healthy', status_code: 200 });
      expect(service.output()).toContain('Health checks run on the service thread (HEALTH_CHECK_THREADS=0)');
      // Lines for a terminal, not one JSON object a line.
      expect(service.output()).not.toMatch(/^\{"level"/m);
    } finally {
      service.child.kill('SIGKILL');
      target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe('what the bundle leaves out', () => {
  it('schedules nothing with @Cron: cron jobs are left out of the bundle (apps/api/bundle.mjs), intervals are used', () => {
    const withCron = readdirSync('apps/api/src', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => /@Cron\(/.test(readFileSync(join('apps/api/src', file), 'utf8')));
    expect(withCron).toEqual([]);
  });
});
