/**
 * Read latency while another process holds the SQLite write lock (as the stdio MCP server does
 * while it writes): the production build answers GETs while a separate process sits in
 * `BEGIN IMMEDIATE` for a few seconds and a write waits for the lock. Prints JSON.
 *
 *   npm run build:api && tsc -p bench/tsconfig.json && node dist/bench/bench/lock-contention.js [main.bundle.mjs]
 *
 * Options: --hold-seconds N (3).
 */
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProduct } from './processes.js';

const main = resolve(process.argv.slice(2).find((a) => a.endsWith('.mjs') || a.endsWith('.js')) ?? 'dist/api/main.bundle.mjs');
const at = process.argv.indexOf('--hold-seconds');
const HOLD_MS = (at > 0 ? Number(process.argv[at + 1]) : 3) * 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-lock-'));
  const databasePath = join(dir, 'workflow.db');
  const product = await startProduct(main, databasePath);
  const base = product.url;
  try {
    const body = JSON.stringify({ title: 'seed', severity: 'low', incident_type: 'data' });
    const post = () => fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (let i = 0; i < 200; i++) await post();

    const timedGets = async (until: number) => {
      const latencies: number[] = [];
      while (performance.now() < until) {
        const started = performance.now();
        await (await fetch(`${base}/api/incidents?limit=20`)).arrayBuffer();
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    };

    const idle = await timedGets(performance.now() + HOLD_MS);

    const other = new Database(databasePath);
    other.exec('BEGIN IMMEDIATE');
    const writeStarted = performance.now();
    const write = post().then((res) => ({ status: res.status, ms: performance.now() - writeStarted }));
    const locked = await timedGets(performance.now() + HOLD_MS);
    other.exec('COMMIT');
    other.close();
    const waited = await write;

    const summary = (l: number[]) => ({
      requests: l.length,
      p50_ms: +percentile(l, 50).toFixed(1),
      p99_ms: +percentile(l, 99).toFixed(1),
      max_ms: +(l.at(-1) ?? NaN).toFixed(1),
    });
    console.log(
      JSON.stringify({ hold_ms: HOLD_MS, reads_idle: summary(idle), reads_while_locked: summary(locked), waiting_write: waited }, null, 2),
    );
  } finally {
    await product.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void run();
