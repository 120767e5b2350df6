import type pg from 'pg';

/**
 * A PostgreSQL connection of its own (a LISTEN session, a lock session, a start-up probe), with the
 * driver loaded on first use: on SQLite it is never needed, and loading it at start-up cost about
 * 40 ms of a ~1 s cold start on Node 20, whose driver check for edge runtimes builds a fetch
 * `Response` and so loads Node's whole fetch implementation.
 */
export async function postgresClient(config: pg.ClientConfig): Promise<pg.Client> {
  const { default: driver } = await import('pg');
  return new driver.Client(config);
}
