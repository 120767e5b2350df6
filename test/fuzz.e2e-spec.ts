import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { PROD_ENV, minimalDeployment, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { connectInProcess, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';

/**
 * Seeded property-based fuzzing of every REST route and every MCP tool: whatever arrives, the
 * answer is never a 5xx, never shows a stack frame or SQL, and a refused request stores nothing.
 * FUZZ_RUNS scales the number of cases (the seed stays fixed, so a failure reproduces).
 */

const SEED = 20261202;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const REST_RUNS = Math.round(2_500 * RUNS);
const MCP_RUNS = Math.round(1_500 * RUNS);

/** What a client must never be shown. */
const LEAK =
  /\n\s+at |\.[jt]s:\d+|SQLITE_|QueryFailedError|TypeError|ReferenceError|DomainError|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b/s;

// Routes and tools that reach out to the network are left out: a fuzzed URL must never be called.
const OUTBOUND_ROUTES = [/\/check$/];
const OUTBOUND_TOOLS = new Set(['check_environment_now']);

interface Route {
  method: string;
  path: string;
  params: string[];
  hasBody: boolean;
}

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '0', '-1', '1e400', 'NaN', 'null', 'true', '../..', '%00', "'; DROP TABLE incidents; --", '⚠️'.repeat(120)),
  fc.constantFrom('critical', 'open', 'resolved', 'production', 'planned', 'in_progress', 'created_desc', '2025-02-30T00:00:00Z'),
);
/** Cursors that look like the service's own (base64url JSON arrays), with numbers JSON cannot keep (1e400). */
const cursorLike = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('1e400', '-1e400') },
      { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: fc.double() },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((values) => Buffer.from(JSON.stringify(values).replace(/"(-?1e400)"/g, '$1')).toString('base64url'));
const deeplyNested = fc.integer({ min: 20, max: 3_000 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text, fc.double(), fc.integer(), fc.constantFrom(null, undefined, [], {}));

/** A valid body with one field replaced, one added, or one removed; or anything at all. */
function bodyFor(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    deeplyNested,
    fc
      .record({ key: keys.length ? fc.constantFrom(...keys) : fc.string(), value: anyValue })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    fc.record({ key: fc.string({ maxLength: 12 }), value: anyValue }).map(({ key, value }) => ({ ...base, [key]: value })),
    keys.length
      ? fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)))
      : fc.constant({}),
    fc.constant(base),
  );
}

const BASES: Array<[RegExp, Record<string, unknown>]> = [
  [/^POST \/api\/incidents$/, { ...minimalIncident(), environment_id: PROD_ENV }],
  [/^(PUT|PATCH) \/api\/incidents\//, { status: 'investigating', commander: 'kim', revision: 1 }],
  [/\/notes$/, { note: 'looked at it' }],
  [/^POST \/api\/environments$/, prodEnvironment({ name: 'fuzz-env' })],
  [/^(PUT|PATCH) \/api\/environments\//, { status: 'maintenance', health_check: { timeout_ms: 1000 } }],
  [/^POST \/api\/deployments$/, minimalDeployment()],
  [/^(PUT|PATCH) \/api\/deployments\//, { title: 'renamed', scheduled_at: '2025-01-15T02:00:00Z' }],
  [/\/progress$/, { percentage: 50, message: 'half' }],
  [/\/fail$/, { reason: 'broke' }],
  [/\/rollback$/, { reason: 'undo', rollback_version: 'v0' }],
  [/\/complete$/, { notes: 'done' }],
  [/\/metrics$/, { cpu_usage: 10, network_latency: 5 }],
];

describe('fuzzing every route and tool', () => {
  let svc: RunningService;
  let mcp: McpSession;
  let db: DataSource;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    svc = await startService();
    db = svc.app.get(DataSource);
    ids.environment = (await svc.call('POST', '/api/environments', prodEnvironment({ url: 'http://127.0.0.1:9' }))).body.id;
    ids.incident = (await svc.call('POST', '/api/incidents', minimalIncident({ environment_id: PROD_ENV }))).body.id;
    ids.deployment = (await svc.call('POST', '/api/deployments', minimalDeployment())).body.id;
    mcp = await connectInProcess(svc);
  });
  afterAll(async () => {
    await mcp.close();
    await svc.close();
  });

  /** Changes since: every committed change writes one change-log event. */
  const lastChange = async () =>
    Number(((await db.query('SELECT MAX(seq) AS seq FROM change_events')) as Array<{ seq: unknown }>)[0]?.seq ?? 0);

  const idFor = (path: string) =>
    path.startsWith('/api/incidents') ? ids.incident! : path.startsWith('/api/deployments') ? ids.deployment! : ids.environment!;

  it(`answers ${REST_RUNS} fuzzed REST requests without a 5xx, a leak, or a change when refused`, async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>>;
    };
    const routes: Route[] = Object.entries(doc.paths)
      .filter(([path]) => path !== '/api/events' && path !== '/mcp' && !OUTBOUND_ROUTES.some((r) => r.test(path)))
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          hasBody: op.requestBody !== undefined,
        })),
      );
    expect(routes.length).toBeGreaterThan(20);

    const request = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        id: fc.oneof({ weight: 4, arbitrary: fc.constant(idFor(route.path)) }, { weight: 1, arbitrary: text.filter((s) => s !== '') }),
        // One or two parameters at a time (more would be refused on the first bad one, hiding the rest).
        query: route.params.length
          ? fc
              .uniqueArray(fc.oneof(fc.constantFrom(...route.params), fc.string({ maxLength: 8 })), { maxLength: 2 })
              .chain((names) =>
                fc
                  .tuple(...names.map((name) => (name === 'cursor' ? fc.oneof(cursorLike, text) : text)))
                  .map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]!]))),
              )
          : fc.constant({}),
        body: route.hasBody ? bodyFor(BASES.find(([re]) => re.test(`${route.method} ${route.path}`))?.[1] ?? {}) : fc.constant(undefined),
      }),
    );

    let fiveHundreds = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, query, body }) => {
        const path = route.path.replace('{id}', encodeURIComponent(id));
        const search = new URLSearchParams(query).toString();
        const before = await lastChange();
        const res = await svc.call(route.method, `${path}${search ? `?${search}` : ''}`, body === undefined ? undefined : body);
        if (res.status >= 500) fiveHundreds++;
        const shown = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        expect([route.method, path, res.status < 500]).toEqual([route.method, path, true]);
        expect(shown).not.toMatch(LEAK);
        if (res.status >= 400)
          expect([route.method, path, res.status, await lastChange()]).toEqual([route.method, path, res.status, before]);
      }),
      { seed: SEED, numRuns: REST_RUNS, endOnFailure: true },
    );
    expect(fiveHundreds).toBe(0);
  }, 600_000);

  it(`answers ${MCP_RUNS} fuzzed MCP tool calls without an internal error, a leak, or a change when refused`, async () => {
    const { tools } = await mcp.client.listTools();
    const callable = tools.filter((t) => !OUTBOUND_TOOLS.has(t.name));
    const validArgs: Record<string, Record<string, unknown>> = {
      incident_id: { incident_id: ids.incident },
      deployment_id: { deployment_id: ids.deployment },
      environment_id: { environment_id: ids.environment },
    };
    const call = fc.constantFrom(...callable).chain((tool) => {
      const names = Object.keys((tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {});
      const base = Object.assign({}, ...names.map((n) => validArgs[n] ?? {})) as Record<string, unknown>;
      return fc.record({
        tool: fc.constant(tool.name),
        // The protocol makes arguments an object (anything else is refused by the SDK before a tool runs).
        args: fc.oneof(
          bodyFor(base).map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { value: v })),
          fc.dictionary(names.length ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })) : fc.string(), anyValue, {
            maxKeys: 5,
          }),
        ),
      });
    });

    await fc.assert(
      fc.asyncProperty(call, async ({ tool, args }) => {
        const before = await lastChange();
        const result = await mcp.call(tool, args as Record<string, unknown>);
        const shown = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
        expect(shown).not.toMatch(LEAK);
        expect(shown).not.toContain('failed on the server');
        if (result.isError) expect([tool, await lastChange()]).toEqual([tool, before]);
      }),
      { seed: SEED, numRuns: MCP_RUNS, endOnFailure: true },
    );
  }, 600_000);
});
