import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { Clock } from '../../apps/api/src/common/clock.js';

/** A clock the test sets by hand, to replay timelines with known timestamps. */
export class SettableClock extends Clock {
  constructor(private current = '2025-01-10T10:00:00.000Z') {
    super();
  }
  set(iso: string): void {
    this.current = new Date(iso).toISOString();
  }
  override now(): string {
    return this.current;
  }
}

export interface RunningService {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  dbPath: string;
  /** fetch against the service; JSON bodies are sent as JSON. */
  call: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
}

/**
 * With TEST_POSTGRES_URL set (e.g. postgres://postgres@127.0.0.1:5432/postgres) every suite runs
 * on PostgreSQL instead: each "database path" names a fresh database created for the test.
 */
const POSTGRES = process.env.TEST_POSTGRES_URL;
const PG_PREFIX = 'postgres:';
const createdDatabases = new Set<string>();

async function onAdminConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function postgresUrl(database: string): string {
  const url = new URL(POSTGRES!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The settings that point a service (or a spawned stdio server) at a test database. */
export async function databaseEnv(dbPath: string): Promise<Record<string, string>> {
  if (!dbPath.startsWith(PG_PREFIX)) return { DATABASE_PATH: dbPath };
  const database = dbPath.slice(PG_PREFIX.length);
  if (!createdDatabases.has(database)) {
    await onAdminConnection((c) => c.query(`CREATE DATABASE "${database}"`));
    createdDatabases.add(database);
  }
  return { DATABASE_URL: postgresUrl(database) };
}

export function tempDatabasePath(): { path: string; cleanup: () => void } {
  if (POSTGRES) {
    const database = `wf_test_${randomBytes(6).toString('hex')}`;
    const cleanup = () => {
      if (!createdDatabases.delete(database)) return;
      void onAdminConnection((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => undefined);
    };
    return { path: `${PG_PREFIX}${database}`, cleanup };
  }
  const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-test-'));
  return { path: join(dir, 'workflow.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the real service on a real port and a real SQLite file (a fresh temp file unless one is given).
 * Scheduled health checks are off unless a test turns them on (HEALTH_CHECKS_ENABLED), so no suite
 * depends on background work it did not ask for.
 */
export async function startService(
  options: { dbPath?: string; env?: Record<string, string>; clock?: Clock } = {},
): Promise<RunningService> {
  const temp = options.dbPath ? null : tempDatabasePath();
  const dbPath = options.dbPath ?? temp!.path;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(await databaseEnv(dbPath)),
    LOG_LEVEL: 'error',
    EVENTS_POLL_MS: '100',
    HEALTH_CHECKS_ENABLED: 'false',
    ...options.env,
  });
  const app = await createApp(config, { clock: options.clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const call: RunningService['call'] = async (method, path, body, headers = {}) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    app,
    config,
    baseUrl,
    dbPath,
    call,
    close: async () => {
      await app.close();
      temp?.cleanup();
    },
  };
}
