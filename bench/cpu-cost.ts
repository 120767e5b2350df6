import autocannon from 'autocannon';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedPostgres, type SeededPostgres } from './postgres.js';
import { residentMegabytes, startProduct, startReference, type Running } from './processes.js';
import { seedDatabase } from './seed.js';
import { median, scenarios, type BenchData, type Endpoints } from './targets.js';

/**
 * CPU time the server spends per request, read from the kernel's accounting of its process: unlike
 * req/s, it barely moves when other work shares the machine, so a change can be checked on a busy one.
 * `node dist/bench/bench/cpu-cost.js [--product=FILE]... [--requests=N] [--only=PART,PART]`: each bundle given
 * (default dist/api/main.bundle.mjs) and the reference, on copies of one SQLite seed, three times each; medians.
 * `--database=postgres`: on one PostgreSQL database loaded with the seed instead, adding the CPU that
 * PostgreSQL's own processes spent per request (its server processes on this machine, all of them).
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const values = (name: string) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const products = values('product').length ? values('product') : [join(root, 'dist/api/main.bundle.mjs')];
const requests = Number(values('requests')[0] ?? 2_000);
const only = values('only')[0]?.split(',');
const seedPath = values('seed')[0];
const onPostgres = values('database')[0] === 'postgres';

/** User plus system CPU of a process, in milliseconds (clock ticks are 100 a second on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU of every PostgreSQL server process this user can read, in milliseconds (0 when there are none). */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').includes('(postgres)')) total += cpuMs(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

interface Cost {
  server: number;
  database: number;
}

async function costPerRequest(target: ReturnType<ReturnType<typeof scenarios>[number]['target']>, pid: number): Promise<Cost> {
  const options = {
    url: target.url,
    method: target.method ?? 'GET',
    body: target.body,
    headers: { 'content-type': 'application/json', ...target.headers },
    connections: 10,
  };
  await autocannon({ ...options, amount: 200 });
  const before = cpuMs(pid);
  const databaseBefore = onPostgres ? postgresCpuMs() : 0;
  const result = await autocannon({ ...options, amount: requests });
  if (result.non2xx + result.errors > 0) throw new Error(`${target.url}: ${result.non2xx + result.errors} failed requests`);
  return {
    server: ((cpuMs(pid) - before) * 1000) / requests,
    database: onPostgres ? ((postgresCpuMs() - databaseBefore) * 1000) / requests : 0,
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'workflow-mcp-cpu-'));
  let postgres: SeededPostgres | null = null;
  try {
    const seeded = seedPath ?? join(work, 'seed.db');
    if (!seedPath) {
      await seedDatabase(seeded, { incidents: 100_000, environments: 50, deployments: 2_000 }, async (path) => {
        await (await startProduct(products[0]!, path)).stop();
      });
    }
    const data: BenchData = { incidentId: 'inc-bench0050000', environmentId: 'env-bench0000003' };
    const chosen = scenarios(data).filter((s) => !only || only.some((part) => s.name.includes(part)));
    let n = 0;
    const copy = () => {
      const target = join(work, `copy-${n++}.db`);
      copyFileSync(seeded, target);
      return target;
    };
    if (onPostgres) {
      postgres = await seedPostgres(products[0]!, seeded);
      if (!postgres) throw new Error('PostgreSQL is not reachable (see above)');
    }
    const pgUrl = postgres?.url;
    const sides: Array<{ name: string; start: () => Promise<Running[]>; endpoints: (r: Running[]) => Endpoints }> = [
      ...products.map((main) => ({
        name: main,
        start: async () => [await startProduct(main, pgUrl ? { url: pgUrl } : copy())],
        endpoints: ([p]: Running[]) => ({ rest: p!.url, mcp: `${p!.url}/mcp` }),
      })),
      {
        name: 'reference',
        start: async () => {
          const script = join(root, 'dist/bench/bench/reference-main.js');
          return [await startReference(script, 'rest', pgUrl ?? copy()), await startReference(script, 'mcp', pgUrl ?? copy())];
        },
        endpoints: ([rest, mcp]: Running[]) => ({ rest: rest!.url, mcp: mcp!.url }),
      },
    ];
    const table: string[] = [
      `| scenario | ${sides.map((s) => s.name.replace(/.*\//, '')).join(' | ')} |`,
      `|---|${sides.map(() => '---:').join('|')}|`,
    ];
    const rows = new Map<string, string[]>(chosen.map((s) => [s.name, []]));
    for (const side of sides) {
      const running = await side.start();
      try {
        const endpoints = side.endpoints(running);
        for (const scenario of chosen) {
          const target = scenario.target(endpoints);
          const pid = (target.url.startsWith(endpoints.mcp) ? running.at(-1)! : running[0]!).child.pid!;
          const runs: Cost[] = [];
          for (let i = 0; i < 3; i++) runs.push(await costPerRequest(target, pid));
          const server = Math.round(median(runs.map((r) => r.server)));
          const database = Math.round(median(runs.map((r) => r.database)));
          rows.get(scenario.name)!.push(onPostgres ? `${server} µs + PostgreSQL ${database} µs` : `${server} µs`);
          const each = runs.map((r) => (onPostgres ? `${Math.round(r.server)} (+${Math.round(r.database)})` : `${Math.round(r.server)}`));
          process.stdout.write(`${side.name} ${scenario.name}: ${each.join(', ')} µs CPU per request\n`);
        }
        if (side.name !== 'reference')
          process.stdout.write(`  resident memory after: ${Math.round(residentMegabytes(running[0]!.child.pid!))} MB\n`);
      } finally {
        await Promise.all(running.map((r) => r.stop()));
      }
    }
    for (const [name, cells] of rows) table.push(`| ${name} | ${cells.join(' | ')} |`);
    process.stdout.write(`\nCPU per request (median of 3 × ${requests} requests):\n${table.join('\n')}\n`);
  } finally {
    await postgres?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
