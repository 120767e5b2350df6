import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * What the MCP server costs an assistant's context, measured with the SDK client over Streamable
 * HTTP on realistic operations data: the bytes of tools/list and of each tool's typical answer.
 * `npm run bench` records it (bench/run.ts); `test/mcp-budget.e2e-spec.ts` holds the budgets.
 */

/** The budgets, in bytes (UTF-8, JSON as sent): 24 KB and 14 KB. */
export const MCP_BUDGETS = { toolsList: 24_000, fiftyIncidentList: 14_000 } as const;

/** Bytes of a tool answer as it travels: every content block and the structured content. */
export function resultBytes(result: Pick<CallToolResult, 'content' | 'structuredContent'>): number {
  return Buffer.byteLength(JSON.stringify({ content: result.content, structuredContent: result.structuredContent }));
}

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export async function connectMcp(baseUrl: string, query = '', name = 'mcp-budget'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp${query}`)));
  return client;
}

/** A REST call's parsed JSON body; the seed reads only ids from it. */
type Rest = (method: string, path: string, body?: unknown) => Promise<{ id: string } & Record<string, unknown>>;

function restClient(baseUrl: string): Rest {
  return async (method, path, body) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as { id: string } & Record<string, unknown>;
  };
}

/** A local service to health-check: /ok answers 200, /down 503, /slow 200 after 150 ms. */
export async function startCheckTarget(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const answer = (status: number) => res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    if (req.url?.startsWith('/down')) answer(503);
    else if (req.url?.startsWith('/slow')) setTimeout(() => answer(200), 150);
    else answer(200);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const TITLES = [
  'API 서버 응답 지연',
  'Checkout p99 latency above 3 s',
  '프로덕션 DB 연결 실패',
  'Payment webhooks delayed by 10 minutes',
  'Search returns stale results after reindex',
  'Login errors for SSO users',
  'Disk usage at 92% on db-1',
  'Order service 502s behind the gateway',
  '결제 API 타임아웃 증가',
  'Certificate for api.company.com expires in 5 days',
  'Inventory sync job failing since 02:00',
  'Memory leak in notifications worker',
];
const SERVICES = ['payment-api', 'checkout-service', 'user-service', 'order-service', 'search', 'auth', 'gateway'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const TYPES = ['outage', 'performance', 'security', 'data', 'deployment'] as const;
const STATUSES = ['open', 'investigating', 'identified', 'monitoring', 'resolved'] as const;

export interface SeededOperations {
  /** Environment name → id. */
  environments: Record<string, string>;
  /** The deployment to prod-payments that failed and was rolled back, and why. */
  rolledBack: { id: string; version: string; reason: string; environment: string };
  /** A second rollback, on staging-api. */
  rolledBackStaging: { id: string; version: string; reason: string };
  /** The last deployment completed to each environment that has one: name → version. */
  lastCompleted: Record<string, string>;
  inProgress: { id: string; environment: string; version: string };
  /** A resolved incident caused by the rolled-back deployment. */
  causedIncident: { id: string; title: string; root_cause: string };
  incidentIds: string[];
}

/**
 * A team's operations as they would be after a busy week, written through the REST API: eight
 * environments (two production ones unhealthy when `checkUrl` is given), completed, failed,
 * rolled-back and running deployments, and `incidents` incidents across severities and statuses.
 */
export async function seedOperations(baseUrl: string, options: { incidents?: number; checkUrl?: string } = {}): Promise<SeededOperations> {
  const rest = restClient(baseUrl);
  const target = options.checkUrl;
  const env = async (name: string, body: Record<string, unknown>) =>
    (await rest('POST', '/api/environments', { name, ...body })).id as string;
  const environments: Record<string, string> = {
    'prod-api': await env('prod-api', {
      environment_type: 'production',
      description: 'Public REST API',
      current_version: 'v2.0.5',
      tags: ['api', 'customer-facing'],
      ...(target ? { url: target, health_check: { target: '/ok' } } : {}),
    }),
    'prod-payments': await env('prod-payments', {
      environment_type: 'production',
      description: 'Payment gateway and webhooks',
      current_version: 'v3.4.1',
      tags: ['payment', 'customer-facing'],
      ...(target ? { url: target, health_check: { target: '/down' } } : {}),
    }),
    'prod-search': await env('prod-search', {
      environment_type: 'production',
      current_version: 'v1.12.0',
      tags: ['search'],
      ...(target ? { url: target, health_check: { target: '/slow', slow_threshold_ms: 50 } } : {}),
    }),
    'staging-api': await env('staging-api', { environment_type: 'staging', current_version: 'v1.7.2', tags: ['api'] }),
    'staging-payments': await env('staging-payments', { environment_type: 'staging', status: 'maintenance', tags: ['payment'] }),
    'dev-sandbox': await env('dev-sandbox', { environment_type: 'development' }),
    qa: await env('qa', { environment_type: 'testing', status: 'inactive' }),
    '프로덕션 API 서버': await env('프로덕션 API 서버', {
      environment_type: 'production',
      description: '메인 API 서비스 프로덕션 환경',
      tags: ['api', 'production', 'critical'],
    }),
  };
  if (target)
    for (const name of ['prod-api', 'prod-payments', 'prod-search']) await rest('POST', `/api/environments/${environments[name]}/check`);

  const deploy = async (environment: string, version: string, title: string, type = 'rolling') =>
    (await rest('POST', '/api/deployments', { title, environment_id: environment, version, deployment_type: type })).id as string;
  const run = async (id: string) => {
    await rest('POST', `/api/deployments/${id}/execute`);
    await rest('POST', `/api/deployments/${id}/progress`, { percentage: 60, message: '3 of 5 instances' });
  };
  const lastCompleted: Record<string, string> = {};
  for (const [environment, version, title] of [
    ['prod-api', 'v2.1.0', 'API v2.1.0 프로덕션 배포'],
    ['prod-search', 'v1.12.1', 'Search ranking tweaks'],
    ['staging-api', 'v1.8.1', 'Staging: API v1.8.1'],
  ] as const) {
    const id = await deploy(environment, version, title, 'blue_green');
    await run(id);
    await rest('POST', `/api/deployments/${id}/complete`, { notes: 'all instances healthy' });
    lastCompleted[environment] = version;
  }
  const badPayments = await deploy('prod-payments', 'v3.5.0', 'Payments v3.5.0 (new retry policy)', 'canary');
  await run(badPayments);
  const paymentsReason = 'error rate rose to 12% at 25% rollout; webhooks retried in a loop';
  await rest('POST', `/api/deployments/${badPayments}/fail`, { reason: 'error rate above 5% at canary stage' });
  await rest('POST', `/api/deployments/${badPayments}/rollback`, { reason: paymentsReason });
  const badStaging = await deploy('staging-api', 'v1.9.0', 'Staging: API v1.9.0');
  await run(badStaging);
  const stagingReason = 'memory leak in the session cache, pods OOM-killed';
  await rest('POST', `/api/deployments/${badStaging}/rollback`, { reason: stagingReason, rollback_version: 'v1.8.1' });
  const running = await deploy('prod-search', 'v1.13.0', 'Search v1.13.0');
  await run(running);
  await rest('POST', '/api/deployments', {
    title: '긴급 보안 패치 배포',
    environment_id: 'prod-api',
    version: 'v2.1.1-security',
    deployment_type: 'hotfix',
    scheduled_at: '2030-01-15T02:00:00Z',
  });

  const caused = await rest('POST', '/api/incidents', {
    title: 'Payment webhooks failing after v3.5.0',
    severity: 'critical',
    incident_type: 'deployment',
    environment_id: 'prod-payments',
    deployment_id: badPayments,
    affected_services: ['payment-api'],
  });
  const rootCause = 'new retry policy retried non-idempotent webhook calls';
  await rest('PATCH', `/api/incidents/${caused.id}`, {
    status: 'resolved',
    root_cause: rootCause,
    resolution_notes: 'rolled back to v3.4.1',
  });

  const names = Object.keys(environments);
  const incidentIds: string[] = [caused.id];
  const total = options.incidents ?? 60;
  for (let i = 1; i < total; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const created = await rest('POST', '/api/incidents', {
      title: TITLES[i % TITLES.length],
      description: 'Observed by monitoring; customers report slow pages. 결제 페이지 응답이 느림.',
      severity: SEVERITIES[i % SEVERITIES.length],
      incident_type: TYPES[i % TYPES.length],
      status,
      affected_services: [SERVICES[i % SERVICES.length], SERVICES[(i + 3) % SERVICES.length]],
      tags: ['api', i % 2 ? 'payment' : 'performance'],
      environment_id: names[i % names.length],
      ...(status === 'resolved' ? { resolution_notes: '서버 용량 증설로 해결' } : {}),
    });
    incidentIds.push(created.id);
  }
  return {
    environments,
    rolledBack: { id: badPayments, version: 'v3.5.0', reason: paymentsReason, environment: 'prod-payments' },
    rolledBackStaging: { id: badStaging, version: 'v1.9.0', reason: stagingReason },
    lastCompleted,
    inProgress: { id: running, environment: 'prod-search', version: 'v1.13.0' },
    causedIncident: { id: caused.id, title: 'Payment webhooks failing after v3.5.0', root_cause: rootCause },
    incidentIds,
  };
}

export interface McpBudget {
  tools_list: { tools: number; bytes: number; budget: number; met: boolean };
  tools_list_all_toolsets: { tools: number; bytes: number };
  fifty_incidents: { concise_bytes: number; detailed_bytes: number; budget: number; met: boolean };
  /** Each default tool's answer to a typical call: concise where there is a choice (detailed beside it), else the one answer. */
  responses: Array<{ tool: string; concise_bytes: number; detailed_bytes: number | null }>;
}

/** Calls every default tool once as an assistant typically would, on data seeded by seedOperations. */
export async function measureMcpBudget(baseUrl: string, seeded: SeededOperations): Promise<McpBudget> {
  const client = await connectMcp(baseUrl);
  const everything = await connectMcp(baseUrl, '?toolsets=all');
  try {
    const list = await client.listTools();
    const all = await everything.listTools();
    const call = async (tool: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      if (result.isError) throw new Error(`${tool}: ${JSON.stringify(result.content)}`);
      return result;
    };
    const measured: McpBudget['responses'] = [];
    const read = async (tool: string, args: Record<string, unknown>) => {
      const concise = await call(tool, args);
      const detailed = await call(tool, { ...args, response_format: 'detailed' });
      measured.push({ tool, concise_bytes: resultBytes(concise), detailed_bytes: resultBytes(detailed) });
    };
    const once = async (tool: string, args: Record<string, unknown>) => {
      const result = await call(tool, args);
      measured.push({ tool, concise_bytes: resultBytes(result), detailed_bytes: null });
      return result.structuredContent as { id: string } & Record<string, unknown>;
    };
    const incident = seeded.causedIncident.id;
    const fifty = await call('list_incidents', { limit: 50 });
    const fiftyDetailed = await call('list_incidents', { limit: 50, response_format: 'detailed' });

    await read('list_incidents', { status: 'open' });
    await read('get_incident', { incident_id: incident });
    await read('list_incident_timeline', { incident_id: incident });
    await read('list_environments', {});
    await read('get_environment', { environment_id: 'prod-api' });
    await read('get_environment_status', { environment_id: 'prod-payments' });
    await read('list_deployments', { environment_id: 'prod-payments' });
    await read('get_deployment', { deployment_id: seeded.rolledBack.id });
    await read('list_deployment_timeline', { deployment_id: seeded.rolledBack.id });
    await read('list_health_checks', { environment_id: 'prod-api' });
    await once('get_incident_stats', {});
    await once('get_deployment_stats', {});
    await once('get_system_health', {});
    const created = await once('create_incident', {
      title: 'Checkout p99 latency above 3 s',
      severity: 'high',
      incident_type: 'performance',
      environment_id: 'prod-api',
      affected_services: ['checkout-service'],
    });
    await once('update_incident_status', { incident_id: created.id, status: 'investigating', note: 'p99 back to 2 s after cache flush' });
    await once('add_incident_note', { incident_id: created.id, note: 'Cache hit rate dropped to 40% after the deploy.' });
    await once('update_incident', { incident_id: created.id, updates: { commander: 'kim', root_cause: 'cache eviction storm' } });
    await once('create_environment', { name: 'prod-eu', environment_type: 'production', tags: ['eu'] });
    await once('update_environment', {
      environment_id: 'prod-eu',
      updates: { status: 'maintenance', description: '점검을 위한 임시 중단' },
    });
    const planned = await once('create_deployment', {
      title: 'EU launch',
      environment_id: 'prod-eu',
      version: 'v1.0.0',
      deployment_type: 'blue_green',
    });
    await once('update_deployment', { deployment_id: planned.id, updates: { notes: 'after the maintenance window' } });
    await once('execute_deployment', { deployment_id: planned.id });
    await once('report_deployment_progress', { deployment_id: planned.id, percentage: 50, message: 'green stack up' });
    await once('complete_deployment', { deployment_id: planned.id });
    const second = await once('create_deployment', {
      title: 'EU fix',
      environment_id: 'prod-eu',
      version: 'v1.0.1',
      deployment_type: 'hotfix',
    });
    await once('execute_deployment', { deployment_id: second.id });
    await once('fail_deployment', { deployment_id: second.id, reason: 'migration timed out' });
    await once('rollback_deployment', { deployment_id: second.id, reason: 'restore v1.0.0' });
    await once('report_environment_metrics', { environment_id: 'prod-eu', cpu_usage: 41, memory_usage: 63 });
    // Without a URL to check (no checkUrl when seeding) its answer is the refusal, which is typical too.
    const check = (await client.callTool({ name: 'check_environment_now', arguments: { environment_id: 'prod-api' } })) as CallToolResult;
    measured.push({ tool: 'check_environment_now', concise_bytes: resultBytes(check), detailed_bytes: null });
    const scratch = await once('create_incident', { title: 'duplicate', severity: 'low', incident_type: 'data' });
    await once('delete_incident', { incident_id: scratch.id });

    const toolsListBytes = jsonBytes(list);
    const fiftyBytes = resultBytes(fifty);
    return {
      tools_list: {
        tools: list.tools.length,
        bytes: toolsListBytes,
        budget: MCP_BUDGETS.toolsList,
        met: toolsListBytes <= MCP_BUDGETS.toolsList,
      },
      tools_list_all_toolsets: { tools: all.tools.length, bytes: jsonBytes(all) },
      fifty_incidents: {
        concise_bytes: fiftyBytes,
        detailed_bytes: resultBytes(fiftyDetailed),
        budget: MCP_BUDGETS.fiftyIncidentList,
        met: fiftyBytes <= MCP_BUDGETS.fiftyIncidentList,
      },
      responses: measured,
    };
  } finally {
    await client.close();
    await everything.close();
  }
}

export function mcpBudgetTable(budget: McpBudget): string[] {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  return [
    '| MCP | measured | budget | met |',
    '|---|---:|---|---|',
    `| tools/list, default toolsets (${budget.tools_list.tools} tools) | ${kb(budget.tools_list.bytes)} | ≤ 24 kB | ${budget.tools_list.met ? 'yes' : 'NO'} |`,
    `| tools/list, all toolsets (${budget.tools_list_all_toolsets.tools} tools) | ${kb(budget.tools_list_all_toolsets.bytes)} | – | – |`,
    `| list_incidents, 50 incidents, concise (detailed: ${kb(budget.fifty_incidents.detailed_bytes)}) | ${kb(budget.fifty_incidents.concise_bytes)} | ≤ 14 kB | ${budget.fifty_incidents.met ? 'yes' : 'NO'} |`,
    '',
    '| tool (typical call) | bytes | detailed |',
    '|---|---:|---:|',
    ...budget.responses.map(
      (r) => `| ${r.tool} | ${r.concise_bytes.toLocaleString('en-US')} | ${r.detailed_bytes?.toLocaleString('en-US') ?? '–'} |`,
    ),
  ];
}

/**
 * Starts the built service (`start`, e.g. bench/processes.ts startProduct) on a fresh SQLite file,
 * seeds it through the API and measures.
 */
export async function runMcpBudget(
  start: (databasePath: string) => Promise<{ url: string; stop: () => Promise<void> }>,
): Promise<McpBudget> {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-budget-'));
  const target = await startCheckTarget();
  const product = await start(join(dir, 'budget.db'));
  try {
    const seeded = await seedOperations(product.url, { incidents: 60, checkUrl: target.url });
    return await measureMcpBudget(product.url, seeded);
  } finally {
    await product.stop();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/bench/bench/mcp-budget.js`: just these numbers, in seconds.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { startProduct } = await import('./processes.js');
  const main = join(fileURLToPath(new URL('../../..', import.meta.url)), 'dist/api/main.bundle.mjs');
  const budget = await runMcpBudget((database) => startProduct(main, database));
  process.stdout.write(`${mcpBudgetTable(budget).join('\n')}\n`);
}
