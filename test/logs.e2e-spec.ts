import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { createApp } from '../apps/api/src/create-app.js';
import { startBundle } from './support/bundle.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';

type Line = Record<string, unknown>;

describe('logs', () => {
  describe('request lines (LOG_LEVEL=debug)', () => {
    const db = tempDatabasePath();
    let app: NestFastifyApplication;
    let baseUrl: string;
    let text = '';
    const lines = (): Line[] =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Line);

    beforeAll(async () => {
      const out = new PassThrough();
      out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      const config = loadConfig({
        ...(await databaseEnv(db.path)),
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        HEALTH_CHECKS_ENABLED: 'false',
      });
      app = await createApp(config, { logDestination: out });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await app.close();
      db.cleanup();
    });

    it('gives every request an id, in its response header and on its log line', async () => {
      const given = await fetch(`${baseUrl}/api/incidents/inc-missing`, { headers: { 'x-request-id': 'trace-42' } });
      expect(given.status).toBe(404);
      expect(given.headers.get('x-request-id')).toBe('trace-42');
      const made = await fetch(`${baseUrl}/api/incidents`);
      const id = made.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const completed = lines().filter((line) => line.msg === 'request completed');
      expect(completed).toContainEqual(
        expect.objectContaining({ level: 'debug', reqId: 'trace-42', method: 'GET', route: '/api/incidents/:id', statusCode: 404 }),
      );
      expect(completed).toContainEqual(expect.objectContaining({ reqId: id, route: '/api/incidents', statusCode: 200 }));
      expect(completed.every((line) => typeof line.responseTime === 'number' && typeof line.time === 'string')).toBe(true);
    });
  });

  it('from the built service: JSON lines naming the real classes', async () => {
    const db = tempDatabasePath();
    const service = await startBundle({ ...(await databaseEnv(db.path)), LOG_FORMAT: 'json' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = service
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Line);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'info', context: 'workflow-mcp', msg: expect.stringMatching(/^Listening on /) }),
      );
      expect(lines.map((line) => line.msg)).toContain('IncidentsController {/api/incidents}:');
      const contexts = new Set(lines.map((line) => line.context));
      expect(contexts).toContain('RoutesResolver');
      for (const context of contexts) expect(String(context)).not.toMatch(/\d$/);
    } finally {
      service.child.kill('SIGKILL');
      db.cleanup();
    }
  }, 40_000);
});
