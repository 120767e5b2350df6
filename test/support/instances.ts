import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { databaseEnv, tempDatabasePath } from './service.js';

/** The built service, as `npm start` runs it (`npm run build:api` makes it). */
const MAIN_BUNDLE = resolve('dist/api/main.bundle.mjs');

export interface Instance {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
}

export interface Instances {
  instances: Instance[];
  /** The database every instance uses (a postgres:// URL, or a SQLite path). */
  databaseEnv: Record<string, string>;
  /** A query on the shared database (PostgreSQL only). */
  query: <T>(sql: string, values?: unknown[]) => Promise<T[]>;
  /** Stops every instance (SIGTERM, SIGKILL after 5 s) and drops the database. */
  stop: () => Promise<void>;
}

/** Starts the built service in its own process on a free port and resolves once it listens. */
export function spawnInstance(env: Record<string, string>, timeoutMs = 30_000): Promise<Instance> {
  const child = spawn(process.execPath, [MAIN_BUNDLE], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', HEALTH_CHECKS_ENABLED: 'false', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  return new Promise<Instance>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the service did not start within ${timeoutMs} ms:\n${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/i.exec(seen);
      if (match) {
        clearTimeout(timer);
        done({ child, baseUrl: match[1]!.replace(/\/$/, ''), output: () => seen });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the service exited (${code}) before listening:\n${seen}`));
    });
  });
}

async function stopInstance({ child }: Instance): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `count` instances of the built service on one fresh database (with TEST_POSTGRES_URL, a
 * PostgreSQL database created for the call and dropped by `stop`). The first starts alone and
 * creates the schema; the others then start together.
 */
export async function startInstances(count: number, env: Record<string, string> = {}): Promise<Instances> {
  const database = tempDatabasePath();
  const dbEnv = await databaseEnv(database.path);
  const instances: Instance[] = [];
  let client: pg.Client | null = null;
  const stop = async () => {
    await Promise.all(instances.map(stopInstance));
    await client?.end().catch(() => undefined);
    database.cleanup();
  };
  try {
    const full = { ...dbEnv, ...env };
    instances.push(await spawnInstance(full));
    instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => spawnInstance(full)))));
    if (dbEnv.DATABASE_URL) {
      client = new pg.Client({ connectionString: dbEnv.DATABASE_URL });
      await client.connect();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const query = async <T>(sql: string, values: unknown[] = []): Promise<T[]> => {
    if (!client) throw new Error('query() needs PostgreSQL (TEST_POSTGRES_URL)');
    return (await client.query(sql, values)).rows as T[];
  };
  return { instances, databaseEnv: dbEnv, query, stop };
}
