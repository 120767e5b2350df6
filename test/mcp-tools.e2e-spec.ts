import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEPLOYMENT_SORTS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  ENVIRONMENT_STATUSES,
  LIMITS,
  ENVIRONMENT_TYPES,
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  MCP_TOOLSETS,
  SEVERITIES,
} from '../libs/domain/src/index.js';
import {
  PROD_ENV,
  guideDeployment,
  guideEnvironment,
  guideIncident,
  guideMaintenanceUpdate,
  guideResolution,
  minimalDeployment,
  minimalIncident,
  prodEnvironment,
} from './support/fixtures.js';
import { DETAILED, connectInProcess, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';
import { addTimelineEntries, pageBack, timelineIds } from './support/timeline.js';
import { openSse } from './support/sse.js';

/** The guide's tools: Claude Code users type these names. */
const GUIDE_TOOLS = [
  'create_incident',
  'list_incidents',
  'create_environment',
  'list_environments',
  'get_environment_status',
  'update_environment',
  'create_deployment',
  'list_deployments',
  'get_deployment',
  'get_system_health',
];

const READ_ONLY_TOOLS = [
  'list_incidents',
  'get_incident',
  'list_incident_timeline',
  'get_incident_stats',
  'list_environments',
  'get_environment',
  'get_environment_status',
  'list_deployments',
  'get_deployment',
  'list_deployment_timeline',
  'get_deployment_stats',
  'get_system_health',
  'list_health_checks',
];

/** Offered with the admin toolset, not by default: housekeeping outside the guide's workflows. */
const ADMIN_DELETES = ['delete_environment', 'delete_deployment'];

/** The default toolsets (incidents, environments, deployments, health). */
const DEFAULT_TOOLS = [
  ...READ_ONLY_TOOLS,
  'create_incident',
  'update_incident',
  'update_incident_status',
  'add_incident_note',
  'delete_incident',
  'create_environment',
  'update_environment',
  'create_deployment',
  'update_deployment',
  'execute_deployment',
  'report_deployment_progress',
  'complete_deployment',
  'fail_deployment',
  'rollback_deployment',
  'check_environment_now',
  'report_environment_metrics',
];

const sorted = (values: string[]) => [...values].sort();
const withoutTimeline = ({
  timeline: _timeline,
  timeline_has_more: _more,
  timeline_next_cursor: _cursor,
  ...rest
}: Record<string, unknown>) => rest;

describe('MCP tools, in process', () => {
  let svc: RunningService;
  let mcp: McpSession;
  let prodEnvId: string;

  /** A GET that must succeed: what the REST API says about the same record. */
  const rest = async (path: string) => {
    const res = await svc.call('GET', path);
    expect([path, res.status]).toEqual([path, 200]);
    return res.body;
  };

  beforeAll(async () => {
    svc = await startService();
    // Every toolset, so the admin deletes are there too; the catalogue test looks at the default set.
    mcp = await connectInProcess(svc, 'claude-code', { toolsets: MCP_TOOLSETS });
    // The guide refers to an environment called prod-env-123; a user would have registered it first.
    prodEnvId = (await mcp.ok('create_environment', prodEnvironment())).id;
  });
  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
  });

  describe('catalogue', () => {
    it("lists exactly the guide's tools and the full operations by default, each described for a model and annotated", async () => {
      const byDefault = await connectInProcess(svc);
      const { tools } = await byDefault.client.listTools();
      await byDefault.close();
      expect(sorted(tools.map((t) => t.name))).toEqual(sorted(DEFAULT_TOOLS));
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(GUIDE_TOOLS));
      expect(mcp.client.getServerVersion()?.name).toBe('workflow-mcp');
      const everything = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(everything).toEqual(expect.arrayContaining([...DEFAULT_TOOLS, ...ADMIN_DELETES]));

      // An argument described on an earlier tool with the same words is named only on later ones.
      const described = new Set<string>();
      for (const tool of tools) {
        const where = tool.name;
        expect([where, tool.title!.length > 0, tool.description!.length >= 40]).toEqual([where, true, true]);
        expect([where, tool.inputSchema.type]).toEqual([where, 'object']);
        // Reads that are not lists declare what their structured content holds; writes return the record.
        const declaresOutput = READ_ONLY_TOOLS.includes(tool.name) && !tool.name.startsWith('list_');
        expect([where, tool.outputSchema?.type]).toEqual([where, declaresOutput ? 'object' : undefined]);
        for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
          const description = (schema as { description?: string }).description;
          if (description) described.add(field);
        }
        expect([where, (tool.inputSchema as { additionalProperties?: unknown }).additionalProperties]).toEqual([where, false]);
        // Hints left out take the specification's defaults: destructive true, idempotent false, open world true.
        const a = { destructiveHint: true, idempotentHint: false, openWorldHint: true, ...tool.annotations };
        expect([where, typeof a.readOnlyHint]).toEqual([where, 'boolean']);
        expect([where, a.readOnlyHint]).toEqual([where, READ_ONLY_TOOLS.includes(tool.name)]);
        if (!a.readOnlyHint) expect([where, a.destructiveHint]).toEqual([where, tool.name.startsWith('delete_')]);
        expect([where, a.openWorldHint]).toEqual([where, tool.name === 'check_environment_now']);
      }
      // The arguments a model most needs explained are explained somewhere in the catalogue.
      for (const field of ['incident_id', 'deployment_id', 'environment_id', 'severity', 'response_format', 'cursor', 'updates'])
        expect([field, described.has(field)]).toEqual([field, true]);
    });

    it('puts the domain enums into the input schemas', async () => {
      const { tools } = await mcp.client.listTools();
      const property = (tool: string, path: string[]) => {
        let schema: any = tools.find((t) => t.name === tool)!.inputSchema;
        for (const key of path) schema = schema.properties[key];
        // Optional and nullable fields wrap the enum one level down.
        return schema.enum ?? schema.anyOf?.find((s: { enum?: unknown }) => s.enum)?.enum;
      };
      const expected: Array<[string, string[], readonly string[]]> = [
        ['create_incident', ['severity'], SEVERITIES],
        ['create_incident', ['incident_type'], INCIDENT_TYPES],
        ['create_incident', ['status'], INCIDENT_STATUSES],
        ['list_incidents', ['severity'], SEVERITIES],
        ['list_incidents', ['status'], INCIDENT_STATUSES],
        ['list_incidents', ['incident_type'], INCIDENT_TYPES],
        ['list_incidents', ['sort_by'], INCIDENT_SORTS],
        ['update_incident', ['updates', 'status'], INCIDENT_STATUSES],
        ['update_incident', ['updates', 'severity'], SEVERITIES],
        ['update_incident_status', ['status'], INCIDENT_STATUSES],
        ['create_environment', ['environment_type'], ENVIRONMENT_TYPES],
        ['create_environment', ['status'], ENVIRONMENT_STATUSES],
        ['list_environments', ['environment_type'], ENVIRONMENT_TYPES],
        ['list_environments', ['status'], ENVIRONMENT_STATUSES],
        ['update_environment', ['updates', 'status'], ENVIRONMENT_STATUSES],
        ['create_deployment', ['deployment_type'], DEPLOYMENT_TYPES],
        ['list_deployments', ['status'], DEPLOYMENT_STATUSES],
        ['list_deployments', ['deployment_type'], DEPLOYMENT_TYPES],
        ['list_deployments', ['sort_by'], DEPLOYMENT_SORTS],
        ['update_deployment', ['updates', 'status'], DEPLOYMENT_STATUSES],
      ];
      for (const [tool, path, values] of expected) expect([tool, path, property(tool, path)]).toEqual([tool, path, [...values]]);
      // The guide's argument names, exactly.
      const args = (tool: string) => Object.keys(tools.find((t) => t.name === tool)!.inputSchema.properties ?? {});
      expect(args('update_environment')).toEqual(['environment_id', 'updates']);
      // The guide's two first, then optional filters and paging.
      expect(args('get_system_health')).toEqual([
        'environment_id',
        'include_details',
        'status',
        'environment_type',
        'search',
        'limit',
        'cursor',
        'response_format',
      ]);
      expect(args('get_deployment')).toEqual(['deployment_id', 'response_format']);
      expect(tools.find((t) => t.name === 'create_incident')!.inputSchema.required).toEqual(
        expect.arrayContaining(['title', 'severity', 'incident_type']),
      );
    });
  });

  describe("the guide's examples, as written", () => {
    let guideEnvId: string;
    let guideDeploymentId: string;

    it('create_incident with the environment given by name', async () => {
      const incident = await mcp.ok('create_incident', guideIncident());
      expect(incident).toMatchObject({ ...guideIncident(), environment_id: prodEnvId, revision: 1 });
      expect(incident.id).toMatch(/^inc-/);
      expect(incident).toEqual(await rest(`/api/incidents/${incident.id}`));
    });

    it('list_incidents, all and filtered', async () => {
      await mcp.ok('create_incident', { title: '결제 중단', severity: 'critical', incident_type: 'outage' });
      const all = await mcp.ok('list_incidents', DETAILED);
      const allRest = await rest('/api/incidents');
      expect(all).toEqual({
        incidents: allRest.items,
        total: allRest.total,
        total_capped: false,
        limit: 50,
        has_more: false,
        next_cursor: null,
      });
      expect(all.total).toBe(2);

      const filtered = await mcp.ok('list_incidents', { ...DETAILED, severity: 'critical', status: 'open', incident_type: 'outage' });
      expect(filtered.incidents.map((i: { title: string }) => i.title)).toEqual(['결제 중단']);
      expect(filtered.incidents).toEqual((await rest('/api/incidents?severity=critical&status=open&incident_type=outage')).items);
    });

    it('create_environment and list_environments', async () => {
      const environment = await mcp.ok('create_environment', guideEnvironment());
      guideEnvId = environment.id;
      expect(environment).toMatchObject({ ...guideEnvironment(), revision: 1 });
      expect(environment).toEqual(await rest(`/api/environments/${environment.id}`));

      const all = await mcp.ok('list_environments', DETAILED);
      expect(all.environments.map((e: { name: string }) => e.name)).toEqual([PROD_ENV, guideEnvironment().name]);
      expect(all.environments).toEqual((await rest('/api/environments')).items);
      const production = await mcp.ok('list_environments', { ...DETAILED, environment_type: 'production', status: 'active' });
      expect(production.total).toBe(2);
      expect(production.environments).toEqual((await rest('/api/environments?environment_type=production&status=active')).items);
    });

    it('get_environment_status', async () => {
      const status = await mcp.ok('get_environment_status', { ...DETAILED, environment_id: PROD_ENV });
      expect(status).toMatchObject({
        environment: { id: prodEnvId },
        health: { status: 'unknown', latest_check: null },
        open_incidents: { count: 1 },
      });
      expect(status.open_incidents.items[0].title).toBe(guideIncident().title);
      expect(status).toEqual(await rest(`/api/environments/${PROD_ENV}/status`));
    });

    it('update_environment with updates {status, description}', async () => {
      const updated = await mcp.ok('update_environment', { environment_id: guideEnvId, updates: guideMaintenanceUpdate() });
      expect(updated).toMatchObject({
        id: guideEnvId,
        ...guideMaintenanceUpdate(),
        url: guideEnvironment().url,
        revision: 2,
      });
      expect(updated).toEqual(await rest(`/api/environments/${guideEnvId}`));
    });

    it('create_deployment with deployment_config, scheduled_at and rollback_version', async () => {
      const deployment = await mcp.ok('create_deployment', guideDeployment());
      guideDeploymentId = deployment.id;
      expect(deployment).toMatchObject({
        ...guideDeployment(),
        environment_id: prodEnvId,
        scheduled_at: '2025-01-15T02:00:00.000Z',
        allowed_actions: ['execute', 'edit', 'delete'],
      });
      expect(withoutTimeline(deployment)).toEqual(withoutTimeline(await rest(`/api/deployments/${deployment.id}`)));
    });

    it('list_deployments by environment name, status and schedule', async () => {
      await mcp.ok('create_deployment', minimalDeployment({ title: '다른 환경', environment_id: guideEnvId }));
      const page = await mcp.ok('list_deployments', {
        ...DETAILED,
        environment_id: PROD_ENV,
        status: 'planned',
        sort_by: 'scheduled_desc',
      });
      expect(page.deployments.map((d: { id: string }) => d.id)).toEqual([guideDeploymentId]);
      expect(page.deployments).toEqual(
        (await rest(`/api/deployments?environment_id=${PROD_ENV}&status=planned&sort_by=scheduled_desc`)).items,
      );
      expect((await mcp.ok('list_deployments', DETAILED)).total).toBe(2);
    });

    it('get_deployment', async () => {
      const deployment = await mcp.ok('get_deployment', { ...DETAILED, deployment_id: guideDeploymentId });
      expect(deployment.timeline).toEqual([expect.objectContaining({ kind: 'created', source: 'mcp', actor: 'claude-code' })]);
      expect(deployment).toEqual(await rest(`/api/deployments/${guideDeploymentId}`));
    });

    it('get_system_health, for all and for one environment with details', async () => {
      // Check results change as checks run, so what is compared with REST is what a check cannot change.
      const ids = (health: any) =>
        health.system_health.environments.map((e: { environment_id: string; name: string }) => [e.environment_id, e.name]);
      const all = await mcp.ok('get_system_health');
      expect(all.success).toBe(true);
      expect(all.system_health.summary.total_environments).toBe(2);
      expect(ids(all)).toEqual(ids(await rest('/api/system-health')));
      expect(ids(await mcp.ok('get_system_health', {}))).toEqual(ids(all));

      const one = await mcp.ok('get_system_health', { environment_id: PROD_ENV, include_details: true });
      expect(one.system_health.summary).toMatchObject({ total_environments: 1, unknown_environments: 1, last_check: null });
      expect(ids(one)).toEqual([[prodEnvId, PROD_ENV]]);
      expect(one.system_health.recent_checks).toEqual([]);
      expect(typeof one.system_health.detailed_metrics).toBe('object');
      const oneRest = await rest(`/api/system-health?environment_id=${PROD_ENV}&include_details=true`);
      expect(one.system_health.summary).toEqual(oneRest.system_health.summary);
      expect((await mcp.ok('get_system_health', { environment_id: PROD_ENV })).system_health).not.toHaveProperty('detailed_metrics');
    });
  });

  describe('the full set of operations', () => {
    it('reads, edits, moves, annotates and deletes incidents', async () => {
      const created = await mcp.ok('create_incident', {
        title: 'Replica lag',
        severity: 'medium',
        incident_type: 'data',
        environment_id: prodEnvId,
      });
      const read = await mcp.ok('get_incident', { ...DETAILED, incident_id: created.id });
      expect(read).toEqual(created);

      const edited = await mcp.ok('update_incident', {
        incident_id: created.id,
        updates: { commander: 'park', root_cause: 'disk full', impact: 'reports lag by 5 min', revision: 1 },
      });
      expect(edited).toMatchObject({ commander: 'park', root_cause: 'disk full', impact: 'reports lag by 5 min', revision: 2 });
      expect(edited).toEqual(await rest(`/api/incidents/${created.id}`));

      const moved = await mcp.ok('update_incident_status', { incident_id: created.id, status: 'identified', note: 'replica disk at 100%' });
      expect(moved.status).toBe('identified');
      expect(moved.acknowledged_at).not.toBeNull();
      expect(moved.timeline.slice(-2)).toEqual([
        expect.objectContaining({ kind: 'status_changed', changes: { status: { from: 'open', to: 'identified' } } }),
        expect.objectContaining({ kind: 'note', message: 'replica disk at 100%' }),
      ]);
      expect(moved).toEqual(await rest(`/api/incidents/${created.id}`));

      const noted = await mcp.ok('add_incident_note', { incident_id: created.id, note: 'expanded the volume' });
      expect(noted.timeline.at(-1)).toMatchObject({ kind: 'note', message: 'expanded the volume', source: 'mcp' });
      expect(noted).toEqual(await rest(`/api/incidents/${created.id}`));

      const resolved = await mcp.ok('update_incident', { incident_id: created.id, updates: guideResolution() });
      expect(resolved).toMatchObject(guideResolution());
      expect(resolved.resolved_at).not.toBeNull();

      expect(await mcp.ok('delete_incident', { incident_id: created.id })).toEqual({ deleted: true, incident_id: created.id });
      expect((await svc.call('GET', `/api/incidents/${created.id}`)).status).toBe(404);
    });

    it('reports incident statistics as the REST API does', async () => {
      const done = await mcp.ok('create_incident', { title: 'short-lived', severity: 'critical', incident_type: 'outage' });
      await mcp.ok('update_incident_status', { incident_id: done.id, status: 'resolved' });
      const window = { since: '2020-01-01T00:00:00Z', until: '2029-01-01T00:00:00Z' };
      const stats = await mcp.ok('get_incident_stats', window);
      expect(stats).toEqual(await rest(`/api/incidents/stats?since=${window.since}&until=${window.until}`));
      expect(stats.total).toBeGreaterThanOrEqual(2);
      expect(stats.mttr.count).toBeGreaterThanOrEqual(1);
    });

    it('reads an environment by id or name, and deletes one nothing refers to', async () => {
      const byName = await mcp.ok('get_environment', { ...DETAILED, environment_id: PROD_ENV });
      expect(byName).toEqual(await mcp.ok('get_environment', { ...DETAILED, environment_id: prodEnvId }));
      expect(byName).toEqual(await rest(`/api/environments/${prodEnvId}`));

      const spare = await mcp.ok('create_environment', { name: 'scratch', environment_type: 'testing' });
      expect(await mcp.ok('delete_environment', { environment_id: 'scratch' })).toEqual({ deleted: true, environment_id: 'scratch' });
      expect((await svc.call('GET', `/api/environments/${spare.id}`)).status).toBe(404);
    });

    it('runs a deployment from plan to completion, and another through failure to rollback', async () => {
      await mcp.ok('create_environment', { name: 'lifecycle', environment_type: 'staging', current_version: 'v1.0.0' });
      const planned = await mcp.ok('create_deployment', {
        title: 'v1.1',
        environment_id: 'lifecycle',
        version: 'v1.1.0',
        deployment_type: 'rolling',
      });
      const edited = await mcp.ok('update_deployment', {
        deployment_id: planned.id,
        updates: { notes: 'canary first', deployment_config: { instances: 2 } },
      });
      expect(edited).toMatchObject({ notes: 'canary first', deployment_config: { instances: 2 }, revision: 2 });
      expect(withoutTimeline(edited)).toEqual(withoutTimeline(await rest(`/api/deployments/${planned.id}`)));

      const started = await mcp.ok('execute_deployment', { deployment_id: planned.id });
      expect(started).toMatchObject({ status: 'in_progress', allowed_actions: ['progress', 'complete', 'fail', 'rollback'] });
      expect(started.started_at).not.toBeNull();
      expect(withoutTimeline(started)).toEqual(withoutTimeline(await rest(`/api/deployments/${planned.id}`)));
      const progressed = await mcp.ok('report_deployment_progress', {
        deployment_id: planned.id,
        percentage: 40,
        message: '2 of 5 instances',
      });
      expect(progressed).toMatchObject({ progress_percentage: 40, progress_message: '2 of 5 instances' });
      expect(withoutTimeline(progressed)).toEqual(withoutTimeline(await rest(`/api/deployments/${planned.id}`)));
      const completed = await mcp.ok('complete_deployment', { deployment_id: planned.id, notes: 'all green' });
      expect(completed).toMatchObject({ status: 'completed', progress_percentage: 100, allowed_actions: ['rollback'] });
      expect(withoutTimeline(completed)).toEqual(withoutTimeline(await rest(`/api/deployments/${planned.id}`)));
      expect(await rest('/api/environments/lifecycle')).toMatchObject({ current_version: 'v1.1.0', previous_version: 'v1.0.0' });

      const second = await mcp.ok('create_deployment', {
        title: 'v1.2',
        environment_id: 'lifecycle',
        version: 'v1.2.0',
        deployment_type: 'canary',
      });
      await mcp.ok('execute_deployment', { deployment_id: second.id });
      const failed = await mcp.ok('fail_deployment', { deployment_id: second.id, reason: 'pods crash-looping' });
      expect(failed).toMatchObject({ status: 'failed', failure_reason: 'pods crash-looping' });
      expect(withoutTimeline(failed)).toEqual(withoutTimeline(await rest(`/api/deployments/${second.id}`)));
      const rolledBack = await mcp.ok('rollback_deployment', {
        deployment_id: second.id,
        reason: 'bad config',
        rollback_version: 'v1.1.0',
      });
      expect(rolledBack).toMatchObject({
        status: 'rolled_back',
        rollback_reason: 'bad config',
        rolled_back_to: 'v1.1.0',
        allowed_actions: [],
      });
      expect(withoutTimeline(rolledBack)).toEqual(withoutTimeline(await rest(`/api/deployments/${second.id}`)));
      expect((await rest('/api/environments/lifecycle')).current_version).toBe('v1.1.0');
      const story = (await mcp.ok('get_deployment', { ...DETAILED, deployment_id: second.id })).timeline;
      expect(story.every((e: { source: string }) => e.source === 'mcp')).toBe(true);

      const doomed = await mcp.ok('create_deployment', {
        title: 'never',
        environment_id: 'lifecycle',
        version: 'v9',
        deployment_type: 'hotfix',
      });
      expect(await mcp.ok('delete_deployment', { deployment_id: doomed.id })).toEqual({ deleted: true, deployment_id: doomed.id });
      expect((await svc.call('GET', `/api/deployments/${doomed.id}`)).status).toBe(404);
    });

    it('reports deployment statistics as the REST API does', async () => {
      const window = { since: '2020-01-01T00:00:00Z', until: '2029-01-01T00:00:00Z', environment_id: 'lifecycle' };
      const stats = await mcp.ok('get_deployment_stats', window);
      expect(stats).toMatchObject({ total: 2, by_status: { completed: 1, rolled_back: 1 }, success_rate: 0.5 });
      expect(stats).toEqual(await rest(`/api/deployments/stats?since=${window.since}&until=${window.until}&environment_id=lifecycle`));
    });
  });

  describe('errors say what to fix', () => {
    it('an invalid enum value names the field and the allowed values', async () => {
      const text = await mcp.fail('create_incident', { title: 't', severity: 'urgent', incident_type: 'outage' });
      expect(text).toContain('severity');
      for (const value of SEVERITIES) expect(text).toContain(value);
      const nested = await mcp.fail('update_environment', { environment_id: PROD_ENV, updates: { status: 'down' } });
      expect(nested).toContain('status');
      for (const value of ENVIRONMENT_STATUSES) expect(nested).toContain(value);
    });

    it('an unknown field is named', async () => {
      expect(await mcp.fail('create_incident', { ...minimalIncident(), priority: 'p1' })).toContain('priority');
      expect(await mcp.fail('update_incident', { incident_id: 'inc-x', updates: { owner: 'kim' } })).toContain('owner');
    });

    it('a missing required field is named', async () => {
      expect(await mcp.fail('create_incident', { severity: 'low', incident_type: 'data' })).toContain('title is required');
      expect(await mcp.fail('create_incident', { title: 't', incident_type: 'data' })).toContain('severity is required');
      expect(await mcp.fail('create_deployment', { title: 't', environment_id: PROD_ENV, deployment_type: 'rolling' })).toContain(
        'version',
      );
      expect(await mcp.fail('fail_deployment', { deployment_id: 'dep-x' })).toContain('reason');
    });

    it('a value the request rules refuse is named with the rule', async () => {
      expect(await mcp.fail('create_incident', minimalIncident({ title: '   ' }))).toContain('title must not be blank');
      const badDate = await mcp.fail('create_deployment', minimalDeployment({ scheduled_at: '2025-02-30T02:00:00Z' }));
      expect(badDate).toContain('scheduled_at is not a real date');
      const unknownEnv = await mcp.fail('create_incident', minimalIncident({ environment_id: 'nowhere' }));
      expect(unknownEnv).toContain('no environment has the id or name "nowhere"');
    });

    it('not found names the id and how to find the right one', async () => {
      const incident = await mcp.fail('get_incident', { ...DETAILED, incident_id: 'inc-missing' });
      expect(incident).toContain('not_found');
      expect(incident).toContain('No incident with id "inc-missing"');
      expect(incident).toMatch(/list incidents/i);
      expect(await mcp.fail('update_environment', { environment_id: 'env-none', updates: { status: 'inactive' } })).toMatch(
        /No environment with id "env-none".*ids and names are both accepted/,
      );
      expect(await mcp.fail('execute_deployment', { deployment_id: 'dep-none' })).toMatch(
        /No deployment with id "dep-none".*List deployments/,
      );
    });

    it('an illegal move gives the current status and what is allowed now, and changes nothing', async () => {
      const incident = await mcp.ok('create_incident', minimalIncident({ title: 'moving', status: 'investigating' }));
      const back = await mcp.fail('update_incident_status', { incident_id: incident.id, status: 'open' });
      expect(back).toContain('invalid_transition');
      expect(back).toContain('Current status: investigating; allowed now: identified, monitoring, resolved.');
      expect((await rest(`/api/incidents/${incident.id}`)).status).toBe('investigating');

      const deployment = await mcp.ok('create_deployment', minimalDeployment({ title: 'early', version: 'v3' }));
      const early = await mcp.fail('complete_deployment', { deployment_id: deployment.id });
      expect(early).toContain('invalid_transition');
      expect(early).toContain('Current status: planned; allowed now: execute, edit, delete.');
      expect((await rest(`/api/deployments/${deployment.id}`)).status).toBe('planned');
    });

    it('a stale revision is refused as a revision conflict, keeping the newer change', async () => {
      const incident = await mcp.ok('create_incident', minimalIncident({ title: 'contended' }));
      await svc.call('PATCH', `/api/incidents/${incident.id}`, { description: 'from the dashboard' });
      const stale = await mcp.fail('update_incident', {
        incident_id: incident.id,
        updates: { description: 'from the model', revision: 1 },
      });
      expect(stale).toContain('revision_conflict');
      expect(stale).toContain('you sent revision 1, it is now at 2');
      expect(stale).toMatch(/Reload it/);
      expect((await rest(`/api/incidents/${incident.id}`)).description).toBe('from the dashboard');
    });

    it('a duplicate environment name and deleting a referenced environment are conflicts', async () => {
      const duplicate = await mcp.fail('create_environment', prodEnvironment({ environment_type: 'staging' }));
      expect(duplicate).toContain('conflict');
      expect(duplicate).toContain(`An environment named "${PROD_ENV}" already exists (${prodEnvId})`);
      const referenced = await mcp.fail('delete_environment', { environment_id: PROD_ENV });
      expect(referenced).toContain('conflict');
      expect(referenced).toMatch(/still referred to by \d+ incident\(s\) and \d+ deployment\(s\).*Set its status to inactive instead/);
      expect((await svc.call('GET', `/api/environments/${PROD_ENV}`)).status).toBe(200);
    });

    it('a tool that does not exist is an error result, not a crash', async () => {
      const result = await mcp.call('resolve_everything', {});
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('resolve_everything');
    });
  });

  describe('pagination', () => {
    it('pages incidents with limit, has_more and next_cursor, without gaps or repeats', async () => {
      for (let i = 0; i < 5; i++) await mcp.ok('create_incident', minimalIncident({ title: `page-${i}`, tags: ['paging'] }));
      const everything = (await mcp.ok('list_incidents', { ...DETAILED, tag: 'paging', limit: 200 })).incidents.map(
        (i: { id: string }) => i.id,
      );
      expect(everything).toHaveLength(5);

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const page = await mcp.ok('list_incidents', { ...DETAILED, tag: 'paging', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page).toMatchObject({ total: 5, limit: 2 });
        seen.push(...page.incidents.map((i: { id: string }) => i.id));
        if (!page.has_more) {
          expect(page.next_cursor).toBeNull();
          break;
        }
        expect(page.incidents).toHaveLength(2);
        expect(typeof page.next_cursor).toBe('string');
        cursor = page.next_cursor;
      }
      expect(seen).toEqual(everything);
    });

    it('pages environments and deployments the same way, and continues with the cursor REST gave', async () => {
      for (let i = 0; i < 3; i++) await mcp.ok('create_environment', { name: `pager-${i}`, environment_type: 'testing', tags: ['pager'] });
      const first = await mcp.ok('list_environments', { ...DETAILED, tag: 'pager', limit: 2 });
      expect(first).toMatchObject({ total: 3, has_more: true });
      const second = await mcp.ok('list_environments', { ...DETAILED, tag: 'pager', limit: 2, cursor: first.next_cursor });
      expect([...first.environments, ...second.environments].map((e: { name: string }) => e.name)).toEqual([
        'pager-0',
        'pager-1',
        'pager-2',
      ]);
      expect(second).toMatchObject({ has_more: false, next_cursor: null });

      for (let i = 0; i < 3; i++)
        await mcp.ok('create_deployment', { title: `d${i}`, environment_id: 'pager-0', version: `v${i}`, deployment_type: 'rolling' });
      const restFirst = await rest('/api/deployments?environment_id=pager-0&limit=2&sort_by=created_asc');
      const rest2 = await mcp.ok('list_deployments', {
        ...DETAILED,
        environment_id: 'pager-0',
        limit: 2,
        sort_by: 'created_asc',
        cursor: restFirst.next_cursor,
      });
      expect([...restFirst.items, ...rest2.deployments].map((d: { title: string }) => d.title)).toEqual(['d0', 'd1', 'd2']);
    });

    it('defaults to 50 and caps at 200', async () => {
      expect((await mcp.ok('list_incidents', DETAILED)).limit).toBe(50);
      expect(await mcp.fail('list_incidents', { ...DETAILED, limit: 201 })).toContain('limit');
      expect(await mcp.fail('list_deployments', { ...DETAILED, limit: 0 })).toContain('limit');
      expect(await mcp.fail('list_environments', { ...DETAILED, cursor: 'not-a-cursor' })).toContain(
        'pass next_cursor from the previous page unchanged',
      );
    });
  });

  describe('one deployment per environment, and what a rollback restores', () => {
    it('execute_deployment is refused while another runs, naming it and saying what to do', async () => {
      await mcp.ok('create_environment', { name: 'one-at-a-time', environment_type: 'staging', current_version: 'v1.0.0' });
      const running = await mcp.ok(
        'create_deployment',
        minimalDeployment({ environment_id: 'one-at-a-time', title: 'first', version: 'v1.1.0' }),
      );
      const waiting = await mcp.ok(
        'create_deployment',
        minimalDeployment({ environment_id: 'one-at-a-time', title: 'second', version: 'v1.2.0' }),
      );
      await mcp.ok('execute_deployment', { deployment_id: running.id });
      expect((await mcp.ok('get_deployment', { ...DETAILED, deployment_id: waiting.id })).allowed_actions).toEqual(['edit', 'delete']);

      const refused = await mcp.fail('execute_deployment', { deployment_id: waiting.id });
      expect(refused).toContain('execute_deployment failed (conflict)');
      expect(refused).toContain(`${running.id} "first"`);
      expect(refused).toContain('Complete, fail or roll it back first');
      expect(refused).toContain('Current status: planned; allowed now: edit, delete.');
      expect((await rest(`/api/deployments/${waiting.id}`)).status).toBe('planned');

      // Failed, it rolls back without being told a version: the one the environment ran when it started.
      await mcp.ok('fail_deployment', { deployment_id: running.id, reason: 'pods crash-looping' });
      const rolledBack = await mcp.ok('rollback_deployment', { deployment_id: running.id, reason: 'restore' });
      expect(rolledBack).toMatchObject({ status: 'rolled_back', rolled_back_to: 'v1.0.0', previous_version: 'v1.0.0' });
      expect((await mcp.ok('execute_deployment', { deployment_id: waiting.id })).status).toBe('in_progress');
    });

    it('rollback_deployment with no version known says to pass rollback_version, and works once given', async () => {
      await mcp.ok('create_environment', { name: 'no-version-yet', environment_type: 'testing' });
      const d = await mcp.ok('create_deployment', minimalDeployment({ environment_id: 'no-version-yet', version: 'v0.1.0' }));
      const started = await mcp.ok('execute_deployment', { deployment_id: d.id });
      expect(started.allowed_actions).toEqual(['progress', 'complete', 'fail']);
      const refused = await mcp.fail('rollback_deployment', { deployment_id: d.id });
      expect(refused).toContain('rollback_deployment failed (conflict)');
      expect(refused).toContain('No version to roll back to; pass rollback_version');
      expect(refused).toContain('Current status: in_progress; allowed now: progress, complete, fail.');
      expect(await mcp.ok('rollback_deployment', { deployment_id: d.id, rollback_version: 'v0.0.9' })).toMatchObject({
        status: 'rolled_back',
        rolled_back_to: 'v0.0.9',
      });
    });
  });

  describe('timelines longer than a detail shows', () => {
    const ids = (entries: Array<{ id: number }>) => entries.map((e) => e.id);

    it('list_incident_timeline pages back from get_incident, every entry once and in order, as REST does', async () => {
      const incident = await mcp.ok('create_incident', minimalIncident({ title: 'long story' }));
      await addTimelineEntries(svc, 'incident', incident.id, LIMITS.timelineMax + 30);
      const all = await timelineIds(svc, 'incident', incident.id);
      const detail = await mcp.ok('get_incident', { ...DETAILED, incident_id: incident.id });
      expect(detail.timeline).toHaveLength(LIMITS.timelineMax);
      expect(detail.timeline_has_more).toBe(true);

      const older = await pageBack(async (cursor) => {
        const page = await mcp.ok('list_incident_timeline', {
          ...DETAILED,
          incident_id: incident.id,
          limit: 8,
          ...(cursor ? { cursor } : {}),
        });
        expect(page).toMatchObject({
          total: Math.min(all.length, LIMITS.listTotalMax),
          total_capped: all.length > LIMITS.listTotalMax,
          limit: 8,
        });
        return page;
      }, detail.timeline_next_cursor);
      expect([...older.ids, ...ids(detail.timeline)]).toEqual(all);

      const first = await mcp.ok('list_incident_timeline', {
        ...DETAILED,
        incident_id: incident.id,
        limit: 8,
        cursor: detail.timeline_next_cursor,
      });
      const restFirst = await rest(`/api/incidents/${incident.id}/timeline?limit=8&cursor=${detail.timeline_next_cursor}`);
      const { entries, ...meta } = first;
      const { items, ...restMeta } = restFirst;
      expect([entries, meta]).toEqual([items, restMeta]);
    });

    it('list_deployment_timeline pages a deployment the same way, and refuses what REST refuses', async () => {
      const d = await mcp.ok('create_deployment', minimalDeployment({ title: 'long deployment story' }));
      for (let i = 0; i < 4; i++) await mcp.ok('update_deployment', { deployment_id: d.id, updates: { notes: `note ${i}` } });
      const detail = await mcp.ok('get_deployment', { ...DETAILED, deployment_id: d.id });
      expect(detail).toMatchObject({ timeline_has_more: false, timeline_next_cursor: null });
      const paged = await pageBack(
        (cursor) => mcp.ok('list_deployment_timeline', { ...DETAILED, deployment_id: d.id, limit: 2, ...(cursor ? { cursor } : {}) }),
        null,
      );
      expect(paged.pages.map((p) => p.entries!.length)).toEqual([2, 2, 1]);
      expect(paged.ids).toEqual(ids(detail.timeline));

      expect(await mcp.fail('list_deployment_timeline', { ...DETAILED, deployment_id: d.id, cursor: 'garbage' })).toContain('cursor');
      expect(await mcp.fail('list_deployment_timeline', { ...DETAILED, deployment_id: d.id, limit: LIMITS.timelineMax + 1 })).toContain(
        'limit',
      );
      expect(await mcp.fail('list_deployment_timeline', { ...DETAILED, deployment_id: 'dep-none' })).toContain(
        'No deployment with id "dep-none"',
      );
    });
  });

  describe('writes through MCP are recorded as such', () => {
    it('on the incident timeline and on the live event stream, with the client as actor', async () => {
      const stream = await openSse(`${svc.baseUrl}/api/events`);
      try {
        expect(stream.status).toBe(200);
        const incident = await mcp.ok('create_incident', { title: 'seen live', severity: 'high', incident_type: 'outage' });
        await mcp.ok('update_incident_status', { incident_id: incident.id, status: 'investigating' });
        await mcp.ok('add_incident_note', { incident_id: incident.id, note: 'looking' });

        const timeline = (await rest(`/api/incidents/${incident.id}`)).timeline;
        expect(timeline.map((e: { kind: string; source: string; actor: string }) => [e.kind, e.source, e.actor])).toEqual([
          ['created', 'mcp', 'claude-code'],
          ['status_changed', 'mcp', 'claude-code'],
          ['note', 'mcp', 'claude-code'],
        ]);

        const events: Array<Record<string, unknown>> = [];
        while (events.length < 3) {
          const event = JSON.parse((await stream.next(5_000)).data);
          if (event.entity_id === incident.id) events.push(event);
        }
        expect(events.map((e) => [e.entity, e.action, e.source, e.actor])).toEqual([
          ['incident', 'created', 'mcp', 'claude-code'],
          ['incident', 'status_changed', 'mcp', 'claude-code'],
          ['incident', 'note_added', 'mcp', 'claude-code'],
        ]);
      } finally {
        stream.close();
      }
    });
  });
});

describe('MCP read-only mode', () => {
  it('offers only the tools that change nothing, and refuses a write tool', async () => {
    const svc = await startService({ env: { MCP_READ_ONLY: 'true' } });
    let mcp: McpSession | undefined;
    try {
      mcp = await connectInProcess(svc);
      const { tools } = await mcp.client.listTools();
      expect(sorted(tools.map((t) => t.name))).toEqual(sorted(READ_ONLY_TOOLS));
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);

      const refused = await mcp.call('create_incident', minimalIncident());
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain('create_incident');
      expect((await svc.call('GET', '/api/incidents')).body.total).toBe(0);
      // Reads still work.
      expect((await mcp.ok('list_incidents', DETAILED)).total).toBe(0);
    } finally {
      await mcp?.close();
      await svc.close();
    }
  });
});
