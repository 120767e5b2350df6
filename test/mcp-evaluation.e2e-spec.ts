import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectMcp, seedOperations, startCheckTarget, type SeededOperations } from '../bench/mcp-budget.js';
import { PROD_ENV, prodEnvironment } from './support/fixtures.js';
import { startService, type RunningService } from './support/service.js';

/**
 * Can an assistant answer what people ask of an operations console, in a few calls, from the
 * default (concise) answers? Each question is answered with at most three tool calls through the
 * SDK client over Streamable HTTP, on a busy week's data, and the answer must be in what came back
 * (both in structuredContent, which Claude Code shows the model, and in the text content).
 */

const MAX_CALLS = 3;

interface Answer {
  data: any;
  /** What a model reads: the structured content as JSON, and the text content. */
  seen: string;
}

describe('MCP evaluation: questions answered in at most three calls', () => {
  let svc: RunningService;
  let target: Awaited<ReturnType<typeof startCheckTarget>>;
  let seeded: SeededOperations;
  let client: Client;
  let calls = 0;

  /** One tool call as an assistant makes it; it must succeed. */
  const use = async (name: string, args: Record<string, unknown> = {}): Promise<Answer> => {
    calls++;
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    expect({ name, isError: result.isError ?? false, text: result.isError ? text : '' }).toEqual({ name, isError: false, text: '' });
    return { data: result.structuredContent, seen: `${JSON.stringify(result.structuredContent)}\n${text}` };
  };

  /** Runs one question's calls, then holds it to the call budget. */
  const ask = async (work: () => Promise<void>) => {
    calls = 0;
    await work();
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(MAX_CALLS);
  };

  /** Rows of a concise table as objects, by its column names. */
  const rows = (data: any, key: string): Array<Record<string, any>> =>
    data[key].map((row: unknown[]) => Object.fromEntries(data.columns.map((c: string, i: number) => [c, row[i]])));

  beforeAll(async () => {
    target = await startCheckTarget();
    svc = await startService();
    seeded = await seedOperations(svc.baseUrl, { incidents: 40, checkUrl: target.url });
    // The guide's examples name this environment.
    await svc.call('POST', '/api/environments', prodEnvironment({ current_version: 'v2.0.5' }));
    client = await connectMcp(svc.baseUrl, '', 'claude-code');
    await client.listTools();
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await svc?.close();
    await target?.close();
  });

  describe("the guide's workflows", () => {
    it('incident response: open it, investigate, resolve', async () => {
      await ask(async () => {
        const { data: incident } = await use('create_incident', {
          title: '프로덕션 DB 연결 실패',
          severity: 'critical',
          incident_type: 'outage',
          affected_services: ['user-service', 'order-service'],
        });
        const investigating = await use('update_incident_status', { incident_id: incident.id, status: 'investigating' });
        expect(investigating.data.status).toBe('investigating');
        const resolved = await use('update_incident_status', {
          incident_id: incident.id,
          status: 'resolved',
          resolution_notes: '서버 용량 증설로 해결',
        });
        expect(resolved.data).toMatchObject({ status: 'resolved', resolution_notes: '서버 용량 증설로 해결' });
        expect(resolved.data.resolved_at).not.toBeNull();
        // Over stateless HTTP the client's name is not known to the request that changes something
        // (X-Actor or a token names the person); the interface is.
        const story = (await svc.call('GET', `/api/incidents/${incident.id}`)).body.timeline;
        expect(story.map((e: { kind: string; source: string }) => [e.kind, e.source])).toEqual([
          ['created', 'mcp'],
          ['status_changed', 'mcp'],
          ['status_changed', 'mcp'],
          ['updated', 'mcp'],
        ]);
      });
    });

    it('deployment: plan the security patch, follow it, check the environment', async () => {
      await ask(async () => {
        const { data: planned } = await use('create_deployment', {
          title: '긴급 보안 패치 배포',
          environment_id: PROD_ENV,
          deployment_type: 'hotfix',
          version: 'v2.0.6-security',
        });
        const followed = await use('get_deployment', { deployment_id: planned.id });
        expect(followed.data).toMatchObject({ id: planned.id, status: 'planned', version: 'v2.0.6-security', environment: PROD_ENV });
        expect(followed.data.allowed_actions).toContain('execute');
        const health = await use('get_system_health', { environment_id: PROD_ENV });
        expect(health.data.system_health.environments).toEqual([expect.objectContaining({ name: PROD_ENV, status: 'unknown' })]);
      });
    });
  });

  describe('questions people ask', () => {
    it('which environments are unhealthy, and what was last deployed there?', async () => {
      await ask(async () => {
        const health = await use('get_system_health');
        const unhealthy = health.data.system_health.environments.filter(
          (e: { status: string }) => e.status === 'critical' || e.status === 'warning',
        );
        expect(unhealthy.map((e: { name: string; status: string }) => [e.name, e.status]).sort()).toEqual([
          ['prod-payments', 'critical'],
          ['prod-search', 'warning'],
        ]);
        for (const environment of unhealthy) {
          const status = await use('get_environment_status', { environment_id: environment.environment_id });
          const expected = environment.name === 'prod-payments' ? seeded.rolledBack.version : seeded.inProgress.version;
          expect(status.data.last_deployment.version).toBe(expected);
          expect(status.seen).toContain(expected);
        }
      });
    });

    it('what did we roll back this week, and why?', async () => {
      await ask(async () => {
        const page = await use('list_deployments', { status: 'rolled_back' });
        const rolledBack = rows(page.data, 'deployments');
        expect(rolledBack.map((d) => [d.version, d.environment, d.reason]).sort()).toEqual(
          [
            [seeded.rolledBack.version, 'prod-payments', seeded.rolledBack.reason],
            [seeded.rolledBackStaging.version, 'staging-api', seeded.rolledBackStaging.reason],
          ].sort(),
        );
        expect(rolledBack.every((d) => /^\d+[smhd]$/.test(d.age) && !d.age.endsWith('d'))).toBe(true);
        expect(page.seen).toContain(seeded.rolledBack.reason);
      });
    });

    it('which critical incidents are open right now?', async () => {
      await ask(async () => {
        const page = await use('list_incidents', { severity: 'critical', status: 'open' });
        const found = rows(page.data, 'incidents');
        const expected = (await svc.call('GET', '/api/incidents?severity=critical&status=open&limit=200')).body.items;
        expect(found.map((i) => i.id)).toEqual(expected.map((i: { id: string }) => i.id));
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((i) => i.severity === 'critical' && i.status === 'open' && typeof i.environment === 'string')).toBe(true);
      });
    });

    it('is anything deploying right now, and how far along is it?', async () => {
      await ask(async () => {
        const running = rows((await use('list_deployments', { status: 'in_progress' })).data, 'deployments');
        expect(running.map((d) => [d.id, d.environment])).toEqual([[seeded.inProgress.id, seeded.inProgress.environment]]);
        const detail = await use('get_deployment', { deployment_id: running[0]!.id });
        expect(detail.data).toMatchObject({ progress_percentage: 60, progress_message: '3 of 5 instances' });
        expect(detail.data.allowed_actions).toEqual(expect.arrayContaining(['complete', 'fail']));
      });
    });

    it('what runs in prod-api, and when was it last deployed?', async () => {
      await ask(async () => {
        const status = await use('get_environment_status', { environment_id: 'prod-api' });
        expect(status.data.current_version).toBe(seeded.lastCompleted['prod-api']);
        expect(status.data.health.status).toBe('healthy');
        // The last deployment there is the planned hotfix; the last one that completed:
        expect(status.data.last_deployment).toMatchObject({ version: 'v2.1.1-security', status: 'planned' });
        const completed = rows(
          (await use('list_deployments', { environment_id: 'prod-api', status: 'completed', limit: 1 })).data,
          'deployments',
        );
        expect(completed).toEqual([
          expect.objectContaining({ version: seeded.lastCompleted['prod-api'], age: expect.stringMatching(/^\d+[sm]$/) }),
        ]);
      });
    });

    it('which incident did the payments deployment cause, and what was the root cause?', async () => {
      await ask(async () => {
        const linked = rows((await use('list_incidents', { deployment_id: seeded.rolledBack.id })).data, 'incidents');
        expect(linked.map((i) => i.title)).toEqual([seeded.causedIncident.title]);
        const incident = await use('get_incident', { incident_id: linked[0]!.id });
        expect(incident.data.root_cause).toBe(seeded.causedIncident.root_cause);
        expect(incident.seen).toContain(seeded.causedIncident.root_cause);
      });
    });

    it('how quickly are we resolving incidents?', async () => {
      await ask(async () => {
        const stats = await use('get_incident_stats');
        expect(stats.data.mttr.count).toBeGreaterThan(0);
        expect(typeof stats.data.mttr.median_seconds).toBe('number');
        expect(stats.data.open_count).toBe((await svc.call('GET', '/api/incidents/stats')).body.open_count);
      });
    });

    it('how do deployments to prod-payments go?', async () => {
      await ask(async () => {
        const stats = await use('get_deployment_stats', { environment_id: 'prod-payments' });
        expect(stats.data).toMatchObject({ total: 1, by_status: { rolled_back: 1 }, success_rate: 0 });
      });
    });

    it('which environments are down for maintenance?', async () => {
      await ask(async () => {
        const found = rows((await use('list_environments', { status: 'maintenance' })).data, 'environments');
        expect(found.map((e) => e.name)).toEqual(['staging-payments']);
      });
    });

    it('what versions run in production?', async () => {
      await ask(async () => {
        const found = rows((await use('list_environments', { environment_type: 'production' })).data, 'environments');
        const versions = Object.fromEntries(found.map((e) => [e.name, e.current_version]));
        expect(versions).toMatchObject({
          'prod-api': seeded.lastCompleted['prod-api'],
          'prod-payments': 'v3.4.1',
          'prod-search': seeded.lastCompleted['prod-search'],
          [PROD_ENV]: 'v2.0.5',
        });
      });
    });

    it('why is prod-payments failing its health check?', async () => {
      await ask(async () => {
        const checks = rows((await use('list_health_checks', { environment_id: 'prod-payments', status: 'critical' })).data, 'checks');
        expect(checks.length).toBeGreaterThan(0);
        expect(checks[0]).toMatchObject({ status: 'critical', status_code: 503 });
        expect(String(checks[0]!.error)).toMatch(/503/);
      });
    });

    it('what is open in prod-payments right now?', async () => {
      await ask(async () => {
        const status = await use('get_environment_status', { environment_id: 'prod-payments' });
        const open = rows(status.data.open_incidents, 'items');
        const expected = (await svc.call('GET', '/api/incidents?environment_id=prod-payments&limit=200')).body.items.filter(
          (i: { status: string }) => i.status !== 'resolved',
        );
        expect(status.data.open_incidents.count).toBe(expected.length);
        expect(open.map((i) => i.id).sort()).toEqual(
          expected
            .map((i: { id: string }) => i.id)
            .sort()
            .slice(0, open.length),
        );
        expect(status.data.health.status).toBe('critical');
      });
    });

    it('what happened to the payments deployment, step by step?', async () => {
      await ask(async () => {
        const story = await use('get_deployment', { deployment_id: seeded.rolledBack.id });
        const kinds = story.data.timeline.map((row: string[]) => row[1]);
        expect(kinds).toEqual(expect.arrayContaining(['failed', 'rolled_back']));
        expect(story.data).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v3.4.1', rollback_reason: seeded.rolledBack.reason });
      });
    });
  });
});
