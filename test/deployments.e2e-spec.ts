import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { LIMITS, type DeploymentCreate, type EnvironmentCreate } from '../libs/domain/src/index.js';
import { PROD_ENV, guideDeployment, minimalDeployment } from './support/fixtures.js';
import { listenOnLoopback, refusedUrl } from './support/loopback.js';
import { SettableClock, startService, tempDatabasePath, type RunningService } from './support/service.js';
import { addTimelineEntries, pageBack, timelineIds } from './support/timeline.js';

const STATUSES = ['planned', 'in_progress', 'completed', 'failed', 'rolled_back'] as const;
type Status = (typeof STATUSES)[number];
const ACTIONS = ['execute', 'progress', 'complete', 'fail', 'rollback', 'edit', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

/** SPEC §5, written out independently of the domain library so the service is checked against the spec, not itself. */
const ALLOWED: Record<Status, Action[]> = {
  planned: ['execute', 'edit', 'delete'],
  in_progress: ['progress', 'complete', 'fail', 'rollback'],
  completed: ['rollback'],
  failed: ['rollback'],
  rolled_back: [],
};
const STATUS_AFTER: Partial<Record<Action, Status>> = {
  execute: 'in_progress',
  complete: 'completed',
  fail: 'failed',
  rollback: 'rolled_back',
};
const MOVES: Array<[Status, Status]> = [
  ['planned', 'in_progress'],
  ['in_progress', 'completed'],
  ['in_progress', 'failed'],
  ['in_progress', 'rolled_back'],
  ['completed', 'rolled_back'],
  ['failed', 'rolled_back'],
];

interface HookServer {
  url: string;
  received: Array<{ path: string; body: any }>;
  close: () => Promise<void>;
}

/** A pipeline stand-in: records each POST; `/hold` answers only when released, `/broken` answers 500. */
async function startHookServer(): Promise<HookServer & { release: () => void; arrived: Promise<void> }> {
  const received: HookServer['received'] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) });
      arrive();
      if (req.url === '/broken') {
        res.writeHead(500).end('no');
      } else if (req.url === '/hold') {
        void released.then(() => res.writeHead(202).end('queued'));
      } else {
        res.writeHead(200).end('ok');
      }
    });
  });
  return {
    url: await listenOnLoopback(server),
    received,
    release,
    arrived,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const kinds = (detail: { timeline: Array<{ kind: string }> }) => detail.timeline.map((e) => e.kind);

describe('deployments over REST', () => {
  let svc: RunningService;
  const clock = new SettableClock('2025-01-10T10:00:00.000Z');
  let prodId: string;

  /** Moves the clock on, so every record gets its own time and orders are deterministic. */
  const tick = (ms = 60_000) => clock.set(new Date(Date.parse(clock.now()) + ms).toISOString());

  const environment = async (name: string, extra: Partial<EnvironmentCreate> = {}) => {
    const res = await svc.call('POST', '/api/environments', { name, environment_type: 'staging', ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };

  const plan = async (overrides: Partial<DeploymentCreate> = {}) => {
    tick();
    const res = await svc.call('POST', '/api/deployments', minimalDeployment({ environment_id: 'lifecycle-env', ...overrides }));
    expect(res.status).toBe(201);
    return res.body;
  };

  const post = (id: string, action: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    svc.call('POST', `/api/deployments/${id}/${action}`, body, headers);

  const perform: Record<Action, (id: string) => ReturnType<RunningService['call']>> = {
    execute: (id) => post(id, 'execute'),
    progress: (id) => post(id, 'progress', { percentage: 50 }),
    complete: (id) => post(id, 'complete'),
    fail: (id) => post(id, 'fail', { reason: 'pods crash-looping' }),
    rollback: (id) => post(id, 'rollback'),
    edit: (id) => svc.call('PATCH', `/api/deployments/${id}`, { version: 'v9' }),
    delete: (id) => svc.call('DELETE', `/api/deployments/${id}`),
  };

  let scratch = 0;
  /** An environment of its own, so that what runs in it is only what the test starts. */
  const freshEnvironment = async (extra: Partial<EnvironmentCreate> = {}) =>
    (await environment(`scratch-${++scratch}`, extra)).id as string;

  /**
   * A deployment in `status`, reached through the REST actions, in an environment of its own unless
   * one is given (one deployment per environment runs at a time); it can always be rolled back to v0.
   */
  const deploymentIn = async (status: Status, overrides: Partial<DeploymentCreate> = {}) => {
    const d = await plan({ rollback_version: 'v0', environment_id: overrides.environment_id ?? (await freshEnvironment()), ...overrides });
    const path: Record<Status, Action[]> = {
      planned: [],
      in_progress: ['execute'],
      completed: ['execute', 'complete'],
      failed: ['execute', 'fail'],
      rolled_back: ['execute', 'rollback'],
    };
    let last = d;
    for (const action of path[status]) {
      const res = await perform[action](d.id);
      expect([action, res.status]).toEqual([action, 200]);
      last = res.body;
    }
    expect(last.status).toBe(status);
    return last;
  };

  const waitForTimeline = async (id: string, kind: string) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const detail = (await svc.call('GET', `/api/deployments/${id}`)).body;
      const entry = detail.timeline.find((e: { kind: string }) => e.kind === kind);
      if (entry) return { detail, entry };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${kind} entry on deployment ${id} after 5 s`);
  };

  beforeAll(async () => {
    svc = await startService({ clock });
    prodId = (await environment(PROD_ENV, { environment_type: 'production', current_version: 'v2.0.5' })).id;
    await environment('lifecycle-env');
  });
  afterAll(async () => svc.close());

  describe('planning', () => {
    it('creates the guide example, resolving the environment by name and storing the schedule in UTC', async () => {
      const res = await svc.call('POST', '/api/deployments', guideDeployment(), { 'x-actor': 'kim' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        ...guideDeployment(),
        environment_id: prodId,
        scheduled_at: '2025-01-15T02:00:00.000Z',
        previous_version: null,
        notes: '',
        progress_percentage: null,
        allowed_actions: ['execute', 'edit', 'delete'],
        revision: 1,
        started_at: null,
        completed_at: null,
      });
      expect(res.body.id).toMatch(/^dep-/);
      expect(res.body).not.toHaveProperty('timeline');

      const detail = (await svc.call('GET', `/api/deployments/${res.body.id}`)).body;
      expect(detail.timeline).toEqual([
        expect.objectContaining({
          kind: 'created',
          source: 'rest',
          actor: 'kim',
          message: 'Planned v2.1.0 (blue_green) to prod-env-123, scheduled for 2025-01-15T02:00:00.000Z',
        }),
      ]);
    });

    it('normalizes a schedule given with an offset to UTC, and keeps unknown config keys', async () => {
      const d = await plan({
        scheduled_at: '2025-01-15T11:00:00+09:00',
        deployment_config: { instances: 2, region: 'ap-northeast-2', canary: { steps: [10, 50] } },
      });
      expect(d.scheduled_at).toBe('2025-01-15T02:00:00.000Z');
      expect(d.deployment_config).toEqual({ instances: 2, region: 'ap-northeast-2', canary: { steps: [10, 50] } });
    });

    it('names every bad field in a 400', async () => {
      const bad = await svc.call('POST', '/api/deployments', {
        title: 'x',
        environment_id: PROD_ENV,
        deployment_type: 'big_bang',
        scheduled_at: 'tomorrow',
        extra: true,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
      const fields = bad.body.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['deployment_type', 'extra', 'scheduled_at', 'version']);
      const message = (field: string) => bad.body.fields.find((f: { field: string }) => f.field === field).messages.join(' ');
      expect(message('deployment_type')).toContain('must be one of: blue_green, rolling, canary, hotfix');
      expect(message('scheduled_at')).toContain('ISO-8601');
    });

    it('refuses a date that does not exist', async () => {
      const res = await svc.call('POST', '/api/deployments', guideDeployment({ scheduled_at: '2025-02-30T02:00:00Z' }));
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'scheduled_at', messages: [expect.stringContaining('not a real date')] }]);
    });

    it('refuses any starting status but planned, and says to use execute', async () => {
      const res = await svc.call('POST', '/api/deployments', { ...guideDeployment(), status: 'in_progress' });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('status');
      expect(res.body.message).toContain('new deployments start as planned');
      expect(res.body.message).toContain('execute');
    });

    it('refuses an unknown environment as a 400 on environment_id', async () => {
      const res = await svc.call('POST', '/api/deployments', guideDeployment({ environment_id: 'nowhere' }));
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'environment_id', messages: [expect.stringContaining('"nowhere"')] }]);
    });

    it('checks the known deployment_config keys and its size', async () => {
      const res = await svc.call(
        'POST',
        '/api/deployments',
        guideDeployment({ deployment_config: { instances: 0, rollout_percentage: 150, health_check_url: 'health' } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.fields).toHaveLength(1);
      expect(res.body.fields[0].field).toBe('deployment_config');
      expect(res.body.message).toContain('deployment_config.instances must be a whole number of at least 1');
      expect(res.body.message).toContain('deployment_config.rollout_percentage must be a number from 0 to 100');
      expect(res.body.message).toContain('deployment_config.health_check_url must be a path');
      const notObject = await svc.call('POST', '/api/deployments', { ...guideDeployment(), deployment_config: [1, 2] });
      expect(notObject.status).toBe(400);
      const huge = await svc.call('POST', '/api/deployments', guideDeployment({ deployment_config: { blob: 'x'.repeat(17_000) } }));
      expect(huge.status).toBe(400);
      expect(huge.body.message).toContain('at most 16384 bytes');
    });

    it('answers 404 for a deployment that does not exist, on every route', async () => {
      const missing = 'dep-doesnotexist';
      for (const res of [
        await svc.call('GET', `/api/deployments/${missing}`),
        await svc.call('PATCH', `/api/deployments/${missing}`, { title: 'x' }),
        await svc.call('PUT', `/api/deployments/${missing}`, { title: 'x' }),
        await svc.call('DELETE', `/api/deployments/${missing}`),
        await post(missing, 'execute'),
        await post(missing, 'progress', { percentage: 1 }),
        await post(missing, 'complete'),
        await post(missing, 'fail', { reason: 'x' }),
        await post(missing, 'rollback'),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('not_found');
        expect(res.body.message).toContain(missing);
      }
    });
  });

  describe('lifecycle', () => {
    it.each(STATUSES)('from %s allows exactly the actions of the table', async (status) => {
      for (const action of ACTIONS) {
        const d = await deploymentIn(status);
        expect(d.allowed_actions).toEqual(ALLOWED[status]);
        const res = await perform[action](d.id);
        if (ALLOWED[status].includes(action)) {
          expect([action, res.status]).toEqual([action, action === 'delete' ? 204 : 200]);
          if (action !== 'delete') expect([action, res.body.status]).toEqual([action, STATUS_AFTER[action] ?? status]);
        } else {
          expect([action, res.status]).toEqual([action, 409]);
          expect(res.body).toMatchObject({ error: 'invalid_transition', current_status: status, allowed_actions: ALLOWED[status] });
          expect(res.body.message).toContain(`is ${status}`);
          const after = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
          expect([action, after.status, after.revision]).toEqual([action, status, d.revision]);
        }
      }
    });

    it('moves through PATCH status exactly as through the action routes', async () => {
      for (const from of STATUSES) {
        for (const to of STATUSES) {
          if (from === to) continue;
          const d = await deploymentIn(from);
          const res = await svc.call('PATCH', `/api/deployments/${d.id}`, {
            status: to,
            ...(to === 'failed' ? { failure_reason: 'smoke test failed' } : {}),
          });
          if (MOVES.some(([a, b]) => a === from && b === to)) {
            expect([from, to, res.status]).toEqual([from, to, 200]);
            expect(res.body.status).toBe(to);
          } else {
            expect([from, to, res.status]).toEqual([from, to, 409]);
            expect(res.body).toMatchObject({ error: 'invalid_transition', current_status: from, allowed_actions: ALLOWED[from] });
            expect(res.body.message).toContain(`from ${from} to ${to}`);
          }
        }
      }
    });

    it('needs a reason to fail, through either route', async () => {
      const d = await deploymentIn('in_progress');
      expect((await post(d.id, 'fail', {})).status).toBe(400);
      const patched = await svc.call('PATCH', `/api/deployments/${d.id}`, { status: 'failed' });
      expect(patched.status).toBe(400);
      expect(patched.body.fields[0].field).toBe('failure_reason');
      const stray = await svc.call('PATCH', `/api/deployments/${d.id}`, { failure_reason: 'x' });
      expect(stray.status).toBe(400);
      expect((await svc.call('GET', `/api/deployments/${d.id}`)).body.status).toBe('in_progress');
    });

    it('records start, progress and completion times and values', async () => {
      const d = await plan({ rollback_version: 'v0' });
      tick();
      const started = (await post(d.id, 'execute')).body;
      expect(started).toMatchObject({ status: 'in_progress', started_at: clock.now(), progress_percentage: 0, completed_at: null });
      const progressed = await post(d.id, 'progress', { percentage: 40, message: '2 of 5 pods updated' });
      expect(progressed.body).toMatchObject({ progress_percentage: 40, progress_message: '2 of 5 pods updated' });
      expect((await post(d.id, 'progress', { percentage: 101 })).status).toBe(400);
      expect((await post(d.id, 'progress', { percentage: 12.5 })).status).toBe(400);
      tick();
      const done = (await post(d.id, 'complete', { notes: 'no errors' })).body;
      expect(done).toMatchObject({
        status: 'completed',
        completed_at: clock.now(),
        progress_percentage: 100,
        notes: 'no errors',
        allowed_actions: ['rollback'],
      });
    });
  });

  describe('versions', () => {
    it("complete sets the environment's current_version and remembers the one it replaced", async () => {
      const env = await environment('versions-complete', { current_version: 'v1.0.0' });
      const d = await plan({ environment_id: env.name, version: 'v1.1.0' });
      await post(d.id, 'execute');
      expect((await svc.call('GET', `/api/environments/${env.id}`)).body.current_version).toBe('v1.0.0');
      const done = (await post(d.id, 'complete')).body;
      expect(done.previous_version).toBe('v1.0.0');
      const after = (await svc.call('GET', `/api/environments/${env.id}`)).body;
      expect(after).toMatchObject({ current_version: 'v1.1.0', previous_version: 'v1.0.0' });
    });

    it('rollback restores rollback_version and records why', async () => {
      const env = await environment('versions-rollback', { current_version: 'v2.0.4' });
      const d = await plan({ environment_id: env.id, version: 'v2.1.0', rollback_version: 'v2.0.5' });
      await post(d.id, 'execute');
      await post(d.id, 'complete');
      const res = await post(d.id, 'rollback', { reason: 'error rate spiked' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rolled_back',
        rolled_back_to: 'v2.0.5',
        rollback_reason: 'error rate spiked',
        allowed_actions: [],
      });
      expect((await svc.call('GET', `/api/environments/${env.id}`)).body).toMatchObject({
        current_version: 'v2.0.5',
        previous_version: 'v2.1.0',
      });
      const detail = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(detail.timeline.at(-1)).toMatchObject({ kind: 'rolled_back', message: 'Rolled back to v2.0.5: error rate spiked' });
    });

    it('rollback without rollback_version restores the version before this deployment', async () => {
      const env = await environment('versions-previous', { current_version: 'v3.0.0' });
      const d = await plan({ environment_id: env.id, version: 'v3.1.0' });
      await post(d.id, 'execute');
      await post(d.id, 'complete');
      const res = await post(d.id, 'rollback');
      expect(res.body).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v3.0.0', rollback_reason: null });
      expect((await svc.call('GET', `/api/environments/${env.id}`)).body.current_version).toBe('v3.0.0');
    });

    it('a rollback_version in the request wins over the planned one', async () => {
      const env = await environment('versions-override', { current_version: 'v4.0.0' });
      const d = await plan({ environment_id: env.id, version: 'v4.1.0', rollback_version: 'v4.0.0' });
      await post(d.id, 'execute');
      const res = await post(d.id, 'rollback', { rollback_version: 'v3.9.9', reason: 'bad migration' });
      expect(res.body.rolled_back_to).toBe('v3.9.9');
      expect((await svc.call('GET', `/api/environments/${env.id}`)).body.current_version).toBe('v3.9.9');
    });

    it('refuses a rollback with no version to go back to, and accepts it once one is given', async () => {
      const env = await environment('versions-none');
      const d = await plan({ environment_id: env.id, version: 'v0.1.0' });
      await post(d.id, 'execute');
      await post(d.id, 'complete');
      const res = await post(d.id, 'rollback', { reason: 'broken' });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('No version to roll back to; pass rollback_version');
      expect((await svc.call('GET', `/api/deployments/${d.id}`)).body.status).toBe('completed');
      expect((await svc.call('GET', `/api/environments/${env.id}`)).body.current_version).toBe('v0.1.0');
      const given = await post(d.id, 'rollback', { rollback_version: 'v0.0.9' });
      expect(given.body).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v0.0.9' });
    });

    it('a failed deployment rolls back to the version before it, or to one it is told', async () => {
      const env = await environment('versions-failed', { current_version: 'v5.0.0' });
      const d = await plan({ environment_id: env.id, version: 'v5.1.0' });
      await post(d.id, 'execute');
      const failed = (await post(d.id, 'fail', { reason: 'migrations timed out' })).body;
      expect(failed).toMatchObject({ status: 'failed', previous_version: 'v5.0.0', allowed_actions: ['rollback'] });
      const res = await svc.call('PATCH', `/api/deployments/${d.id}`, {
        status: 'rolled_back',
        rollback_version: 'v4.9.0',
        rollback_reason: 'restore',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rolled_back',
        rolled_back_to: 'v4.9.0',
        rollback_reason: 'restore',
        rollback_version: 'v4.9.0',
        revision: 4,
      });
    });
  });

  describe('one deployment in progress per environment', () => {
    const runningIn = async (environmentId: string) =>
      (await svc.call('GET', `/api/deployments?environment_id=${environmentId}&status=in_progress`)).body.items;

    it('refuses to execute a second one with a 409 that names the running one', async () => {
      const envId = await freshEnvironment({ current_version: 'v1' });
      const first = await plan({ environment_id: envId, title: 'first rollout', version: 'v2' });
      const second = await plan({ environment_id: envId, title: 'second rollout', version: 'v3' });
      expect((await post(first.id, 'execute')).status).toBe(200);

      const refused = await post(second.id, 'execute');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'conflict', current_status: 'planned', allowed_actions: ['edit', 'delete'] });
      expect(refused.body.message).toContain(`${first.id} "first rollout"`);
      expect(refused.body.message).toContain('Complete, fail or roll it back first');
      // The same through PATCH status.
      const patched = await svc.call('PATCH', `/api/deployments/${second.id}`, { status: 'in_progress' });
      expect(patched.status).toBe(409);
      expect(patched.body.message).toContain(first.id);
      expect((await svc.call('GET', `/api/deployments/${second.id}`)).body).toMatchObject({
        status: 'planned',
        revision: 1,
        allowed_actions: ['edit', 'delete'],
      });

      // Once the first has finished, the second may start.
      await post(first.id, 'fail', { reason: 'smoke test failed' });
      expect((await svc.call('GET', `/api/deployments/${second.id}`)).body.allowed_actions).toEqual(['execute', 'edit', 'delete']);
      expect((await post(second.id, 'execute')).status).toBe(200);
    });

    it('holds when two executes arrive at once: one starts, the other is refused naming it', async () => {
      for (let round = 0; round < 5; round++) {
        const envId = await freshEnvironment();
        const a = await plan({ environment_id: envId, title: `race a${round}` });
        const b = await plan({ environment_id: envId, title: `race b${round}` });
        const [ra, rb] = await Promise.all([post(a.id, 'execute'), post(b.id, 'execute')]);
        expect([ra.status, rb.status].sort()).toEqual([200, 409]);
        const [winner, loser] = ra.status === 200 ? [a, rb] : [b, ra];
        expect(loser.body.error).toBe('conflict');
        expect(loser.body.message).toContain(`${winner.id} "${winner.title}"`);
        expect(loser.body.message).toContain('Complete, fail or roll it back first');
        expect((await runningIn(envId)).map((d: { id: string }) => d.id)).toEqual([winner.id]);
      }
    });

    it('is held by the database itself, not only by the check', async () => {
      const db = svc.app.get(DataSource);
      const envId = await freshEnvironment();
      const a = await plan({ environment_id: envId });
      const b = await plan({ environment_id: envId });
      expect((await post(a.id, 'execute')).status).toBe(200);
      const sneak = db.createQueryBuilder().update('deployments').set({ status: 'in_progress' }).where('id = :id', { id: b.id }).execute();
      await expect(sneak).rejects.toThrow(/UNIQUE constraint failed|idx_deployments_one_in_progress/);
    });

    it('answers a racing execute that only the database caught with the same 409 (PostgreSQL)', async () => {
      const db = svc.app.get(DataSource);
      // On SQLite every writer waits for the one before it, so the check already sees every run.
      if (db.options.type !== 'postgres') return;
      const envId = await freshEnvironment();
      const a = await plan({ environment_id: envId, title: 'held open' });
      const b = await plan({ environment_id: envId });
      const runner = db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        // A starts in a transaction that has not committed: B's check cannot see it.
        await runner.query(`UPDATE deployments SET status = 'in_progress', status_rank = 1 WHERE id = $1`, [a.id]);
        const pending = post(b.id, 'execute');
        // Wait until B's write waits on the index entry A holds.
        for (let i = 0; i < 100; i++) {
          const [{ n }] = await db.query(
            `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (Number(n) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await runner.commitTransaction();
        const res = await pending;
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('conflict');
        expect(res.body.message).toContain(`${a.id} "held open"`);
        expect((await svc.call('GET', `/api/deployments/${b.id}`)).body).toMatchObject({ status: 'planned', revision: 1 });
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });

  describe('rollback targets', () => {
    it('records the version the environment ran when the deployment starts', async () => {
      const envId = await freshEnvironment({ current_version: 'v6.0.0' });
      const d = await plan({ environment_id: envId, version: 'v6.1.0' });
      expect(d).toMatchObject({ previous_version: null, allowed_actions: ['execute', 'edit', 'delete'] });
      const started = (await post(d.id, 'execute')).body;
      expect(started).toMatchObject({ previous_version: 'v6.0.0', allowed_actions: ['progress', 'complete', 'fail', 'rollback'] });
      const detail = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(detail.timeline.at(-1)).toMatchObject({ kind: 'executed', data: expect.objectContaining({ previous_version: 'v6.0.0' }) });
    });

    it.each(['in_progress', 'failed', 'completed'] as const)(
      'from %s, without rollback_version, restores the version before the deployment',
      async (status) => {
        const envId = await freshEnvironment({ current_version: 'v7.0.0' });
        const d = await plan({ environment_id: envId, version: 'v7.1.0' });
        await post(d.id, 'execute');
        if (status === 'failed') await post(d.id, 'fail', { reason: 'pods crash-looping' });
        if (status === 'completed') await post(d.id, 'complete');
        const res = await post(d.id, 'rollback', { reason: 'bad release' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v7.0.0', previous_version: 'v7.0.0' });
        expect((await svc.call('GET', `/api/environments/${envId}`)).body.current_version).toBe('v7.0.0');
      },
    );

    it("prefers the deployment's own rollback_version, from failed too", async () => {
      const envId = await freshEnvironment({ current_version: 'v8.0.0' });
      const d = await plan({ environment_id: envId, version: 'v8.1.0', rollback_version: 'v7.9.9' });
      await post(d.id, 'execute');
      await post(d.id, 'fail', { reason: 'x' });
      expect((await post(d.id, 'rollback')).body).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v7.9.9' });
      expect((await svc.call('GET', `/api/environments/${envId}`)).body.current_version).toBe('v7.9.9');
    });

    it.each(['in_progress', 'failed', 'completed'] as const)(
      'from %s with nothing known, refuses with 409, says to pass rollback_version and does not offer rollback',
      async (status) => {
        const envId = await freshEnvironment();
        const d = await plan({ environment_id: envId, version: 'v0.1.0' });
        await post(d.id, 'execute');
        if (status === 'failed') await post(d.id, 'fail', { reason: 'x' });
        if (status === 'completed') await post(d.id, 'complete');
        const current = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
        expect(current.allowed_actions).not.toContain('rollback');

        const res = await post(d.id, 'rollback', { reason: 'broken' });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ error: 'conflict', current_status: status, allowed_actions: current.allowed_actions });
        expect(res.body.message).toContain('pass rollback_version');
        expect((await svc.call('GET', `/api/deployments/${d.id}`)).body).toMatchObject({ status, revision: current.revision });
        expect((await post(d.id, 'rollback', { rollback_version: 'v0.0.9' })).body).toMatchObject({
          status: 'rolled_back',
          rolled_back_to: 'v0.0.9',
        });
      },
    );
  });

  describe('allowed_actions are exactly what the API accepts', () => {
    interface Scenario {
      status: Status;
      /** The environment ran a version before: a rollback has a target. */
      known: boolean;
      /** Another deployment of the environment is in progress. */
      busy?: boolean;
    }
    const SCENARIOS: Scenario[] = [
      ...STATUSES.flatMap((status) => [
        { status, known: true },
        { status, known: false },
      ]),
      { status: 'planned', known: true, busy: true },
    ];

    /** A deployment in the scenario's status with no rollback_version of its own, reached through the API. */
    const inScenario = async ({ status, known, busy }: Scenario) => {
      const envId = await freshEnvironment(known ? { current_version: 'v1.0.0' } : {});
      if (busy) expect((await post((await plan({ environment_id: envId })).id, 'execute')).status).toBe(200);
      const d = await plan({ environment_id: envId, version: 'v1.1.0' });
      const path: Record<Status, Array<() => ReturnType<RunningService['call']>>> = {
        planned: [],
        in_progress: [() => post(d.id, 'execute')],
        completed: [() => post(d.id, 'execute'), () => post(d.id, 'complete')],
        failed: [() => post(d.id, 'execute'), () => post(d.id, 'fail', { reason: 'x' })],
        rolled_back: [() => post(d.id, 'execute'), () => post(d.id, 'rollback', { rollback_version: 'v0.9.0' })],
      };
      for (const step of path[status]) expect((await step()).status).toBe(200);
      const current = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(current.status).toBe(status);
      return current;
    };

    it.each(SCENARIOS.map((s) => [`${s.status}${s.known ? '' : ', no version known'}${s.busy ? ', environment busy' : ''}`, s]))(
      '%s: every listed action succeeds, every other one is refused',
      async (_name, scenario) => {
        const first = await inScenario(scenario as Scenario);
        const listed: Action[] = first.allowed_actions;
        expect(listed.every((a) => ALLOWED[first.status as Status].includes(a))).toBe(true);
        // The list agrees with the detail.
        const inList = (await svc.call('GET', `/api/deployments?environment_id=${first.environment_id}`)).body.items.find(
          (d: { id: string }) => d.id === first.id,
        );
        expect(inList.allowed_actions).toEqual(listed);
        for (const action of ACTIONS) {
          const d = await inScenario(scenario as Scenario);
          const res = await perform[action](d.id);
          if (listed.includes(action)) {
            expect([action, res.status]).toEqual([action, action === 'delete' ? 204 : 200]);
          } else {
            expect([action, res.status]).toEqual([action, 409]);
            expect([action, res.body.allowed_actions]).toEqual([action, listed]);
          }
        }
      },
    );
  });

  describe('timeline paging', () => {
    it('shows the newest entries with a cursor to the older ones, and pages back through all of them exactly once', async () => {
      const d = await plan({ environment_id: await freshEnvironment(), rollback_version: 'v0' });
      await post(d.id, 'execute');
      await addTimelineEntries(svc, 'deployment', d.id, LIMITS.timelineMax + 25);
      await post(d.id, 'progress', { percentage: 99, message: 'last word' });
      const all = await timelineIds(svc, 'deployment', d.id);
      expect(all).toHaveLength(LIMITS.timelineMax + 28);

      const detail = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(detail.timeline).toHaveLength(LIMITS.timelineMax);
      expect(detail.timeline.map((e: { id: number }) => e.id)).toEqual(all.slice(-LIMITS.timelineMax));
      expect(detail.timeline.at(-1)).toMatchObject({ kind: 'progress', message: 'Progress 99%: last word' });
      expect(detail.timeline_has_more).toBe(true);
      expect(typeof detail.timeline_next_cursor).toBe('string');

      const older = await pageBack(async (cursor) => {
        const res = await svc.call('GET', `/api/deployments/${d.id}/timeline?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          total: Math.min(all.length, LIMITS.listTotalMax),
          total_capped: all.length > LIMITS.listTotalMax,
          limit: 10,
        });
        return res.body;
      }, detail.timeline_next_cursor);
      expect(older.pages).toHaveLength(3);
      expect([...older.ids, ...detail.timeline.map((e: { id: number }) => e.id)]).toEqual(all);

      // From the start, without the detail: the same timeline, page by page.
      const whole = await pageBack(
        async (cursor) =>
          (await svc.call('GET', `/api/deployments/${d.id}/timeline?limit=${LIMITS.timelineMax}${cursor ? `&cursor=${cursor}` : ''}`)).body,
        null,
      );
      expect(whole.ids).toEqual(all);
      expect(whole.pages.map((p) => p.items!.length)).toEqual([LIMITS.timelineMax, 28]);
    });

    it('has nothing more for a short timeline, and refuses bad input', async () => {
      const d = await plan();
      const detail = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(detail).toMatchObject({ timeline_has_more: false, timeline_next_cursor: null });
      const page = (await svc.call('GET', `/api/deployments/${d.id}/timeline`)).body;
      expect(page).toEqual({
        items: detail.timeline,
        total: 1,
        total_capped: false,
        limit: LIMITS.listLimitDefault,
        has_more: false,
        next_cursor: null,
      });
      expect((await svc.call('GET', `/api/deployments/dep-missing/timeline`)).status).toBe(404);
      const badCursor = await svc.call('GET', `/api/deployments/${d.id}/timeline?cursor=garbage`);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.fields[0].field).toBe('cursor');
      expect((await svc.call('GET', `/api/deployments/${d.id}/timeline?limit=${LIMITS.timelineMax + 1}`)).status).toBe(400);
      expect((await svc.call('GET', `/api/deployments/${d.id}/timeline?limit=0`)).status).toBe(400);
    });
  });

  describe('editing and deleting', () => {
    it('changes the plan only while planned, and the description any time', async () => {
      const other = await environment('edit-target');
      const d = await plan();
      const edited = await svc.call('PATCH', `/api/deployments/${d.id}`, {
        environment_id: 'edit-target',
        version: 'v1.2',
        deployment_type: 'canary',
        deployment_config: { rollout_percentage: 5 },
        scheduled_at: '2025-03-01T00:00:00Z',
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        environment_id: other.id,
        version: 'v1.2',
        deployment_type: 'canary',
        deployment_config: { rollout_percentage: 5 },
        scheduled_at: '2025-03-01T00:00:00.000Z',
        revision: 2,
      });
      const unscheduled = await svc.call('PUT', `/api/deployments/${d.id}`, { scheduled_at: null });
      expect(unscheduled.body.scheduled_at).toBeNull();

      await post(d.id, 'execute');
      await post(d.id, 'complete');
      for (const change of [
        { version: 'v2' },
        { environment_id: 'lifecycle-env' },
        { deployment_type: 'hotfix' },
        { deployment_config: {} },
        { scheduled_at: '2025-05-01T00:00:00Z' },
      ]) {
        const refused = await svc.call('PATCH', `/api/deployments/${d.id}`, change);
        expect(refused.status).toBe(409);
        // Nothing to roll back to is known yet (edit-target ran no version): rollback is not offered.
        expect(refused.body).toMatchObject({ error: 'invalid_transition', current_status: 'completed', allowed_actions: [] });
        expect(refused.body.message).toContain(`${Object.keys(change)[0]} can change only while it is planned`);
      }
      const free = await svc.call('PATCH', `/api/deployments/${d.id}`, {
        title: 'renamed',
        description: 'after the fact',
        notes: 'postmortem linked',
        tags: ['late', 'late'],
        rollback_version: 'v1.1',
        version: 'v1.2',
      });
      expect(free.status).toBe(200);
      expect(free.body).toMatchObject({
        title: 'renamed',
        description: 'after the fact',
        notes: 'postmortem linked',
        tags: ['late'],
        rollback_version: 'v1.1',
        status: 'completed',
        allowed_actions: ['rollback'],
      });
    });

    it('refuses a stale revision with 409 and keeps the newer change', async () => {
      const d = await plan({ title: 'first' });
      expect((await svc.call('PATCH', `/api/deployments/${d.id}`, { title: 'second', revision: 1 })).status).toBe(200);
      const stale = await svc.call('PATCH', `/api/deployments/${d.id}`, { title: 'third', revision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('revision_conflict');
      expect((await svc.call('GET', `/api/deployments/${d.id}`)).body).toMatchObject({ title: 'second', revision: 2 });
    });

    it('refuses null for a field that cannot be empty, and an unknown environment', async () => {
      const d = await plan();
      const res = await svc.call('PATCH', `/api/deployments/${d.id}`, { title: null });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('title');
      const unknown = await svc.call('PATCH', `/api/deployments/${d.id}`, { environment_id: 'nowhere' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields[0].field).toBe('environment_id');
    });

    it('a PATCH that changes nothing writes nothing', async () => {
      const d = await plan({ title: 'same' });
      const res = await svc.call('PATCH', `/api/deployments/${d.id}`, { title: 'same', status: 'planned' });
      expect(res.body.revision).toBe(1);
      expect(kinds((await svc.call('GET', `/api/deployments/${d.id}`)).body)).toEqual(['created']);
    });

    it('deletes only while planned', async () => {
      const d = await plan();
      expect((await svc.call('DELETE', `/api/deployments/${d.id}`)).status).toBe(204);
      expect((await svc.call('GET', `/api/deployments/${d.id}`)).status).toBe(404);
      const ran = await deploymentIn('failed');
      const refused = await svc.call('DELETE', `/api/deployments/${ran.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ current_status: 'failed', allowed_actions: ['rollback'] });
      expect(refused.body.message).toContain('Only planned deployments can be deleted');
    });

    it('keeps an environment that deployments refer to', async () => {
      const env = await environment('referenced');
      await plan({ environment_id: env.id });
      expect((await svc.call('DELETE', `/api/environments/${env.id}`)).status).toBe(409);
    });
  });

  describe('timeline', () => {
    it('tells the whole story in order, with who did what through which interface', async () => {
      const env = await environment('timeline-env', { current_version: 'v7.0.0' });
      const d = await plan({ environment_id: env.id, version: 'v7.1.0', title: 'before' });
      await svc.call('PATCH', `/api/deployments/${d.id}`, { title: 'after', tags: ['x'] }, { 'x-actor': 'lee' });
      await post(d.id, 'execute', undefined, { 'x-actor': 'ci-bot' });
      await post(d.id, 'progress', { percentage: 40, message: 'canary healthy' }, { 'x-actor': 'ci-bot' });
      await post(d.id, 'complete', { notes: 'smooth' }, { 'x-client': 'dashboard', 'x-actor': 'lee' });
      await post(d.id, 'rollback', { reason: 'error rate spiked' }, { 'x-actor': 'park' });

      const detail = (await svc.call('GET', `/api/deployments/${d.id}`)).body;
      expect(detail.timeline.map((e: any) => [e.kind, e.source, e.actor, e.message])).toEqual([
        ['created', 'rest', null, 'Planned v7.1.0 (rolling) to timeline-env'],
        ['updated', 'rest', 'lee', 'Changed title, tags'],
        ['executed', 'rest', 'ci-bot', 'Started deploying v7.1.0 to timeline-env; report progress through the API'],
        ['progress', 'rest', 'ci-bot', 'Progress 40%: canary healthy'],
        ['completed', 'dashboard', 'lee', 'Completed: timeline-env now runs v7.1.0 (was v7.0.0). Notes: smooth'],
        ['rolled_back', 'rest', 'park', 'Rolled back to v7.0.0: error rate spiked'],
      ]);
      expect(detail.timeline[1].changes).toEqual({ title: { from: 'before', to: 'after' }, tags: { from: [], to: ['x'] } });
      expect(detail.timeline[2].changes).toEqual({ status: { from: 'planned', to: 'in_progress' } });
      expect(detail.timeline[3].data).toEqual({ percentage: 40, message: 'canary healthy' });
      const ids = detail.timeline.map((e: { id: number }) => e.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    });
  });

  describe('deploy hook', () => {
    let hook: Awaited<ReturnType<typeof startHookServer>>;
    beforeAll(async () => {
      hook = await startHookServer();
    });
    afterAll(async () => {
      hook.release();
      await hook.close();
    });

    it('POSTs the deployment to the hook after answering, and records the answer', async () => {
      const env = await environment('hooked', { deploy_hook_url: `${hook.url}/hold`, current_version: 'v7.9.0' });
      const d = await plan({ environment_id: env.name, version: 'v8.0.0' });
      const started = await post(d.id, 'execute');
      // The hook is still holding its answer: execute did not wait for it.
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('in_progress');
      await hook.arrived;
      const call = hook.received.find((r) => r.body.id === d.id);
      expect(call).toBeDefined();
      expect(call?.body).toMatchObject({
        id: d.id,
        status: 'in_progress',
        version: 'v8.0.0',
        environment_id: env.id,
        allowed_actions: ['progress', 'complete', 'fail', 'rollback'],
      });
      expect(kinds((await svc.call('GET', `/api/deployments/${d.id}`)).body)).not.toContain('hook_called');

      hook.release();
      const { entry } = await waitForTimeline(d.id, 'hook_called');
      expect(entry).toMatchObject({ source: 'system', actor: null, message: 'Deploy hook answered 202', data: { status: 202 } });
    });

    it('records a hook that answers with an error as hook_failed', async () => {
      const env = await environment('hook-broken', { deploy_hook_url: `${hook.url}/broken` });
      const d = await plan({ environment_id: env.id });
      await svc.call('PATCH', `/api/deployments/${d.id}`, { status: 'in_progress' });
      const { entry } = await waitForTimeline(d.id, 'hook_failed');
      expect(entry).toMatchObject({ source: 'system', data: { status: 500 } });
      expect(entry.message).toContain('answered 500');
    });

    it('records a refused hook as hook_failed and keeps the deployment running', async () => {
      const env = await environment('hook-refused', { deploy_hook_url: `${await refusedUrl()}/deploy` });
      const d = await plan({ environment_id: env.id });
      expect((await post(d.id, 'execute')).status).toBe(200);
      const { detail, entry } = await waitForTimeline(d.id, 'hook_failed');
      expect(entry).toMatchObject({ source: 'system', actor: null });
      expect(entry.message).toMatch(/^Deploy hook could not be called: .*ECONNREFUSED/);
      expect(detail.status).toBe('in_progress');
      expect((await post(d.id, 'progress', { percentage: 10, message: 'started by hand' })).status).toBe(200);
    });
  });

  describe('lists', () => {
    let env: { id: string; name: string };
    const titles = (body: { items: Array<{ title: string }> }) => body.items.map((d) => d.title);
    beforeAll(async () => {
      env = await environment('list-env');
      // Planned in this order, one minute apart; schedules deliberately out of that order.
      await plan({
        environment_id: env.id,
        title: 'L1',
        version: 'v1',
        deployment_type: 'rolling',
        scheduled_at: '2025-06-01T00:00:00Z',
        tags: ['listed'],
      });
      await plan({
        environment_id: env.id,
        title: 'L2',
        version: 'v2',
        deployment_type: 'canary',
        tags: ['listed', 'payments'],
        description: 'Payment FLOW',
      });
      await plan({
        environment_id: env.id,
        title: 'L3',
        version: 'v3-rc.1',
        deployment_type: 'canary',
        scheduled_at: '2025-02-01T00:00:00Z',
        tags: ['listed'],
      });
      const l4 = await plan({
        environment_id: env.id,
        title: 'L4',
        version: 'v4',
        deployment_type: 'hotfix',
        scheduled_at: '2025-04-01T00:00:00Z',
        tags: ['listed'],
      });
      const l5 = await plan({ environment_id: env.id, title: 'L5', version: 'v5', deployment_type: 'rolling', tags: ['listed'] });
      // One deployment runs in an environment at a time: L5 finishes before L4 starts.
      expect((await post(l5.id, 'execute')).status).toBe(200);
      expect((await post(l5.id, 'complete')).status).toBe(200);
      expect((await post(l4.id, 'execute')).status).toBe(200);
    });

    it('filters by environment name or id, status, type, tag and text', async () => {
      const q = (query: string) => svc.call('GET', `/api/deployments?${query}`);
      expect((await q('environment_id=list-env')).body.total).toBe(5);
      expect((await q(`environment_id=${env.id}`)).body.total).toBe(5);
      expect(titles((await q('environment_id=list-env&status=in_progress')).body)).toEqual(['L4']);
      expect(titles((await q('environment_id=list-env&deployment_type=canary')).body)).toEqual(['L3', 'L2']);
      expect(titles((await q('tag=payments')).body)).toEqual(['L2']);
      expect(titles((await q('environment_id=list-env&search=payment%20flow')).body)).toEqual(['L2']);
      expect(titles((await q('environment_id=list-env&search=RC.1')).body)).toEqual(['L3']);
      expect(titles((await q('search=L1')).body)).toEqual(['L1']);
      const unknown = await q('environment_id=nowhere');
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields[0].field).toBe('environment_id');
      expect((await q('status=done')).status).toBe(400);
      expect((await q('sort_by=newest')).status).toBe(400);
    });

    it('sorts by creation, by schedule (unscheduled ones by creation time) and by status', async () => {
      const sorted = async (sort: string) =>
        titles((await svc.call('GET', `/api/deployments?environment_id=list-env&sort_by=${sort}`)).body);
      expect(await sorted('created_desc')).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
      expect(await svc.call('GET', '/api/deployments?environment_id=list-env').then((r) => titles(r.body))).toEqual([
        'L5',
        'L4',
        'L3',
        'L2',
        'L1',
      ]);
      expect(await sorted('created_asc')).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
      // L2 and L5 are unscheduled: they sort by when they were planned (January 2025).
      expect(await sorted('scheduled_asc')).toEqual(['L2', 'L5', 'L3', 'L4', 'L1']);
      expect(await sorted('scheduled_desc')).toEqual(['L1', 'L4', 'L3', 'L5', 'L2']);
      expect(await sorted('status')).toEqual(['L3', 'L2', 'L1', 'L4', 'L5']);
    });

    it.each(['created_desc', 'created_asc', 'scheduled_desc', 'scheduled_asc', 'status'])(
      'pages %s with a cursor, without gaps or repeats',
      async (sort) => {
        const all = titles((await svc.call('GET', `/api/deployments?environment_id=list-env&sort_by=${sort}`)).body);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: { body: any } = await svc.call(
            'GET',
            `/api/deployments?environment_id=list-env&sort_by=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.body).toMatchObject({ total: 5, limit: 2 });
          seen.push(...titles(res.body));
          cursor = res.body.next_cursor;
          expect(res.body.has_more).toBe(cursor !== null);
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(all);
      },
    );

    it('refuses a cursor that is not one', async () => {
      expect((await svc.call('GET', '/api/deployments?cursor=garbage')).status).toBe(400);
    });
  });

  describe('stats', () => {
    let env: { id: string };
    beforeAll(async () => {
      env = await environment('stats-env');
      const outcomes: Array<Status> = ['completed', 'completed', 'completed', 'failed', 'rolled_back', 'planned', 'in_progress'];
      for (const outcome of outcomes) await deploymentIn(outcome, { environment_id: env.id });
    });

    it('counts by status and computes the success rate over the last 30 days by default', async () => {
      const res = await svc.call('GET', '/api/deployments/stats?environment_id=stats-env');
      expect(res.status).toBe(200);
      const until = clock.now();
      expect(res.body).toEqual({
        window: { since: new Date(Date.parse(until) - 30 * 86_400_000).toISOString(), until },
        total: 7,
        by_status: { planned: 1, in_progress: 1, completed: 3, failed: 1, rolled_back: 1 },
        success_rate: 0.6,
      });
    });

    it('counts only deployments created in the window', async () => {
      const before = clock.now();
      tick();
      // Planned: stats-env already has a deployment in progress, so this one cannot start.
      const late = await deploymentIn('planned', { environment_id: env.id });
      tick();
      const windowed = await svc.call(
        'GET',
        `/api/deployments/stats?environment_id=${env.id}&since=${encodeURIComponent(late.created_at)}`,
      );
      expect(windowed.body).toMatchObject({ total: 1, by_status: { planned: 1, completed: 0 }, success_rate: null });
      const earlier = await svc.call('GET', `/api/deployments/stats?environment_id=${env.id}&until=${encodeURIComponent(before)}`);
      expect(earlier.body).toMatchObject({ total: 7, success_rate: 0.6 });
    });

    it('has no success rate when nothing finished', async () => {
      const res = await svc.call('GET', '/api/deployments/stats?since=2020-01-01T00:00:00Z&until=2020-02-01T00:00:00Z');
      expect(res.body).toEqual({
        window: { since: '2020-01-01T00:00:00.000Z', until: '2020-02-01T00:00:00.000Z' },
        total: 0,
        by_status: { planned: 0, in_progress: 0, completed: 0, failed: 0, rolled_back: 0 },
        success_rate: null,
      });
    });

    it('refuses a window that ends before it starts, bad dates and unknown environments', async () => {
      const reversed = await svc.call('GET', '/api/deployments/stats?since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z');
      expect(reversed.status).toBe(400);
      expect(reversed.body.fields[0].field).toBe('since');
      expect((await svc.call('GET', '/api/deployments/stats?since=yesterday')).status).toBe(400);
      expect((await svc.call('GET', '/api/deployments/stats?environment_id=nowhere')).status).toBe(400);
    });
  });

  it('documents every deployment route in the OpenAPI document', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body;
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/deployments'));
    expect(paths.sort()).toEqual(
      [
        '/api/deployments',
        '/api/deployments/stats',
        '/api/deployments/{id}',
        '/api/deployments/{id}/complete',
        '/api/deployments/{id}/execute',
        '/api/deployments/{id}/fail',
        '/api/deployments/{id}/progress',
        '/api/deployments/{id}/rollback',
        '/api/deployments/{id}/timeline',
      ].sort(),
    );
    expect(doc.components.schemas.Deployment.properties.deployment_type).toEqual({ $ref: '#/components/schemas/DeploymentType' });
    expect(doc.components.schemas.DeploymentType.enum).toEqual(['blue_green', 'rolling', 'canary', 'hotfix']);
  });
});

describe('upgrading a database that has two deployments of one environment in progress', () => {
  it('keeps the one started last, marks the others failed with the reason on the timeline, and then holds the rule', async () => {
    const temp = tempDatabasePath();
    const clock = new SettableClock('2025-03-01T10:00:00.000Z');
    let svc = await startService({ dbPath: temp.path, clock });
    try {
      const env = (await svc.call('POST', '/api/environments', { name: 'legacy', environment_type: 'staging', current_version: 'v1' }))
        .body;
      const plan = async (title: string) =>
        (await svc.call('POST', '/api/deployments', minimalDeployment({ environment_id: env.id, title, version: title }))).body;
      const older = await plan('v2');
      const newer = await plan('v3');
      const third = await plan('v4');
      // What an earlier version allowed: both started, without the version before them recorded.
      const db = svc.app.get(DataSource);
      await db.query('DROP INDEX "idx_deployments_one_in_progress"');
      for (const [d, at] of [
        [older, '2025-03-01T10:01:00.000Z'],
        [newer, '2025-03-01T10:02:00.000Z'],
      ] as const) {
        await db
          .createQueryBuilder()
          .update('deployments')
          .set({ status: 'in_progress', status_rank: 1, started_at: at })
          .where('id = :id', { id: d.id })
          .execute();
      }
      await db
        .createQueryBuilder()
        .delete()
        .from('migrations')
        .where('name = :name', { name: 'OneDeploymentInProgress1764806400000' })
        .execute();
      await svc.close();

      svc = await startService({ dbPath: temp.path, clock });
      const kept = (await svc.call('GET', `/api/deployments/${newer.id}`)).body;
      expect(kept).toMatchObject({ status: 'in_progress', previous_version: 'v1' });
      const failed = (await svc.call('GET', `/api/deployments/${older.id}`)).body;
      expect(failed).toMatchObject({
        status: 'failed',
        previous_version: 'v1',
        revision: older.revision + 1,
        allowed_actions: ['rollback'],
      });
      expect(failed.failure_reason).toContain(`${newer.id} "v3"`);
      expect(failed.timeline.at(-1)).toMatchObject({
        kind: 'failed',
        source: 'system',
        changes: { status: { from: 'in_progress', to: 'failed' } },
      });
      expect(failed.timeline.at(-1).message).toContain('one deployment at a time');

      const refused = await svc.call('POST', `/api/deployments/${third.id}/execute`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(newer.id);
      expect((await svc.call('POST', `/api/deployments/${older.id}/rollback`)).body).toMatchObject({ rolled_back_to: 'v1' });
    } finally {
      await svc.close();
      temp.cleanup();
    }
  });
});
