import { randomBytes } from 'node:crypto';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import pg from 'pg';
import { measure, pause, type Measurement, type Target } from './load.js';
import { residentMegabytes, startProduct, type Running } from './processes.js';
import type { ScenarioSettings } from './targets.js';

/**
 * PostgreSQL for `npm run bench`: the same seed data in a fresh database the product migrated, so the
 * product and the reference read the same tables and indexes; and the three-instance scale-out run.
 */

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Connection URL to the server, with its password (if any) hidden, for printing. */
const redacted = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function reachable(serverUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies every table the seed filled from the SQLite file into the migrated PostgreSQL database, in
 * batches of multi-row INSERTs; tables PostgreSQL already filled (the migrations' own) are left alone.
 */
async function copySeed(sqlitePath: string, client: pg.Client): Promise<Record<string, number>> {
  const sqlite = new Database(sqlitePath, { readonly: true });
  const copied: Record<string, number> = {};
  try {
    const tables = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
    await client.query('BEGIN');
    // No foreign-key checks or triggers while loading (the change_events trigger only renumbers negative
    // placeholders anyway, and seeded rows carry their own numbers), so tables load in any order.
    await client.query(`SET LOCAL session_replication_role = replica`);
    for (const table of tables) {
      const { count } = sqlite.prepare(`SELECT count(*) AS count FROM ${quoteIdent(table)}`).get() as { count: number };
      if (count === 0) continue;
      const pgColumns = await client.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      );
      if (pgColumns.rowCount === 0) continue;
      const existing = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
      if (Number(existing.rows[0]!.n) > 0) continue;
      const types = new Map(pgColumns.rows.map((c) => [c.column_name, c.data_type]));
      const columns = (sqlite.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>)
        .map((c) => c.name)
        .filter((name) => types.has(name));
      const booleans = columns.map((name) => types.get(name) === 'boolean');
      const perBatch = Math.min(5_000, Math.floor(60_000 / columns.length));
      const head = `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES `;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const values: unknown[] = [];
        const tuples = batch.map((row) => {
          const start = values.length;
          row.forEach((value, i) => values.push(booleans[i] && value !== null ? Boolean(value) : value));
          return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
        });
        await client.query(head + tuples.join(', '), values);
        batch = [];
      };
      const select = sqlite.prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)}`).raw(true);
      for (const row of select.iterate() as IterableIterator<unknown[]>) {
        batch.push(row);
        if (batch.length >= perBatch) await flush();
      }
      await flush();
      copied[table] = count;
      // Serial columns (timeline_entries.id, change_events.seq, …) continue after the copied rows.
      for (const column of columns) {
        const serial = await client.query<{ s: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS s', [quoteIdent(table), column]);
        const sequence = serial.rows[0]?.s;
        if (!sequence) continue;
        await client.query(
          `SELECT setval($1::regclass, (SELECT coalesce(max(${quoteIdent(column)}), 0) + 1 FROM ${quoteIdent(table)}), false)`,
          [sequence],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    sqlite.close();
  }
  // VACUUM as well: a table loaded in bulk has no visibility map yet, so every count would visit the
  // heap row by row (6 ms instead of 0.4 ms for 1,001 rows); autovacuum sets it soon after any real load.
  await client.query('VACUUM ANALYZE');
  return copied;
}

/** A fresh PostgreSQL database, migrated by the product and holding the seed; `drop` removes it. */
export interface SeededPostgres {
  url: string;
  /** The server's URL the database was created through (for copies of it). */
  serverUrl: string;
  redactedUrl: string;
  seedMs: number;
  drop: () => Promise<void>;
}

/**
 * Creates a database next to the configured one (TEST_POSTGRES_URL, else the local default), has the
 * product migrate it and copies the SQLite seed into it. Resolves to null (after printing why) when
 * PostgreSQL is not reachable.
 */
export async function seedPostgres(productMain: string, seededPath: string): Promise<SeededPostgres | null> {
  const serverUrl = process.env.TEST_POSTGRES_URL?.trim() || DEFAULT_URL;
  const unreachable = await reachable(serverUrl);
  if (unreachable !== null) {
    process.stdout.write(`PostgreSQL not reachable at ${redacted(serverUrl)} (${unreachable}): skipping the PostgreSQL part.\n`);
    return null;
  }
  const name = `wf_bench_${randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  const url = databaseUrl.toString();
  const drop = async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (error) {
      process.stderr.write(`Could not drop database ${name}: ${String(error)}\n`);
    } finally {
      await admin.end();
    }
  };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  try {
    process.stdout.write(`PostgreSQL: database ${name}; migrating and loading the seed…\n`);
    // The product's own migrations create the schema, so both sides read the same tables and indexes.
    const migrate = await startProduct(productMain, { url });
    await migrate.stop();
    const seedStarted = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const copied = await copySeed(seededPath, client);
      process.stdout.write(
        `  loaded ${Object.entries(copied)
          .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
          .join(', ')} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await client.end();
    }
    return { url, serverUrl, redactedUrl: redacted(url), seedMs: Math.round(performance.now() - seedStarted), drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export interface ScaleOutRow {
  scenario: string;
  /** req/s summed over the instances; p50 / p99 the worst of them (not merged percentiles). */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  per_instance: Measurement[];
}

/** Three instances of the product on one PostgreSQL database, each given an equal share of the connections. */
export async function measureScaleOut(
  productMain: string,
  url: string,
  targets: Array<{ name: string; target: (base: string) => Target }>,
  settings: ScenarioSettings,
): Promise<{ rows: ScaleOutRow[]; rss_mb: number[] }> {
  const running: Running[] = [];
  try {
    for (let i = 0; i < 3; i++) running.push(await startProduct(productMain, { url }));
    const rows: ScaleOutRow[] = [];
    for (const { name, target } of targets) {
      process.stdout.write(`  ${name} (3 instances)…\n`);
      await pause(settings.idleSeconds);
      const measured = await Promise.all(
        running.map((instance, i) => {
          // 50 connections over 3 instances: 17, 17, 16.
          const connections = Math.floor(settings.connections / running.length) + (i < settings.connections % running.length ? 1 : 0);
          return measure(target(instance.url), { ...settings, connections });
        }),
      );
      rows.push({
        scenario: name,
        rps: measured.reduce((a, m) => a + m.rps, 0),
        p50: Math.max(...measured.map((m) => m.p50)),
        p99: Math.max(...measured.map((m) => m.p99)),
        errors: measured.reduce((a, m) => a + m.errors, 0),
        per_instance: measured,
      });
    }
    return { rows, rss_mb: running.map((p) => residentMegabytes(p.child.pid!)) };
  } finally {
    await Promise.all(running.map((p) => p.stop()));
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The Markdown table of the three-instance run. */
export function scaleOutTable(result: { rows: ScaleOutRow[]; rss_mb: number[] }): string[] {
  return [
    '| scenario (PostgreSQL, 3 instances) | req/s (sum) | worst p50 / p99 ms | errors |',
    '|---|---:|---:|---:|',
    ...result.rows.map((row) => `| ${row.scenario} | ${fmt(row.rps)} | ${row.p50} / ${row.p99} | ${row.errors} |`),
    '',
    `Resident memory after the load: ${result.rss_mb.map((m) => `${fmt(m)} MB`).join(', ')}.`,
  ];
}
