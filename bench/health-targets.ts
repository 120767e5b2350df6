/**
 * The services the health-capacity benchmark checks: plain node:http servers on 127.0.0.1, in a
 * process of their own so their CPU is not counted as the health engine's. `GET /ok?e=<n>` answers
 * 200 and notes when environment n was checked. Driven over IPC by bench/health-capacity.ts:
 *   → { ports }                     once listening
 *   ← { cmd: 'record' }             start recording arrivals (forget earlier ones)
 *   ← { cmd: 'report', intervalMs } → { report }: arrivals and start lag, estimated per environment
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const SERVERS = Number(process.env.BENCH_TARGET_SERVERS ?? 4);

let recording = false;
let arrivals = new Map<number, number[]>();

function handle(url: string | undefined): void {
  if (!recording) return;
  const match = /[?&]e=(\d+)/.exec(url ?? '');
  if (!match) return;
  const env = Number(match[1]);
  const list = arrivals.get(env);
  if (list) list.push(performance.now());
  else arrivals.set(env, [performance.now()]);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Start lag seen from outside: each environment is due every intervalMs from a fixed phase, so
 * arrival k minus k intervals is phase plus that check's lag; the smallest of those stands for the
 * phase, and every check's lag is how much later than that it came. Lags never accumulate (each check
 * is due one interval after the previous was due), so this is the lateness of each start.
 */
function report(intervalMs: number) {
  const lags: number[] = [];
  let total = 0;
  for (const list of arrivals.values()) {
    total += list.length;
    const shifted = list.map((t, k) => t - k * intervalMs);
    const phase = Math.min(...shifted);
    for (const s of shifted) lags.push(s - phase);
  }
  lags.sort((a, b) => a - b);
  return {
    environments_seen: arrivals.size,
    checks: total,
    start_lag_ms: { p50: Math.round(percentile(lags, 0.5)), p99: Math.round(percentile(lags, 0.99)), max: Math.round(lags.at(-1) ?? NaN) },
  };
}

async function main(): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const server = createServer((req, res) => {
      handle(req.url);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  process.on('message', (message: { cmd: string; intervalMs?: number }) => {
    if (message.cmd === 'record') {
      arrivals = new Map();
      recording = true;
    } else if (message.cmd === 'report') {
      recording = false;
      process.send!({ report: report(message.intervalMs ?? 10_000) });
    }
  });
  process.send!({ ports });
}

void main();
