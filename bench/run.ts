import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, pause, type Measurement, type Target } from './load.js';
import { mcpBudgetTable, runMcpBudget } from './mcp-budget.js';
import { postgresTable, runPostgresBench, type PostgresResults } from './postgres.js';
import { residentMegabytes, startProduct, startReference, type Running } from './processes.js';
import { seedDatabase } from './seed.js';
import { benchSettings, incidentBody, LIST_QUERY, mcpCall, median } from './targets.js';

/**
 * `npm run bench`: the product against the bare stack, side by side in the same run, as ratios.
 * `--quick` runs a short version (a few minutes). Then the PostgreSQL part (bench/postgres.ts): one
 * instance and three on one database, skipped when PostgreSQL is not reachable.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const quick = process.argv.includes('--quick');
const settings = benchSettings(quick);
const DISAGREEMENT = 0.15;

interface Scenario {
  name: string;
  product: (urls: Urls) => Target;
  reference: (urls: Urls) => Target;
  /** Targets from the issue, as ratios to the reference. */
  minRpsRatio?: number;
  maxP50Ratio?: number;
  maxP99Ratio?: number;
}

interface Urls {
  product: string;
  rest: string;
  mcp: string;
  incidentId: string;
}

const scenarios: Scenario[] = [
  {
    name: 'list 50 incidents (filtered, sorted)',
    product: (u) => ({ url: u.product + LIST_QUERY }),
    reference: (u) => ({ url: u.rest + LIST_QUERY }),
    minRpsRatio: 0.6,
    maxP50Ratio: 1.5,
    maxP99Ratio: 2,
  },
  {
    name: 'get incident with timeline',
    product: (u) => ({ url: `${u.product}/api/incidents/${u.incidentId}` }),
    reference: (u) => ({ url: `${u.rest}/api/incidents/${u.incidentId}` }),
    maxP50Ratio: 1.5,
    maxP99Ratio: 2,
  },
  {
    name: 'create incident',
    product: (u) => ({ url: `${u.product}/api/incidents`, method: 'POST', body: incidentBody }),
    reference: (u) => ({ url: `${u.rest}/api/incidents`, method: 'POST', body: incidentBody }),
    minRpsRatio: 0.7,
  },
  {
    name: 'MCP tools/call list_incidents',
    product: (u) => mcpCall(`${u.product}/mcp`),
    reference: (u) => mcpCall(u.mcp),
    minRpsRatio: 0.7,
  },
  {
    name: 'system health',
    product: (u) => ({ url: `${u.product}/api/system-health` }),
    reference: (u) => ({ url: `${u.rest}/api/system-health` }),
  },
];

interface Row {
  scenario: string;
  product: Measurement;
  reference: Measurement;
  rps_ratio: number;
  p50_ratio: number;
  p99_ratio: number;
  rounds: Array<{ product: Measurement; reference: Measurement }>;
  noisy: string[];
  target: string;
  met: boolean | null;
}

function combine(runs: Measurement[]): Measurement {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

function disagreement(runs: Measurement[]): number {
  const rps = runs.map((r) => r.rps);
  return (Math.max(...rps) - Math.min(...rps)) / Math.max(...rps);
}

/** Initial JavaScript of the dashboard: the scripts index.html loads before any lazy page. */
function dashboardInitialKb(): number | null {
  const dir = join(root, 'dist/dashboard/browser');
  let html: string;
  try {
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  const files = new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!));
  let bytes = 0;
  for (const file of files) bytes += statSync(join(dir, file)).size;
  return bytes / 1000;
}

async function main(): Promise<void> {
  const productMain = join(root, 'dist/api/main.bundle.mjs');
  const referenceMain = join(root, 'dist/bench/bench/reference-main.js');
  const work = mkdtempSync(join(tmpdir(), 'workflow-mcp-bench-'));
  const processes: Running[] = [];
  try {
    process.stdout.write('Seeding 100,000 incidents…\n');
    const seeded = join(work, 'seed.db');
    const seed = await seedDatabase(seeded, { incidents: 100_000, environments: 50, deployments: 2_000 });
    const copy = (name: string) => {
      const target = join(work, name);
      copyFileSync(seeded, target);
      return target;
    };

    // Cold start: to the first successful request, on the full database, three times.
    const coldStarts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await startProduct(productMain, copy(`cold-${i}.db`));
      coldStarts.push(started.coldStartMs);
      await started.stop();
    }

    // What the MCP server costs an assistant's context: a fresh database with a week's data seeded through the API.
    process.stdout.write('MCP budget…\n');
    const mcpBudget = await runMcpBudget((database) => startProduct(productMain, database));

    const product = await startProduct(productMain, copy('product.db'));
    processes.push(product);
    const rest = await startReference(referenceMain, 'rest', copy('reference.db'));
    processes.push(rest);
    const mcp = await startReference(referenceMain, 'mcp', copy('reference-mcp.db'));
    processes.push(mcp);
    const urls: Urls = { product: product.url, rest: rest.url, mcp: mcp.url, incidentId: seed.sampleIncidentId };

    const rows: Row[] = [];
    for (const scenario of scenarios) {
      process.stdout.write(`${scenario.name}…\n`);
      const rounds: Array<{ product: Measurement; reference: Measurement }> = [];
      // A B A B: both sides get the same idle pause first, since an idle Node process answers cheap requests slower at first.
      for (let round = 0; round < settings.rounds; round++) {
        await pause(settings.idleSeconds);
        const p = await measure(scenario.product(urls), settings);
        await pause(settings.idleSeconds);
        const r = await measure(scenario.reference(urls), settings);
        rounds.push({ product: p, reference: r });
      }
      const p = combine(rounds.map((x) => x.product));
      const r = combine(rounds.map((x) => x.reference));
      const noisy: string[] = [];
      if (disagreement(rounds.map((x) => x.product)) > DISAGREEMENT) noisy.push('product rounds differ by more than 15%');
      if (disagreement(rounds.map((x) => x.reference)) > DISAGREEMENT) noisy.push('reference rounds differ by more than 15%');
      const row: Row = {
        scenario: scenario.name,
        product: p,
        reference: r,
        rps_ratio: p.rps / r.rps,
        p50_ratio: p.p50 / Math.max(r.p50, 1),
        p99_ratio: p.p99 / Math.max(r.p99, 1),
        rounds,
        noisy,
        target: [
          scenario.minRpsRatio ? `req/s ≥ ${scenario.minRpsRatio * 100}%` : '',
          scenario.maxP50Ratio ? `p50 ≤ ${scenario.maxP50Ratio}×` : '',
          scenario.maxP99Ratio ? `p99 ≤ ${scenario.maxP99Ratio}×` : '',
        ]
          .filter(Boolean)
          .join(', '),
        met: null,
      };
      const checks = [
        scenario.minRpsRatio === undefined || row.rps_ratio >= scenario.minRpsRatio,
        scenario.maxP50Ratio === undefined || row.p50_ratio <= scenario.maxP50Ratio,
        scenario.maxP99Ratio === undefined || row.p99_ratio <= scenario.maxP99Ratio,
      ];
      row.met = row.target ? checks.every(Boolean) : null;
      rows.push(row);
    }

    const memoryMb = residentMegabytes(product.child.pid!);
    // The SQLite processes stop before the PostgreSQL part, so they take no CPU from it.
    await Promise.all(processes.splice(0).map((p) => p.stop()));
    let postgres: PostgresResults | { error: string } | null;
    try {
      postgres = await runPostgresBench({ productMain, seededPath: seeded, sampleIncidentId: seed.sampleIncidentId, settings });
    } catch (error) {
      process.stderr.write(`PostgreSQL part failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      postgres = { error: error instanceof Error ? error.message : String(error) };
      process.exitCode = 1;
    }
    const coldStartMs = median(coldStarts);
    const bundleKb = dashboardInitialKb();
    const results = {
      measured_at: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      settings,
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      scenarios: rows,
      cold_start_ms: { median: coldStarts.length ? coldStartMs : null, runs: coldStarts, target: '≤ 1000', met: coldStartMs <= 1000 },
      memory_after_load_mb: { value: memoryMb, target: '≤ 150', met: memoryMb <= 150 },
      dashboard_initial_js_kb: { value: bundleKb, target: '≤ 300', met: bundleKb === null ? null : bundleKb <= 300 },
      mcp_budget: mcpBudget,
      postgres,
    };

    const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    const lines = [
      '| scenario | product req/s | reference req/s | ratio | product p50 / p99 ms | reference p50 / p99 ms | p50 ratio | p99 ratio | target | met |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
      ...rows.map(
        (row) =>
          `| ${row.scenario} | ${fmt(row.product.rps)} | ${fmt(row.reference.rps)} | ${fmt(row.rps_ratio * 100)}% | ${row.product.p50} / ${row.product.p99} | ${row.reference.p50} / ${row.reference.p99} | ${fmt(row.p50_ratio, 2)}× | ${fmt(row.p99_ratio, 2)}× | ${row.target || '–'} | ${row.met === null ? '–' : row.met ? 'yes' : 'NO'}${row.noisy.length ? ` (noisy: ${row.noisy.join('; ')})` : ''}${row.product.errors ? ` (${row.product.errors} errors)` : ''} |`,
      ),
      '',
      `| other | measured | target | met |`,
      '|---|---:|---|---|',
      `| cold start to first request | ${fmt(coldStartMs)} ms | ≤ 1,000 ms | ${results.cold_start_ms.met ? 'yes' : 'NO'} |`,
      `| resident memory after the load (100k incidents) | ${fmt(memoryMb)} MB | ≤ 150 MB | ${results.memory_after_load_mb.met ? 'yes' : 'NO'} |`,
      `| dashboard initial JavaScript | ${bundleKb === null ? 'not built' : `${fmt(bundleKb, 1)} kB`} | ≤ 300 kB | ${results.dashboard_initial_js_kb.met === null ? '–' : results.dashboard_initial_js_kb.met ? 'yes' : 'NO'} |`,
      '',
      ...mcpBudgetTable(mcpBudget),
      '',
      ...(postgres === null
        ? ['PostgreSQL: not reachable, not measured.']
        : 'error' in postgres
          ? [`PostgreSQL: failed (${postgres.error}).`]
          : postgresTable(postgres)),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    const out = join(root, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, quick ? 'latest-quick.json' : 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(out, quick ? 'latest-quick.md' : 'latest.md'), `${lines.join('\n')}\n`);
    process.stdout.write(`\nResults written to bench-results/${quick ? 'latest-quick' : 'latest'}.json\n`);
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
