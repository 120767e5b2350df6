/**
 * Health engine capacity: the built service (its own process, SQLite in a temp folder, scheduled
 * checks on) checks ENVIRONMENTS environments every INTERVAL_S seconds against local HTTP servers
 * (another process). After a warm-up it measures, over a fixed window:
 *   - check start lag p50/p99: seen by the targets (arrival times against each environment's
 *     schedule) and by the scheduler itself (its own start-lag figures),
 *   - CPU used by the service process (from /proc), as a share of one core,
 * then prints the figures and writes them to bench/results/health-capacity.json.
 *
 * Run: npm run bench:health   (not part of npm test). Sizes: BENCH_ENVIRONMENTS, BENCH_INTERVAL_S,
 * BENCH_WARMUP_S, BENCH_WINDOW_S.
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productNodeFlags } from './processes.js';

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 5_000);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 30);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const CREATE_CONCURRENCY = 16;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..', '..');
const SERVICE_ENTRY = join(root, 'dist/api/main.bundle.mjs');
const TARGETS_ENTRY = join(here, 'health-targets.js');

const fileSize = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * What the run left in the health tables: rows, and bytes on disk per row (table and its indexes,
 * from SQLite's dbstat), read from the service's database file while it runs (WAL: readers never block it).
 */
function storage(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const bytes = (names: string[]) =>
      Number(
        (
          db
            .prepare(`SELECT COALESCE(SUM(pgsize), 0) AS n FROM dbstat WHERE name IN (${names.map(() => '?').join(', ')})`)
            .get(...names) as {
            n: number;
          }
        ).n,
      );
    const indexes = (table: string) =>
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).all(table) as Array<{ name: string }>).map(
        (r) => r.name,
      );
    const table = (name: string) => {
      const rows = Number((db.prepare(`SELECT COUNT(*) AS n FROM ${name}`).get() as { n: number }).n);
      const size = bytes([name, ...indexes(name)]);
      return { rows, bytes: size, bytes_per_row: rows === 0 ? null : Math.round(size / rows) };
    };
    const counted = Number((db.prepare('SELECT COALESCE(SUM(checks), 0) AS n FROM health_check_hourly').get() as { n: number }).n);
    return { checks_counted_hourly: counted, health_checks: table('health_checks'), health_check_hourly: table('health_check_hourly') };
  } finally {
    db.close();
  }
}

/** utime + stime of a process (or, with `thread`, of one of its threads: the main one has the process's id), in seconds of CPU. */
function cpuSeconds(pid: number, thread?: number): number {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (here shifted by the two before the command name); USER_HZ is 100 on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workflow-mcp-bench-health-'));
  const targets = fork(TARGETS_ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports: number[] = await new Promise((ready) => targets.once('message', (m: { ports: number[] }) => ready(m.ports)));

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = fork(SERVICE_ENTRY, [], {
    // The Node options `npm start` gives the service, then e.g. BENCH_SERVICE_NODE_ARGS=--prof to profile it.
    execArgv: [...productNodeFlags(), ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dataDir, 'workflow.db'),
      LOG_LEVEL: 'warn',
      HEALTH_CHECKS_ENABLED: 'true',
    },
  });
  try {
    for (let i = 0; ; i++) {
      if (i > 200) throw new Error('the service did not start within 20 s');
      if (
        await fetch(`${base}/api/system-health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }

    const started = Date.now();
    let next = 0;
    const create = async () => {
      for (let i = next++; i < ENVIRONMENTS; i = next++) {
        const res = await fetch(`${base}/api/environments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: `bench-${i}`,
            environment_type: i % 10 === 0 ? 'production' : 'staging',
            url: `http://127.0.0.1:${ports[i % ports.length]}`,
            health_check: { target: `/ok?e=${i}`, interval_seconds: INTERVAL_S },
          }),
        });
        if (res.status !== 201) throw new Error(`creating bench-${i}: ${res.status} ${await res.text()}`);
      }
    };
    await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, create));
    const createSeconds = (Date.now() - started) / 1000;
    console.log(`created ${ENVIRONMENTS} environments in ${createSeconds.toFixed(1)} s; warming up ${WARMUP_S} s`);
    await sleep(WARMUP_S * 1000);

    targets.send({ cmd: 'record' });
    const loadBefore = loadavg()[0]!;
    const cpuBefore = cpuSeconds(service.pid!);
    const mainBefore = cpuSeconds(service.pid!, service.pid!);
    const windowStart = Date.now();
    await sleep(WINDOW_S * 1000);
    const cpuAfter = cpuSeconds(service.pid!);
    const mainAfter = cpuSeconds(service.pid!, service.pid!);
    const windowSeconds = (Date.now() - windowStart) / 1000;
    type TargetReport = { report: { environments_seen: number; checks: number; start_lag_ms: { p50: number; p99: number; max: number } } };
    const seen = await new Promise<TargetReport>((done) => {
      targets.once('message', (m) => done(m as TargetReport));
      targets.send({ cmd: 'report', intervalMs: INTERVAL_S * 1000 });
    });
    const health = (await (await fetch(`${base}/api/system-health?include_details=true`)).json()) as {
      system_health: {
        summary: Record<string, number>;
        detailed_metrics: { health_checks: Record<string, unknown>; host: { event_loop: unknown } };
      };
    };

    const result = {
      measured_at: new Date().toISOString(),
      // Load from everything on the machine (other work skews the figures; note it with them).
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        load_average_1m: { before: loadBefore, after: loadavg()[0]! },
      },
      setup: {
        environments: ENVIRONMENTS,
        interval_seconds: INTERVAL_S,
        warmup_seconds: WARMUP_S,
        window_seconds: Math.round(windowSeconds),
        target_servers: ports.length,
        database: 'SQLite (WAL)',
      },
      checks_per_second: Math.round(seen.report.checks / windowSeconds),
      expected_checks_per_second: Math.round(ENVIRONMENTS / INTERVAL_S),
      environments_checked_in_window: seen.report.environments_seen,
      start_lag_ms_seen_by_targets: seen.report.start_lag_ms,
      scheduler_own_figures: health.system_health.detailed_metrics.health_checks,
      service_cpu_cores: Math.round(((cpuAfter - cpuBefore) / windowSeconds) * 1000) / 1000,
      // The event loop's own thread: what storing results, scheduling and serving cost, without check threads or GC helpers.
      service_main_thread_cpu_cores: Math.round(((mainAfter - mainBefore) / windowSeconds) * 1000) / 1000,
      main_thread_cpu_ms_per_check: Math.round(((mainAfter - mainBefore) * 1000 * 1000) / Math.max(1, seen.report.checks)) / 1000,
      service_rss_mb: Math.round(rssBytes(service.pid!) / 1024 / 1024),
      service_event_loop: health.system_health.detailed_metrics.host.event_loop,
      summary: health.system_health.summary,
      // Stored checks are a sample (status changes, failing ones every 2 min, healthy ones every 10 min); hourly rows count every check.
      storage: storage(join(dataDir, 'workflow.db')),
      database_mb: Math.round((fileSize(join(dataDir, 'workflow.db')) + fileSize(join(dataDir, 'workflow.db-wal'))) / 1024 / 1024),
      create_seconds: Math.round(createSeconds * 10) / 10,
    };
    console.log(JSON.stringify(result, null, 2));
    const out = join(root, 'bench/results/health-capacity.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${out}`);
  } finally {
    await stop(service);
    await stop(targets);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
