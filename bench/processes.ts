import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Running {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
}

/** Waits until `url` answers 200; returns the milliseconds it took from `startedAt`. Gives up when `child` exits. */
export async function waitUntilUp(url: string, startedAt: number, timeoutMs = 30_000, child?: ChildProcess): Promise<number> {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`the process for ${url} exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return performance.now() - startedAt;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - startedAt > timeoutMs) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The Node options `npm start` runs the service with (package.json's start script): the bench
 * measures the service as it is started, heap settings included.
 */
export function productNodeFlags(): string[] {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * Starts the product's production build on a SQLite file (`database` is its path) or on PostgreSQL
 * (`{ url }`, passed as DATABASE_URL); resolves once it answers, with the cold-start time.
 */
export async function startProduct(
  main: string,
  database: string | { url: string },
  extraFlags: string[] = [],
): Promise<Running & { coldStartMs: number }> {
  const port = await freePort();
  const startedAt = performance.now();
  // Node takes the last of a repeated V8 flag: extra flags (a comparison's) override the start script's.
  const child = spawn(process.execPath, [...productNodeFlags(), ...extraFlags, main], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(typeof database === 'string' ? { DATABASE_PATH: database } : { DATABASE_URL: database.url }),
      LOG_LEVEL: 'error',
      HEALTH_CHECKS_ENABLED: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const coldStartMs = await waitUntilUp(`${url}/api/system-health`, startedAt, 30_000, child);
  return { url, child, coldStartMs, stop: stopper(child) };
}

export async function startReference(script: string, kind: 'rest' | 'mcp', databasePath: string): Promise<Running> {
  const child = spawn(process.execPath, [script, kind, databasePath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString('utf8')) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`reference ${kind} exited with ${code}`)));
  });
  return { url, child, stop: stopper(child) };
}

/** Resident memory of a process, from the kernel's own accounting. */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}
