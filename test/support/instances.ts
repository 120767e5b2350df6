import pg from 'pg';
import { startBundle, type RunningBundle } from './bundle.js';
import { databaseEnv, tempDatabasePath } from './service.js';

export type Instance = RunningBundle;

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
export const spawnInstance = startBundle;

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
