import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type RunningBundle, startBundle } from './support/bundle.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';

const run = promisify(execFile);
const bin = (name: string) => resolve('node_modules/.bin', name);

interface Operation {
  operationId?: string;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  servers?: Array<{ url: string }>;
  info: { version: string; license?: { name: string } };
}

/**
 * What a team writes against a client generated from the document: typed by the generated `paths`
 * (tsc refuses it if a route, field or status is named wrongly), run against the live service.
 */
const SCENARIO = `
import createClient from 'openapi-fetch';
import type { paths, operations } from './schema.js';

type Detail = operations['getIncident']['responses'][200]['content']['application/json'];

const client = createClient<paths>({ baseUrl: process.env.BASE_URL });

async function main(): Promise<void> {
  const created = await client.POST('/api/incidents', {
    body: { title: '결제 API 응답 지연', severity: 'high', incident_type: 'performance', affected_services: ['payment-api'] },
  });
  if (!created.data) throw new Error('create failed: ' + JSON.stringify(created.error));
  const id = created.data.id;
  const statuses: string[] = [created.data.status];
  for (const status of ['investigating', 'identified', 'monitoring'] as const) {
    const moved = await client.PATCH('/api/incidents/{id}', { params: { path: { id } }, body: { status } });
    if (!moved.data) throw new Error('update failed: ' + JSON.stringify(moved.error));
    statuses.push(moved.data.status);
  }
  const resolved = await client.PATCH('/api/incidents/{id}', {
    params: { path: { id } },
    body: { status: 'resolved', resolution_notes: '커넥션 풀 확장' },
  });
  if (!resolved.data) throw new Error('resolve failed: ' + JSON.stringify(resolved.error));
  statuses.push(resolved.data.status);
  const fetched = await client.GET('/api/incidents/{id}', { params: { path: { id } } });
  const detail: Detail | undefined = fetched.data;
  const missing = await client.GET('/api/incidents/{id}', { params: { path: { id: 'inc-none' } } });
  const listed = await client.GET('/api/incidents', { params: { query: { status: 'resolved' } } });
  process.stdout.write(
    JSON.stringify({
      statuses,
      resolvedAt: detail?.resolved_at ?? null,
      notes: detail?.resolution_notes ?? null,
      timelineKinds: detail?.timeline.map((entry) => entry.kind) ?? [],
      missingStatus: missing.response.status,
      missingCode: missing.error?.error ?? null,
      listedIds: listed.data?.items.map((incident) => incident.id) ?? [],
      id,
    }),
  );
}

await main();
`;

describe('the OpenAPI document, as client generators and linters read it', () => {
  let service: RunningBundle;
  let doc: OpenApiDocument;
  const db = tempDatabasePath();
  // Under dist/ so the generated client resolves openapi-fetch from this project's node_modules.
  mkdirSync(resolve('dist'), { recursive: true });
  const work = mkdtempSync(resolve('dist/openapi-client-'));

  beforeAll(async () => {
    service = await startBundle(await databaseEnv(db.path));
    doc = (await (await fetch(`${service.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(doc));
  }, 40_000);

  afterAll(() => {
    service?.child.kill('SIGKILL');
    db.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('names every operation once, as a verb and a noun', () => {
    const ids = Object.values(doc.paths).flatMap((operations) => Object.values(operations).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/incidents']).toMatchObject({ get: { operationId: 'listIncidents' }, post: { operationId: 'createIncident' } });
    expect(doc.paths['/api/incidents/{id}']).toMatchObject({
      get: { operationId: 'getIncident' },
      patch: { operationId: 'updateIncident' },
      delete: { operationId: 'deleteIncident' },
    });
    expect(doc.paths['/api/deployments/{id}/rollback']?.post?.operationId).toBe('rollbackDeployment');
    expect(doc.paths['/api/events']?.get?.operationId).toBe('streamEvents');
  });

  it('passes Redocly lint (recommended rules) with no error or warning', async () => {
    const { stdout } = await run(
      bin('redocly'),
      ['lint', join(work, 'openapi.json'), '--format=json', '--config', resolve('redocly.yaml')],
      {
        maxBuffer: 20 * 1024 * 1024,
      },
    ).catch((failure: { stdout: string }) => failure);
    const problems = (JSON.parse(stdout) as { problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }> })
      .problems;
    expect(problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(doc.servers).toEqual([{ url: '/', description: 'This service' }]);
    expect(doc.info.license?.name).toBe('MIT');
  }, 60_000);

  it('generates a typed client with openapi-typescript that runs the incident scenario', async () => {
    await run(bin('openapi-typescript'), [join(work, 'openapi.json'), '-o', join(work, 'schema.ts')]);
    writeFileSync(join(work, 'scenario.ts'), SCENARIO);
    const compile = [
      ...['--strict', '--noUncheckedIndexedAccess', '--skipLibCheck', '--target', 'es2022'],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--outDir', join(work, 'out')],
    ];
    await run(bin('tsc'), [...compile, join(work, 'scenario.ts'), join(work, 'schema.ts')]).catch((failure: { stdout: string }) => {
      throw new Error(`the generated client does not type-check:\n${failure.stdout}`);
    });
    const { stdout } = await run(process.execPath, [join(work, 'out', 'scenario.js')], {
      env: { ...process.env, BASE_URL: service.baseUrl },
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.statuses).toEqual(['open', 'investigating', 'identified', 'monitoring', 'resolved']);
    expect(result.resolvedAt).toEqual(expect.any(String));
    expect(result.notes).toBe('커넥션 풀 확장');
    expect((result.timelineKinds as string[]).filter((kind) => kind === 'status_changed')).toHaveLength(4);
    expect(result).toMatchObject({ missingStatus: 404, missingCode: 'not_found', listedIds: [result.id] });
  }, 90_000);
});
