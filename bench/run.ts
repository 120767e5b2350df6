import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, pause, type Measurement } from './load.js';
import { mcpBudgetTable, runMcpBudget } from './mcp-budget.js';
import { leanPostgresCopy, leanSqliteCopy } from './lean-table.js';
import { measureScaleOut, scaleOutTable, seedPostgres } from './postgres.js';
import { residentMegabytes, startProduct, startReference, type Running } from './processes.js';
import { seedDatabase } from './seed.js';
import { benchSettings, median, scenarios, type BenchData, type Endpoints, type Scenario, type ScenarioSettings } from './targets.js';

/**
 * `npm run bench`: the product against a bare reference (bench/reference-*.ts), side by side in the
 * same run, on SQLite and then on PostgreSQL, as ratios. Every incident list sort with every common
 * filter, get, create and an MCP tool call. `--quick` runs a short version (a few minutes);
 * `--database=sqlite|postgres` and `--only=list|core` narrow it for a before/after check, and
 * `--product=FILE` measures another build of the bundle.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const databases = option('database') ? [option('database')!] : ['sqlite', 'postgres'];
const only = option('only');
const settings = benchSettings(quick);
const DISAGREEMENT = 0.15;

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
  met: boolean;
}

interface DatabaseResult {
  database: string;
  rows: Row[];
  /** The reference's REST and MCP processes together, for scale. */
  rss_mb: { after_start: number; after_load: number; reference_after_load: number };
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

/** Waits until a server has worked off what a timed-out load left queued: a cheap request answers quickly again. */
async function settle(base: string): Promise<void> {
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const started = performance.now();
    await fetch(`${base}/api/incidents/inc-none`)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
    if (performance.now() - started < 100) return;
  }
}

/** One scenario, product and reference alternating which goes first, so neither always gets the warmer machine. */
async function compare(scenario: Scenario, index: number, product: Endpoints, reference: Endpoints): Promise<Row> {
  const s: ScenarioSettings = scenario.kind === 'list' ? settings.list : settings.core;
  const rounds: Row['rounds'] = [];
  for (let round = 0; round < s.rounds; round++) {
    const sides = [
      ['product', product],
      ['reference', reference],
    ] as const;
    const order = (index + round) % 2 === 0 ? sides : [sides[1], sides[0]];
    const measured: Partial<Record<'product' | 'reference', Measurement>> = {};
    for (const [side, endpoints] of order) {
      await pause(s.idleSeconds);
      measured[side] = await measure(scenario.target(endpoints), s);
      await settle(endpoints.rest);
    }
    rounds.push({ product: measured.product!, reference: measured.reference! });
  }
  const p = combine(rounds.map((x) => x.product));
  const r = combine(rounds.map((x) => x.reference));
  const noisy: string[] = [];
  if (rounds.length > 1 && disagreement(rounds.map((x) => x.product)) > DISAGREEMENT) noisy.push('product rounds differ by >15%');
  if (rounds.length > 1 && disagreement(rounds.map((x) => x.reference)) > DISAGREEMENT) noisy.push('reference rounds differ by >15%');
  const row: Row = {
    scenario: scenario.name,
    product: p,
    reference: r,
    rps_ratio: p.rps / r.rps,
    p50_ratio: p.p50 / Math.max(r.p50, 1),
    p99_ratio: p.p99 / Math.max(r.p99, 1),
    rounds,
    noisy,
    target: `req/s ≥ ${Math.round(scenario.minRpsRatio * 100)}%, p99 ≤ ${scenario.maxP99Ratio}×`,
    met: false,
  };
  row.met = row.rps_ratio >= scenario.minRpsRatio && row.p99_ratio <= scenario.maxP99Ratio && p.errors === 0;
  process.stdout.write(
    `  ${scenario.name}: ${Math.round(row.rps_ratio * 100)}% (${Math.round(p.rps)} vs ${Math.round(r.rps)} req/s), p99 ${p.p99} vs ${r.p99} ms${p.errors ? `, ${p.errors} errors` : ''}\n`,
  );
  return row;
}

/**
 * The product and both reference processes on one database (a SQLite file each, or one PostgreSQL
 * database), and a third reference process on the lean copy (lean-table.ts).
 */
async function runOn(database: string, start: () => Promise<Running[]>, data: BenchData): Promise<DatabaseResult> {
  process.stdout.write(`${database}:\n`);
  const running = await start();
  try {
    const [product, rest, mcp, lean] = running as [Running, Running, Running, Running];
    const afterStart = residentMegabytes(product.child.pid!);
    const productEndpoints = { rest: product.url, mcp: `${product.url}/mcp` };
    const referenceEndpoints = { rest: rest.url, mcp: mcp.url };
    const leanEndpoints = { rest: lean.url, mcp: mcp.url };
    const rows: Row[] = [];
    const chosen = scenarios(data).filter((s) => !only || s.kind === only);
    for (const [index, scenario] of chosen.entries())
      rows.push(await compare(scenario, index, productEndpoints, scenario.leanReference ? leanEndpoints : referenceEndpoints));
    return {
      database,
      rows,
      rss_mb: {
        after_start: afterStart,
        after_load: residentMegabytes(product.child.pid!),
        reference_after_load: residentMegabytes(rest.child.pid!) + residentMegabytes(mcp.child.pid!),
      },
    };
  } finally {
    await Promise.all(running.map((p) => p.stop()));
  }
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

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(result: DatabaseResult): string[] {
  const misses = result.rows.filter((r) => !r.met).length;
  return [
    `| ${result.database}: scenario | product req/s | reference req/s | ratio | product p50 / p99 ms | reference p50 / p99 ms | p99 ratio | target | met |`,
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...result.rows.map(
      (row) =>
        `| ${row.scenario} | ${fmt(row.product.rps)} | ${fmt(row.reference.rps)} | ${fmt(row.rps_ratio * 100)}% | ${row.product.p50} / ${row.product.p99} | ${row.reference.p50} / ${row.reference.p99} | ${fmt(row.p99_ratio, 2)}× | ${row.target} | ${row.met ? 'yes' : 'NO'}${row.noisy.length ? ` (noisy: ${row.noisy.join('; ')})` : ''}${row.product.errors ? ` (${row.product.errors} errors)` : ''} |`,
    ),
    '',
    `${result.database}: ${result.rows.length - misses} of ${result.rows.length} scenarios met; resident memory ${fmt(result.rss_mb.after_start)} MB after start, ${fmt(result.rss_mb.after_load)} MB after the load (the reference's two processes: ${fmt(result.rss_mb.reference_after_load)} MB).`,
  ];
}

async function main(): Promise<void> {
  // --product=FILE measures another build (e.g. a copy kept from before a change).
  const productMain = option('product') ?? join(root, 'dist/api/main.bundle.mjs');
  const referenceMain = join(root, 'dist/bench/bench/reference-main.js');
  const work = mkdtempSync(join(tmpdir(), 'workflow-mcp-bench-'));
  const started = performance.now();
  try {
    process.stdout.write('Seeding 100,000 incidents…\n');
    const seeded = join(work, 'seed.db');
    const seed = await seedDatabase(seeded, { incidents: 100_000, environments: 50, deployments: 2_000 }, async (path) => {
      await (await startProduct(productMain, path)).stop();
    });
    const data: BenchData = { incidentId: seed.sampleIncidentId, environmentId: 'env-bench0000003' };
    const copy = (name: string) => {
      const target = join(work, name);
      copyFileSync(seeded, target);
      return target;
    };

    // Cold start: to the first successful request, on the full database, three times; memory right after.
    const coldStarts: number[] = [];
    const startRss: number[] = [];
    for (let i = 0; i < 3; i++) {
      const up = await startProduct(productMain, copy(`cold-${i}.db`));
      coldStarts.push(up.coldStartMs);
      startRss.push(residentMegabytes(up.child.pid!));
      await up.stop();
    }

    // What the MCP server costs an assistant's context: a fresh database with a week's data seeded through the API.
    const mcpBudget = quick || only ? null : await runMcpBudget((database) => startProduct(productMain, database));

    const results: DatabaseResult[] = [];
    let scaleOut: Awaited<ReturnType<typeof measureScaleOut>> | null = null;
    let postgresNote: string | null = null;
    if (databases.includes('sqlite')) {
      results.push(
        await runOn(
          'SQLite',
          async () => [
            await startProduct(productMain, copy('product.db')),
            await startReference(referenceMain, 'rest', copy('reference.db')),
            await startReference(referenceMain, 'mcp', copy('reference-mcp.db')),
            await startReference(referenceMain, 'rest', leanSqliteCopy(seeded, join(work, 'reference-lean.db'))),
          ],
          data,
        ),
      );
    }
    if (databases.includes('postgres')) {
      try {
        const pg = await seedPostgres(productMain, seeded);
        if (!pg) postgresNote = 'PostgreSQL: not reachable, not measured.';
        else {
          const lean = await leanPostgresCopy(pg.serverUrl, pg.url).catch(async (error: unknown) => {
            await pg.drop();
            throw error;
          });
          try {
            // Product and reference on the same database: both see the other's creates, as both SQLite copies grow alike.
            results.push(
              await runOn(
                'PostgreSQL',
                async () => [
                  await startProduct(productMain, { url: pg.url }),
                  await startReference(referenceMain, 'rest', pg.url),
                  await startReference(referenceMain, 'mcp', pg.url),
                  await startReference(referenceMain, 'rest', lean.url),
                ],
                data,
              ),
            );
            if (!quick && !only) {
              scaleOut = await measureScaleOut(
                productMain,
                pg.url,
                scenarios(data)
                  .filter((s) => (s.kind === 'core' && !s.leanReference) || s.name === 'list sort=created_desc filter=status')
                  .map((s) => ({ name: s.name, target: (base: string) => s.target({ rest: base, mcp: `${base}/mcp` }) })),
                settings.core,
              );
            }
          } finally {
            await lean.drop();
            await pg.drop();
          }
        }
      } catch (error) {
        process.stderr.write(`PostgreSQL part failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        postgresNote = `PostgreSQL: failed (${error instanceof Error ? error.message : String(error)}).`;
        process.exitCode = 1;
      }
    }

    const coldStartMs = median(coldStarts);
    const memory = results.map((r) => r.rss_mb.after_load);
    const worstMemory = memory.length ? Math.max(...memory) : null;
    const bundleKb = dashboardInitialKb();
    const summary = {
      measured_at: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      duration_s: Math.round((performance.now() - started) / 1000),
      settings,
      machine: { cpus: cpus().length, node: process.version },
      databases: results,
      cold_start_ms: { median: coldStartMs, runs: coldStarts, target: '≤ 1000', met: coldStartMs <= 1000 },
      rss_after_start_mb: startRss,
      memory_after_load_mb: { value: worstMemory, target: '≤ 150', met: worstMemory === null ? null : worstMemory <= 150 },
      dashboard_initial_js_kb: { value: bundleKb, target: '≤ 300', met: bundleKb === null ? null : bundleKb <= 300 },
      mcp_budget: mcpBudget,
      postgres_scale_out: scaleOut,
      postgres_note: postgresNote,
    };

    const lines = [
      ...results.flatMap((r) => [...table(r), '']),
      ...(postgresNote ? [postgresNote, ''] : []),
      `| other | measured | target | met |`,
      '|---|---:|---|---|',
      `| cold start to first request (SQLite, 100,000 incidents) | ${fmt(coldStartMs)} ms | ≤ 1,000 ms | ${summary.cold_start_ms.met ? 'yes' : 'NO'} |`,
      `| resident memory right after start | ${fmt(median(startRss))} MB | – | – |`,
      `| resident memory after the load (worst database) | ${worstMemory === null ? '–' : `${fmt(worstMemory)} MB`} | ≤ 150 MB | ${summary.memory_after_load_mb.met === null ? '–' : summary.memory_after_load_mb.met ? 'yes' : 'NO'} |`,
      `| dashboard initial JavaScript | ${bundleKb === null ? 'not built' : `${fmt(bundleKb, 1)} kB`} | ≤ 300 kB | ${summary.dashboard_initial_js_kb.met === null ? '–' : summary.dashboard_initial_js_kb.met ? 'yes' : 'NO'} |`,
      ...(mcpBudget ? ['', ...mcpBudgetTable(mcpBudget)] : []),
      ...(scaleOut ? ['', ...scaleOutTable(scaleOut)] : []),
      '',
      `Run took ${fmt(summary.duration_s)} s (${summary.mode}) on ${summary.machine.cpus} CPUs, Node ${process.version}.`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    const out = join(root, 'bench-results');
    mkdirSync(out, { recursive: true });
    const name = quick ? 'latest-quick' : 'latest';
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(out, `${name}.md`), `${lines.join('\n')}\n`);
    process.stdout.write(`\nResults written to bench-results/${name}.json\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
