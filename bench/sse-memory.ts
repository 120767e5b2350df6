/**
 * Memory of the service with stalled event-stream clients: the production build on a SQLite file
 * whose change log holds 50,000 events, and 10 clients that open `/api/events?after=0` and never
 * read. Prints the service's resident memory (RSS, from /proc) before, while they are connected,
 * and after they close, and how long a client that does read takes to receive the whole log, as JSON.
 *
 *   npm run build:api && tsc -p bench/tsconfig.json && node dist/bench/bench/sse-memory.js [main.bundle.mjs]
 *
 * Options: --events N (50000), --clients N (10), --hold-seconds N (10).
 */
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { residentMegabytes, startProduct } from './processes.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const main = resolve(process.argv.slice(2).find((a) => a.endsWith('.mjs') || a.endsWith('.js')) ?? 'dist/api/main.bundle.mjs');
const EVENTS = option('events', 50_000);
const CLIENTS = option('clients', 10);
const HOLD_SECONDS = option('hold-seconds', 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The product on `databasePath`, with what the measurement needs: its port and process id. */
async function start(databasePath: string) {
  const product = await startProduct(main, databasePath);
  return { port: Number(new URL(product.url).port), pid: product.child.pid!, stop: product.stop };
}

/** A client that sends the request and then never reads: its socket stays paused. */
function stalledClient(port: number): Promise<Socket> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /api/events?after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
      socket.pause();
      done(socket);
    });
    socket.once('error', fail);
  });
}

/** How long a client that reads takes to receive the whole log from `?after=0`. */
async function readWholeLog(port: number, last: number): Promise<number> {
  const started = performance.now();
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/api/events?after=0`, { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let tail = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before the last event');
    tail = (tail + value).slice(-4_096);
    if (tail.includes(`id: ${last}\n`)) break;
  }
  controller.abort();
  return performance.now() - started;
}

function seed(databasePath: string, count: number): void {
  const db = new Database(databasePath);
  const insert = db.prepare(
    "INSERT INTO change_events (entity, entity_id, action, source, actor, occurred_at) VALUES ('incident', ?, 'updated', 'rest', NULL, ?)",
  );
  const start = Date.now() - count * 1_000;
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(`inc-${String(i).padStart(12, '0')}`, new Date(start + i * 1_000).toISOString());
  })();
  db.close();
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-memory-'));
  const databasePath = join(dir, 'workflow.db');
  try {
    // First start creates and migrates the file; the log is then filled directly.
    await (await start(databasePath)).stop();
    seed(databasePath, EVENTS);
    const service = await start(databasePath);
    const catchUpMs = await readWholeLog(service.port, EVENTS);
    await sleep(2_000);
    const idle = residentMegabytes(service.pid);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => stalledClient(service.port)));
    let peak = idle;
    for (let waited = 0; waited < HOLD_SECONDS * 1_000; waited += 250) {
      await sleep(250);
      peak = Math.max(peak, residentMegabytes(service.pid));
    }
    const connected = residentMegabytes(service.pid);
    const stillOpen = clients.filter((s) => !s.destroyed && s.readyState === 'open').length;
    clients.forEach((s) => s.destroy());
    await sleep(5_000);
    const afterClose = residentMegabytes(service.pid);
    await service.stop();
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify(
        {
          main,
          events: EVENTS,
          clients: CLIENTS,
          hold_seconds: HOLD_SECONDS,
          rss_mb: {
            idle: round(idle),
            with_stalled_clients: round(connected),
            peak: round(peak),
            five_seconds_after_close: round(afterClose),
          },
          increase_mb: round(connected - idle),
          reading_client_whole_log_ms: Math.round(catchUpMs),
          clients_still_connected_at_end: stillOpen,
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
