import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built service, as `npm start` runs it. */
export const MAIN_BUNDLE = resolve('dist/api/main.bundle.mjs');

export interface RunningBundle {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
}

/** Starts the built service in its own process on a free port and waits until it listens. */
export async function startBundle(env: Record<string, string>): Promise<RunningBundle> {
  const child = spawn(process.execPath, [MAIN_BUNDLE], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', HEALTH_CHECKS_ENABLED: 'false', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  const baseUrl = await new Promise<string>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not start within 30 s:\n${seen}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/i.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before listening:\n${seen}`));
    });
  });
  return { child, baseUrl, output: () => seen };
}

/** Runs the built service until it exits by itself; for start-ups that must fail. */
export function runBundleToExit(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN_BUNDLE], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', HEALTH_CHECKS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output, ms: Date.now() - started });
    }),
  );
}
