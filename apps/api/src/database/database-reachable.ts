import type { AppConfig } from '../config/app-config.js';
import { postgresClient } from './postgres-client.js';

/** How long start-up waits for PostgreSQL to answer before it gives up with a clear message. */
const CONNECT_TIMEOUT_MS = 5_000;

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Null when the configured database answers, else one line that names the setting and the cause,
 * so a wrong DATABASE_URL fails start-up in seconds instead of after many retries with stack traces.
 */
export async function databaseProblem(database: AppConfig['database']): Promise<string | null> {
  if (database.kind !== 'postgres') return null;
  const client = await postgresClient({ connectionString: database.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const cause = error instanceof Error ? error.message || error.name : String(error);
    return `Cannot reach the database of DATABASE_URL=${redacted(database.url)}: ${cause}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
