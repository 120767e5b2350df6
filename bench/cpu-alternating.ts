import autocannon from 'autocannon';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from './load.js';
import { startProduct, startReference, type Running } from './processes.js';
import { seedDatabase } from './seed.js';
import { median, scenarios, type BenchData, type Endpoints } from './targets.js';

/**
 * Two builds (or a build and the reference) side by side: both running at once on copies of one
 * seed, loaded in turn in 1-second bursts (50 connections), A then B, then B then A, `--pairs` times;
 * the CPU each server process spends per request is summed over its bursts. Whatever else the
 * machine does in a given second falls on both alike, so a difference of a few percent shows,
 * where separate runs on a shared machine drift by 10-30%. Checked with the same build on both
 * sides (1-6%); run each comparison in both orders, as the side started first tends to come out
 * a few percent cheaper.
 * `--a-flags="--max-semi-space-size=8"` (and `--b-flags`) add Node options to a build's start script's, to compare settings;
 * `--a-seed=FILE` (and `--b-seed`) start a side on a seed of its own.
 * `node dist/bench/bench/cpu-alternating.js --a=FILE|reference --b=FILE|reference [--a-flags=...] [--only=get] [--pairs=20] [--seed=FILE]`
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sides = [value('a') ?? join(root, 'dist/api/main.bundle.mjs'), value('b') ?? 'reference'];
const pairs = Number(value('pairs') ?? 20);
const only = value('only') ?? 'get incident';

/** User plus system CPU of a process, in milliseconds (clock ticks are 100 a second on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function start(side: string, database: string, flags: string[]): Promise<{ running: Running[]; endpoints: Endpoints }> {
  if (side !== 'reference') {
    const product = await startProduct(side, database, flags);
    return { running: [product], endpoints: { rest: product.url, mcp: `${product.url}/mcp` } };
  }
  const script = join(root, 'dist/bench/bench/reference-main.js');
  const [rest, mcp] = [await startReference(script, 'rest', database), await startReference(script, 'mcp', `${database}-mcp`)];
  return { running: [rest, mcp], endpoints: { rest: rest.url, mcp: mcp.url } };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'workflow-mcp-alternating-'));
  const started: Running[] = [];
  try {
    const seeded = value('seed') ?? join(work, 'seed.db');
    if (!value('seed')) {
      await seedDatabase(seeded, { incidents: 100_000, environments: 50, deployments: 2_000 }, async (path) => {
        await (await startProduct(join(root, 'dist/api/main.bundle.mjs'), path)).stop();
      });
    }
    const data: BenchData = { incidentId: 'inc-bench0050000', environmentId: 'env-bench0000003' };
    const scenario = scenarios(data).find((s) => s.name.includes(only));
    if (!scenario) throw new Error(`No scenario named like "${only}"`);
    const servers: Array<{ target: Target; pid: number; cpu: number; requests: number; perBurst: number[] }> = [];
    for (const [i, side] of sides.entries()) {
      const database = join(work, `side-${i}.db`);
      // A side may have a seed of its own (`--b-seed`): e.g. the reference on a table with fewer indexes.
      const seed = value(i === 0 ? 'a-seed' : 'b-seed') ?? seeded;
      copyFileSync(seed, database);
      copyFileSync(seed, `${database}-mcp`);
      const server = await start(side, database, (value(i === 0 ? 'a-flags' : 'b-flags') ?? '').split(' ').filter(Boolean));
      started.push(...server.running);
      const target = scenario.target(server.endpoints);
      const pid = (target.url.startsWith(server.endpoints.mcp) ? server.running.at(-1)! : server.running[0]!).child.pid!;
      servers.push({ target, pid, cpu: 0, requests: 0, perBurst: [] });
    }
    const burst = async (server: (typeof servers)[number], seconds: number) => {
      const before = cpuMs(server.pid);
      const result = await autocannon({
        url: server.target.url,
        method: server.target.method ?? 'GET',
        body: server.target.body,
        headers: { 'content-type': 'application/json', ...server.target.headers },
        connections: 50,
        duration: seconds,
      });
      if (result.non2xx + result.errors > 0) throw new Error(`${server.target.url}: ${result.non2xx + result.errors} failed requests`);
      return { cpu: cpuMs(server.pid) - before, requests: result.requests.total };
    };
    for (const server of servers) await burst(server, 3);
    for (let pair = 0; pair < pairs; pair++) {
      for (const server of pair % 2 === 0 ? servers : [...servers].reverse()) {
        const { cpu, requests } = await burst(server, 1);
        server.cpu += cpu;
        server.requests += requests;
        server.perBurst.push((cpu * 1000) / requests);
      }
    }
    const [a, b] = servers.map((s) => (s.cpu * 1000) / s.requests) as [number, number];
    const [rpsA, rpsB] = servers.map((s) => s.requests / pairs) as [number, number];
    const ratios = servers[0]!.perBurst.map((x, i) => servers[1]!.perBurst[i]! / x);
    process.stdout.write(
      `${scenario.name}, ${pairs} pairs of 1-second bursts:\n` +
        `  A ${sides[0]}: ${a.toFixed(0)} µs CPU per request, ${rpsA.toFixed(0)} req/s\n` +
        `  B ${sides[1]}: ${b.toFixed(0)} µs CPU per request, ${rpsB.toFixed(0)} req/s\n` +
        `  B/A ${(b / a).toFixed(3)} (median of the bursts' ratios ${median(ratios).toFixed(3)})\n`,
    );
  } finally {
    await Promise.all(started.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
