import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROD_ENV, guideIncident, minimalDeployment, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { connectInProcess, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';

/**
 * One input, sent to a REST route and to the matching MCP tool. `args` gets a suffix so that
 * creating the same thing twice (once per interface) never collides on a unique name.
 */
interface Case {
  name: string;
  expect: 'accept' | 'reject';
  /** For a rejection: the field both interfaces must name. */
  field?: string;
  rest: (args: Record<string, unknown>) => { method: string; path: string; body?: unknown };
  tool: string;
  toolArgs?: (args: Record<string, unknown>) => Record<string, unknown>;
  args: (suffix: string) => Record<string, unknown>;
}

const query = (args: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(args).map(([k, v]): [string, string] => [k, String(v)])).toString();

let incidentId = '';
let deploymentId = '';

const createIncident = (name: string, expectation: Case['expect'], args: (s: string) => Record<string, unknown>, field?: string): Case => ({
  name: `create incident: ${name}`,
  expect: expectation,
  field,
  rest: (body) => ({ method: 'POST', path: '/api/incidents', body }),
  tool: 'create_incident',
  args,
});
const updateIncident = (name: string, expectation: Case['expect'], updates: Record<string, unknown>, field?: string): Case => ({
  name: `update incident: ${name}`,
  expect: expectation,
  field,
  rest: (body) => ({ method: 'PATCH', path: `/api/incidents/${incidentId}`, body }),
  tool: 'update_incident',
  toolArgs: (body) => ({ incident_id: incidentId, updates: body }),
  args: () => updates,
});
const list = (
  tool: string,
  path: string,
  name: string,
  expectation: Case['expect'],
  args: Record<string, unknown>,
  field?: string,
): Case => ({
  name: `${tool}: ${name}`,
  expect: expectation,
  field,
  rest: (q) => ({ method: 'GET', path: `${path}?${query(q)}` }),
  tool,
  args: () => args,
});

/** A canary deployment to PROD_ENV with the required fields, then `extra` as given (valid or not). */
const canary = (extra: Record<string, unknown> = {}) => ({ ...minimalDeployment({ title: 'd', deployment_type: 'canary' }), ...extra });

const CASES: Case[] = [
  createIncident('required fields only', 'accept', (s) => minimalIncident({ title: `t ${s}` })),
  createIncident("the guide's example, environment by name", 'accept', (s) => guideIncident({ title: `${guideIncident().title} ${s}` })),
  createIncident(
    'severity not in the vocabulary',
    'reject',
    () => ({ title: 't', severity: 'urgent', incident_type: 'outage' }),
    'severity',
  ),
  createIncident('title of exactly 200 characters', 'accept', (s) => minimalIncident({ title: s.padEnd(200, 'x') })),
  createIncident('title of 201 characters', 'reject', () => minimalIncident({ title: 'x'.repeat(201) }), 'title'),
  createIncident('title of 200 characters, half of them presentation selectors', 'accept', (s) =>
    minimalIncident({ title: `${s}${'⚠️'.repeat(98)}` }),
  ),
  createIncident(
    'title of 300 characters, half of them presentation selectors',
    'reject',
    () => minimalIncident({ title: '⚠️'.repeat(150) }),
    'title',
  ),
  createIncident('blank title', 'reject', () => minimalIncident({ title: '   ' }), 'title'),
  createIncident('null description (not clearable)', 'reject', () => ({ ...minimalIncident(), description: null }), 'description'),
  createIncident('null commander (clearable)', 'accept', (s) => minimalIncident({ title: `t ${s}`, commander: null })),
  createIncident('unknown field', 'reject', () => ({ ...minimalIncident(), priority: 'p1' }), 'priority'),
  createIncident('unknown environment name', 'reject', () => minimalIncident({ environment_id: 'nowhere' }), 'environment_id'),
  createIncident('tags as a string, not a list', 'reject', () => ({ ...minimalIncident(), tags: 'api' }), 'tags'),
  createIncident('an empty affected service', 'reject', () => minimalIncident({ affected_services: [''] }), 'affected_services'),
  updateIncident('a new severity', 'accept', { severity: 'critical' }),
  updateIncident('null title', 'reject', { title: null }, 'title'),
  updateIncident('status not in the vocabulary', 'reject', { status: 'closed' }, 'status'),
  updateIncident('a revision of 0', 'reject', { description: 'x', revision: 0 }, 'revision'),
  {
    name: 'create environment: valid, with url and health check',
    expect: 'accept',
    rest: (body) => ({ method: 'POST', path: '/api/environments', body }),
    tool: 'create_environment',
    args: (s) => ({
      name: `stage-${s}`,
      environment_type: 'staging',
      url: 'https://stage.example.com',
      health_check: { target: '/health', timeout_ms: 2000 },
    }),
  },
  {
    name: 'create environment: url that is not one',
    expect: 'reject',
    field: 'url',
    rest: (body) => ({ method: 'POST', path: '/api/environments', body }),
    tool: 'create_environment',
    args: (s) => ({ name: `bad-${s}`, environment_type: 'staging', url: 'stage.example.com' }),
  },
  {
    name: 'create environment: name with a slash',
    expect: 'reject',
    field: 'name',
    rest: (body) => ({ method: 'POST', path: '/api/environments', body }),
    tool: 'create_environment',
    args: (s) => ({ name: `a/b-${s}`, environment_type: 'staging' }),
  },
  {
    name: 'create deployment: valid, scheduled with an offset',
    expect: 'accept',
    rest: (body) => ({ method: 'POST', path: '/api/deployments', body }),
    tool: 'create_deployment',
    args: (s) => canary({ title: `d ${s}`, scheduled_at: '2025-01-15T11:00:00+09:00' }),
  },
  {
    name: 'create deployment: a date that does not exist',
    expect: 'reject',
    field: 'scheduled_at',
    rest: (body) => ({ method: 'POST', path: '/api/deployments', body }),
    tool: 'create_deployment',
    args: () => canary({ scheduled_at: '2025-02-30T02:00:00Z' }),
  },
  {
    name: 'create deployment: a date without a time zone',
    expect: 'reject',
    field: 'scheduled_at',
    rest: (body) => ({ method: 'POST', path: '/api/deployments', body }),
    tool: 'create_deployment',
    args: () => canary({ scheduled_at: '2025-01-15 02:00' }),
  },
  {
    name: 'create deployment: starting in_progress',
    expect: 'reject',
    field: 'status',
    rest: (body) => ({ method: 'POST', path: '/api/deployments', body }),
    tool: 'create_deployment',
    args: () => canary({ status: 'in_progress' }),
  },
  {
    name: 'create deployment: zero instances',
    expect: 'reject',
    field: 'deployment_config',
    rest: (body) => ({ method: 'POST', path: '/api/deployments', body }),
    tool: 'create_deployment',
    args: () => canary({ deployment_config: { instances: 0 } }),
  },
  {
    name: 'update deployment: null version',
    expect: 'reject',
    field: 'version',
    rest: (body) => ({ method: 'PATCH', path: `/api/deployments/${deploymentId}`, body }),
    tool: 'update_deployment',
    toolArgs: (body) => ({ deployment_id: deploymentId, updates: body }),
    args: () => ({ version: null }),
  },
  list('list_incidents', '/api/incidents', 'filters and the largest page', 'accept', { severity: 'high', status: 'open', limit: 200 }),
  list('list_incidents', '/api/incidents', 'limit 0', 'reject', { limit: 0 }, 'limit'),
  list('list_incidents', '/api/incidents', 'limit 201', 'reject', { limit: 201 }, 'limit'),
  list('list_incidents', '/api/incidents', 'a cursor that is not one', 'reject', { cursor: 'abc' }, 'cursor'),
  list('list_incidents', '/api/incidents', 'sort not in the vocabulary', 'reject', { sort_by: 'oldest' }, 'sort_by'),
  list('list_environments', '/api/environments', 'type and status', 'accept', { environment_type: 'production', status: 'active' }),
  list('list_deployments', '/api/deployments', "the guide's filter", 'accept', {
    environment_id: PROD_ENV,
    status: 'planned',
    sort_by: 'scheduled_desc',
  }),
  list('list_deployments', '/api/deployments', 'status not in the vocabulary', 'reject', { status: 'done' }, 'status'),
  list('get_incident_stats', '/api/incidents/stats', 'a window that is not a date', 'reject', { since: 'yesterday' }, 'since'),
];

describe('REST and MCP accept and refuse the same inputs', () => {
  let svc: RunningService;
  let mcp: McpSession;

  beforeAll(async () => {
    svc = await startService();
    mcp = await connectInProcess(svc);
    await svc.call('POST', '/api/environments', prodEnvironment());
    incidentId = (await svc.call('POST', '/api/incidents', minimalIncident({ title: 'to edit' }))).body.id;
    deploymentId = (await svc.call('POST', '/api/deployments', minimalDeployment({ title: 'to edit', version: 'v0' }))).body.id;
  });
  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
  });

  it(`gives the same verdict on ${CASES.length} inputs, naming the same field when refusing`, async () => {
    const verdicts: Array<[string, string, string]> = [];
    const fieldProblems: string[] = [];
    for (const c of CASES) {
      const request = c.rest(c.args('rest'));
      const viaRest = await svc.call(request.method, request.path, request.body);
      const toolArgs = c.args('mcp');
      const viaMcp = await mcp.call(c.tool, c.toolArgs ? c.toolArgs(toolArgs) : toolArgs);
      const restVerdict = viaRest.status < 300 ? 'accept' : viaRest.status === 400 ? 'reject' : `HTTP ${viaRest.status}`;
      const mcpVerdict = viaMcp.isError ? 'reject' : 'accept';
      verdicts.push([c.name, restVerdict, mcpVerdict]);
      if (c.field && restVerdict === 'reject' && mcpVerdict === 'reject') {
        const restFields = (viaRest.body.fields ?? []).map((f: { field: string }) => f.field.split('.')[0]);
        const mcpText = JSON.stringify(viaMcp.content);
        if (!restFields.includes(c.field)) fieldProblems.push(`${c.name}: REST named ${restFields.join(', ')}`);
        if (!mcpText.includes(c.field)) fieldProblems.push(`${c.name}: MCP said ${mcpText}`);
      }
    }
    expect(verdicts).toEqual(CASES.map((c) => [c.name, c.expect, c.expect]));
    expect(fieldProblems).toEqual([]);
  });

  it('a refused input changes nothing on either interface', async () => {
    const before = (await svc.call('GET', `/api/incidents/${incidentId}`)).body;
    await svc.call('PATCH', `/api/incidents/${incidentId}`, { title: null, severity: 'low' });
    await mcp.call('update_incident', { incident_id: incidentId, updates: { title: null, severity: 'low' } });
    expect((await svc.call('GET', `/api/incidents/${incidentId}`)).body).toEqual(before);
  });
});
