import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError, loadConfig } from '../apps/api/src/config/app-config.js';
import {
  MCP_BUDGETS,
  connectMcp,
  jsonBytes,
  measureMcpBudget,
  resultBytes,
  seedOperations,
  startCheckTarget,
  type SeededOperations,
} from '../bench/mcp-budget.js';
import { SEVERITIES } from '../libs/domain/src/index.js';
import { startService, type RunningService } from './support/service.js';

/** Lean MCP over Streamable HTTP with the SDK client: budgets, toolsets, response formats, prompts, resources, completions. */
describe('lean MCP', () => {
  let svc: RunningService;
  let target: Awaited<ReturnType<typeof startCheckTarget>>;
  let seeded: SeededOperations;
  let mcp: Client;

  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  const names = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

  beforeAll(async () => {
    target = await startCheckTarget();
    svc = await startService();
    seeded = await seedOperations(svc.baseUrl, { incidents: 60, checkUrl: target.url });
    mcp = await connectMcp(svc.baseUrl, '', 'claude-code');
    // The client validates structuredContent against each tool's outputSchema once it has listed them.
    await mcp.listTools();
  }, 60_000);
  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
    await target?.close();
  });

  it('keeps the default tools/list within 24 kB and fifty concise incidents within 14 kB, every default tool measured', async () => {
    const budget = await measureMcpBudget(svc.baseUrl, seeded);
    expect(budget.tools_list.bytes).toBeLessThanOrEqual(MCP_BUDGETS.toolsList);
    expect(budget.fifty_incidents.concise_bytes).toBeLessThanOrEqual(MCP_BUDGETS.fiftyIncidentList);
    // The concise default is the point: the same fifty in full cost several times as much.
    expect(budget.fifty_incidents.detailed_bytes).toBeGreaterThan(3 * budget.fifty_incidents.concise_bytes);
    expect(budget.tools_list_all_toolsets.tools).toBeGreaterThan(budget.tools_list.tools);
    expect([...new Set(budget.responses.map((r) => r.tool))].sort()).toEqual(await names(mcp));
    for (const r of budget.responses)
      if (r.detailed_bytes !== null) expect([r.tool, r.concise_bytes <= r.detailed_bytes]).toEqual([r.tool, true]);
  });

  it('a concise list is a table of what an assistant branches on; detailed is the REST page; text is the same JSON, compact', async () => {
    const concise = await call(mcp, 'list_incidents', { limit: 50 });
    const data = concise.structuredContent as { columns: string[]; incidents: unknown[][]; total: number; has_more: boolean };
    expect(data.columns).toEqual(['id', 'title', 'severity', 'status', 'environment', 'age']);
    expect(data.incidents).toHaveLength(50);
    expect(data).toMatchObject({ total: 61, has_more: true });
    // Each row says what the REST API says about the same incident, the environment by name.
    const restPage = (await svc.call('GET', '/api/incidents?limit=50')).body;
    const environmentName = new Map(Object.entries(seeded.environments).map(([name, id]) => [id, name]));
    expect(data.incidents.map((row) => row.slice(0, 5))).toEqual(
      restPage.items.map((i: Record<string, string>) => [i.id, i.title, i.severity, i.status, environmentName.get(i.environment_id!)]),
    );
    for (const row of data.incidents) expect(row[5]).toMatch(/^\d+[smhd]$/);
    const body = text(concise);
    expect(body).not.toContain('\n  ');
    expect(JSON.parse(body.slice(body.indexOf('\n\n') + 2))).toEqual(data);

    const detailed = await call(mcp, 'list_incidents', { limit: 50, response_format: 'detailed' });
    expect((detailed.structuredContent as { incidents: unknown[] }).incidents).toEqual(restPage.items);
  });

  it('a concise get drops what is unset and names the environment; detailed equals REST', async () => {
    const concise = (await call(mcp, 'get_incident', { incident_id: seeded.causedIncident.id })).structuredContent as Record<string, any>;
    expect(concise).toMatchObject({
      id: seeded.causedIncident.id,
      severity: 'critical',
      status: 'resolved',
      environment: 'prod-payments',
      root_cause: seeded.causedIncident.root_cause,
      timeline_columns: ['at', 'kind', 'actor', 'message'],
    });
    expect(concise).not.toHaveProperty('commander');
    expect(concise.timeline.map((row: string[]) => row[1])).toContain('status_changed');
    const detailed = await call(mcp, 'get_incident', { incident_id: seeded.causedIncident.id, response_format: 'detailed' });
    expect(detailed.structuredContent).toEqual((await svc.call('GET', `/api/incidents/${seeded.causedIncident.id}`)).body);
  });

  it('serves the default toolsets, others by header or query parameter, and refuses an unknown one by name', async () => {
    const byDefault = await names(mcp);
    expect(byDefault).toContain('create_incident');
    expect(byDefault).not.toContain('delete_environment');

    const healthOnly = await connectMcp(svc.baseUrl, '?toolsets=health');
    expect(await names(healthOnly)).toEqual([
      'check_environment_now',
      'get_environment_status',
      'get_system_health',
      'list_health_checks',
      'report_environment_metrics',
    ]);
    expect(mcp.getInstructions()).toContain('incident_response and deploy');
    expect(healthOnly.getInstructions()).not.toContain('incident_response');
    expect((await healthOnly.listPrompts().catch(() => ({ prompts: [] }))).prompts).toEqual([]);
    // A tool of a toolset not chosen is not there, and the answer says how to get it.
    expect(text(await call(healthOnly, 'list_incidents'))).toMatch(/No tool named "list_incidents".*x-mcp-toolsets/);
    await healthOnly.close();

    const { Client: SdkClient } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const byHeader = new SdkClient({ name: 'header', version: '1' });
    await byHeader.connect(
      new StreamableHTTPClientTransport(new URL(`${svc.baseUrl}/mcp`), {
        requestInit: { headers: { 'x-mcp-toolsets': 'incidents, admin' } },
      }),
    );
    const incidentsAndAdmin = await names(byHeader);
    expect(incidentsAndAdmin).toEqual(expect.arrayContaining(['list_incidents', 'delete_environment', 'delete_deployment']));
    expect(incidentsAndAdmin).not.toContain('list_deployments');
    await byHeader.close();

    const all = await connectMcp(svc.baseUrl, '?toolsets=all');
    expect((await names(all)).length).toBeGreaterThan(byDefault.length);
    await all.close();

    await expect(connectMcp(svc.baseUrl, '?toolsets=incidents,pagers')).rejects.toThrow(
      /Unknown toolset\(s\): pagers.*incidents, environments/,
    );
  });

  it('MCP_TOOLSETS chooses the default set, and an unknown name stops start-up naming it', async () => {
    expect(loadConfig({ MCP_TOOLSETS: 'incidents,health' }).mcp.toolsets).toEqual(['incidents', 'health']);
    expect(loadConfig({ MCP_TOOLSETS: 'all' }).mcp.toolsets).toEqual([
      'incidents',
      'environments',
      'deployments',
      'health',
      'admin',
      'notifications',
      'postmortems',
      'delivery',
    ]);
    expect(loadConfig({}).mcp.toolsets).toEqual(['incidents', 'environments', 'deployments', 'health']);
    expect(() => loadConfig({ MCP_TOOLSETS: 'incidents,pager' })).toThrow(ConfigError);
    expect(() => loadConfig({ MCP_TOOLSETS: 'incidents,pager' })).toThrow(/MCP_TOOLSETS: unknown toolset\(s\) "pager"/);

    const limited = await startService({ env: { MCP_TOOLSETS: 'deployments' } });
    try {
      const client = await connectMcp(limited.baseUrl);
      const offered = await names(client);
      expect(offered.every((name) => /deployment/.test(name))).toBe(true);
      expect(offered).toContain('execute_deployment');
      await client.close();
    } finally {
      await limited.close();
    }
  });

  it('says a missing argument is required and an invalid one invalid, and names the next step', async () => {
    const missing = text(await call(mcp, 'update_incident_status', { incident_id: seeded.causedIncident.id }));
    expect(missing).toContain('status is required');
    expect(missing).toContain('call update_incident_status again');
    const invalid = text(await call(mcp, 'create_incident', { title: 't', severity: 'urgent', incident_type: 'outage' }));
    expect(invalid).toContain(`severity must be one of: ${SEVERITIES.join(', ')}`);
    const format = text(await call(mcp, 'list_incidents', { response_format: 'short' }));
    expect(format).toContain('response_format must be one of: concise, detailed');
  });

  it('offers the two workflows as prompts, with environment names completed', async () => {
    const { prompts } = await mcp.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['deploy', 'incident_response']);
    const deploy = await mcp.getPrompt({ name: 'deploy', arguments: { environment: 'prod-api', version: 'v2.2.0' } });
    const steps = (deploy.messages[0]!.content as { text: string }).text;
    for (const tool of [
      'get_environment_status',
      'create_deployment',
      'execute_deployment',
      'get_deployment',
      'get_system_health',
      'rollback_deployment',
    ])
      expect(steps).toContain(tool);
    expect(steps).toContain('"prod-api"');
    const response = await mcp.getPrompt({ name: 'incident_response', arguments: { title: 'DB down', environment: 'prod-payments' } });
    expect((response.messages[0]!.content as { text: string }).text).toMatch(/create_incident[\s\S]*update_incident_status[\s\S]*resolved/);

    const completed = await mcp.complete({
      ref: { type: 'ref/prompt', name: 'deploy' },
      argument: { name: 'environment', value: 'prod-p' },
    });
    expect(completed.completion.values).toEqual(['prod-payments']);
    const byId = await mcp.complete({
      ref: { type: 'ref/prompt', name: 'deploy' },
      argument: { name: 'environment', value: seeded.environments['qa']!.slice(0, 8) },
    });
    expect(byId.completion.values).toContain(seeded.environments['qa']);
  });

  it('reads an incident and an environment as resources through URI templates, with environments completed', async () => {
    const { resourceTemplates } = await mcp.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['environment://{environment_id}', 'incident://{incident_id}']);
    const environment = await mcp.readResource({ uri: 'environment://prod-payments' });
    expect(JSON.parse((environment.contents[0] as { text: string }).text)).toMatchObject({
      name: 'prod-payments',
      current_version: 'v3.4.1',
    });
    const incident = await mcp.readResource({ uri: `incident://${seeded.causedIncident.id}` });
    expect(JSON.parse((incident.contents[0] as { text: string }).text)).toMatchObject({ title: seeded.causedIncident.title });
    const completed = await mcp.complete({
      ref: { type: 'ref/resource', uri: 'environment://{environment_id}' },
      argument: { name: 'environment_id', value: 'stag' },
    });
    expect(completed.completion.values.sort()).toEqual(['staging-api', 'staging-payments']);
  });

  it('answers tools/list from one prepared catalogue: the same bytes on every request', async () => {
    const again = await connectMcp(svc.baseUrl);
    expect(jsonBytes(await again.listTools())).toBe(jsonBytes(await mcp.listTools()));
    await again.close();
    // Concise is the smaller answer for a get too: the status of an environment with its open incidents.
    const status = { environment_id: 'prod-payments' };
    const concise = resultBytes(await call(mcp, 'get_environment_status', status));
    expect(concise * 2).toBeLessThan(resultBytes(await call(mcp, 'get_environment_status', { ...status, response_format: 'detailed' })));
  });
});
