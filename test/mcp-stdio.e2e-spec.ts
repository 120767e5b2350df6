import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { PROD_ENV, guideOutageIncident, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { DETAILED, INITIALIZE_REQUEST, STDIO_ENTRY, connectStdio } from './support/mcp.js';
import { databaseEnv, startService, tempDatabasePath } from './support/service.js';
import { openSse, type SseConnection } from './support/sse.js';

type StdioSession = Awaited<ReturnType<typeof connectStdio>>;

/** Starting a Node process with the whole service takes a second alone, several on a busy two-core CI machine. */
const SPAWN_TIMEOUT_MS = 60_000;

describe('MCP over stdio: the built server, spawned as Claude Code would', () => {
  const db = tempDatabasePath();
  let mcp: StdioSession;

  beforeAll(async () => {
    mcp = await connectStdio(db.path, 'claude-code');
  }, SPAWN_TIMEOUT_MS);
  afterAll(async () => {
    await mcp?.close();
    db.cleanup();
  });

  it('introduces itself as workflow-mcp', () => {
    expect(mcp.client.getServerVersion()?.name).toBe('workflow-mcp');
  });

  it('runs the guide\'s "인시던트 대응 시나리오" as written', async () => {
    // 1. 인시던트 생성
    const input = guideOutageIncident({ affected_services: ['user-service', 'order-service'] });
    const incident = await mcp.ok('create_incident', input);
    expect(incident).toMatchObject({ ...input, status: 'open' });

    // 2. 상태 업데이트
    const investigating = await mcp.ok('update_incident_status', { incident_id: incident.id, status: 'investigating' });
    expect(investigating.status).toBe('investigating');
    expect(investigating.acknowledged_at).not.toBeNull();

    // 3. 해결 후 종료
    const resolved = await mcp.ok('update_incident', {
      incident_id: incident.id,
      updates: { status: 'resolved', resolution_notes: 'DB 커넥션 풀 재시작' },
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolution_notes: 'DB 커넥션 풀 재시작' });
    expect(resolved.resolved_at).not.toBeNull();

    const story = (await mcp.ok('get_incident', { ...DETAILED, incident_id: incident.id })).timeline;
    expect(story.map((e: { kind: string; source: string; actor: string }) => [e.kind, e.source, e.actor])).toEqual([
      ['created', 'mcp', 'claude-code'],
      ['status_changed', 'mcp', 'claude-code'],
      ['status_changed', 'mcp', 'claude-code'],
      ['updated', 'mcp', 'claude-code'],
    ]);
    expect((await mcp.ok('list_incidents', { ...DETAILED, status: 'resolved' })).incidents.map((i: { id: string }) => i.id)).toEqual([
      incident.id,
    ]);
  });

  it('runs the guide\'s "배포 시나리오" as written', async () => {
    // The guide's environment, registered first.
    const environment = await mcp.ok('create_environment', prodEnvironment());

    // 1. 배포 계획 생성
    const deployment = await mcp.ok('create_deployment', {
      title: '긴급 보안 패치 배포',
      environment_id: PROD_ENV,
      deployment_type: 'hotfix',
      version: 'v2.0.6-security',
    });
    expect(deployment).toMatchObject({
      title: '긴급 보안 패치 배포',
      environment_id: environment.id,
      deployment_type: 'hotfix',
      version: 'v2.0.6-security',
      status: 'planned',
    });

    // 2. 배포 실행 모니터링
    const status = await mcp.ok('get_deployment', { ...DETAILED, deployment_id: deployment.id });
    expect(status).toMatchObject({ id: deployment.id, status: 'planned', allowed_actions: ['execute', 'edit', 'delete'] });
    expect(status.timeline).toEqual([expect.objectContaining({ kind: 'created', source: 'mcp' })]);

    // 3. 시스템 상태 확인
    const health = await mcp.ok('get_system_health', { environment_id: PROD_ENV });
    expect(health.success).toBe(true);
    expect(health.system_health.summary.total_environments).toBe(1);
    expect(health.system_health.environments).toEqual([expect.objectContaining({ environment_id: environment.id, name: PROD_ENV })]);
  });

  it('answers a failing call with an isError result and keeps serving', async () => {
    expect(await mcp.fail('get_deployment', { ...DETAILED, deployment_id: 'deploy-456' })).toContain('No deployment with id "deploy-456"');
    expect((await mcp.ok('list_environments', DETAILED)).total).toBe(1);
  });

  it('wrote nothing but protocol to stdout: the client never met a line it could not parse', () => {
    expect(mcp.transportErrors).toEqual([]);
  });
});

describe('MCP over stdio: the process itself', () => {
  it(
    'prints only JSON-RPC on stdout, from start-up to exit, and exits when its client closes stdin',
    async () => {
      const db = tempDatabasePath();
      const child = spawn(process.execPath, [STDIO_ENTRY], {
        cwd: tmpdir(),
        env: { PATH: process.env.PATH ?? '', ...(await databaseEnv(db.path)) },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const lines: string[] = [];
        let answered!: () => void;
        const initialized = new Promise<void>((resolve) => (answered = resolve));
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          if (line.includes('"id":1')) answered();
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

        // The one request a client must send first; everything else is tested through the SDK client.
        child.stdin.write(`${JSON.stringify(INITIALIZE_REQUEST)}\n`);
        await bounded(initialized, 20_000, () => `no initialize answer; stdout: ${lines.join('\n')}\nstderr: ${stderr}`);
        child.stdin.end();
        const code = await bounded(exited, 10_000, () => 'the server did not exit after stdin closed');

        expect(code).toBe(0);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          let parsed: unknown;
          expect(() => (parsed = JSON.parse(line))).not.toThrow();
          expect(parsed).toMatchObject({ jsonrpc: '2.0' });
        }
        expect(JSON.parse(lines.find((l) => l.includes('"id":1'))!).result.serverInfo.name).toBe('workflow-mcp');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await exited;
        db.cleanup();
      }
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('MCP over stdio next to the HTTP service, on the same database', () => {
  it(
    "each sees the other's writes, and the service's event stream shows the stdio server's",
    async () => {
      const db = tempDatabasePath();
      const svc = await startService({ dbPath: db.path });
      let stdio: StdioSession | undefined;
      let stream: SseConnection | undefined;
      try {
        stream = await openSse(`${svc.baseUrl}/api/events`);
        expect(stream.status).toBe(200);
        stdio = await connectStdio(db.path, 'claude-code');

        const created = await stdio.ok('create_incident', guideOutageIncident());
        const overHttp = await svc.call('GET', `/api/incidents/${created.id}`);
        expect(overHttp.status).toBe(200);
        expect(overHttp.body).toEqual(created);

        let event: Record<string, unknown> | undefined;
        for (let guard = 0; guard < 20 && !event; guard++) {
          const candidate = JSON.parse((await stream.next(10_000)).data);
          if (candidate.entity_id === created.id) event = candidate;
        }
        expect(event).toMatchObject({ entity: 'incident', entity_id: created.id, action: 'created', source: 'mcp', actor: 'claude-code' });

        const fromHttp = await svc.call('POST', '/api/incidents', minimalIncident({ title: 'from the dashboard' }), {
          'x-client': 'dashboard',
          'x-actor': 'lee',
        });
        expect(fromHttp.status).toBe(201);
        await svc.call('PUT', `/api/incidents/${created.id}`, { status: 'investigating' });
        const listed = await stdio.ok('list_incidents', DETAILED);
        expect(listed.incidents.map((i: { id: string }) => i.id).sort()).toEqual([created.id, fromHttp.body.id].sort());
        const read = await stdio.ok('get_incident', { incident_id: created.id, ...DETAILED });
        expect(read.status).toBe('investigating');
        expect(read.timeline.at(-1)).toMatchObject({ kind: 'status_changed', source: 'rest' });

        // Both writing at once: each waits its turn for the file, nobody gets "database is locked".
        const burst = await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => stdio!.call('create_incident', minimalIncident({ title: `stdio ${i}` }))),
          ...Array.from({ length: 10 }, (_, i) => svc.call('POST', '/api/incidents', minimalIncident({ title: `http ${i}` }))),
        ]);
        expect(burst.map((r) => ('status' in r ? r.status : r.isError ? JSON.stringify(r.content) : 201))).toEqual(Array(20).fill(201));
        expect((await svc.call('GET', '/api/incidents')).body.total).toBe(22);
        expect((await stdio.ok('list_incidents')).total).toBe(22);
      } finally {
        stream?.close();
        await stdio?.close();
        await svc.close();
        db.cleanup();
      }
    },
    SPAWN_TIMEOUT_MS,
  );
});

/** Waits for `promise`, failing with `why()` after `ms`. */
async function bounded<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
