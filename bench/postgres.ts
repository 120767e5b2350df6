import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import pg from 'pg';
import { measure, pause, type Measurement } from './load.js';
import { residentMegabytes, startProduct, type Running } from './processes.js';
import { seedDatabase } from './seed.js';
import { benchSettings, median, productTargets, type BenchSettings } from './targets.js';

/**
 * The PostgreSQL part of `npm run bench`: the same seed data in a fresh PostgreSQL database, the same
 * scenarios against one instance of the product, then three instances on that database.
 * Run on its own with `node dist/bench/bench/postgres.js [--quick]`.
 */

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresRow {
  scenario: string;
  /** Median of the rounds; for three instances, each round is req/s summed over the instances and the worst p50 / p99 of them. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  rounds: Array<Measurement & { per_instance?: Measurement[] }>;
  noisy: boolean;
}

export interface PostgresResults {
  database_url: string;
  seed_ms: number;
  one_instance: PostgresRow[];
  three_instances: PostgresRow[];
  rss_mb: { one_instance: number[]; three_instances: number[] };
  note: string;
}

const DISAGREEMENT = 0.15;

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
  await client.query('ANALYZE');
  return copied;
}

function combineRounds(scenario: string, rounds: PostgresRow['rounds']): PostgresRow {
  const rps = rounds.map((r) => r.rps);
  return {
    scenario,
    rps: median(rps),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    rounds,
    noisy: (Math.max(...rps) - Math.min(...rps)) / Math.max(...rps) > DISAGREEMENT,
  };
}

/** Measures every scenario against `instances` at once: each gets an equal share of the connections. */
async function measureInstances(instances: Running[], incidentId: string, settings: BenchSettings): Promise<PostgresRow[]> {
  const perInstance = instances.map((instance) => productTargets(instance.url, incidentId));
  const rows: PostgresRow[] = [];
  for (let s = 0; s < perInstance[0]!.length; s++) {
    const name = perInstance[0]![s]!.name;
    process.stdout.write(`  ${name} (${instances.length} instance${instances.length > 1 ? 's' : ''})…\n`);
    const rounds: PostgresRow['rounds'] = [];
    for (let round = 0; round < settings.rounds; round++) {
      await pause(settings.idleSeconds);
      const measured = await Promise.all(
        perInstance.map((targets, i) => {
          // 50 connections over 3 instances: 17, 17, 16.
          const connections = Math.floor(settings.connections / instances.length) + (i < settings.connections % instances.length ? 1 : 0);
          return measure(targets[s]!.target, { ...settings, connections });
        }),
      );
      const combined: Measurement = {
        rps: measured.reduce((a, m) => a + m.rps, 0),
        p50: Math.max(...measured.map((m) => m.p50)),
        p99: Math.max(...measured.map((m) => m.p99)),
        errors: measured.reduce((a, m) => a + m.errors, 0),
      };
      rounds.push(instances.length > 1 ? { ...combined, per_instance: measured } : combined);
    }
    rows.push(combineRounds(name, rounds));
  }
  return rows;
}

/**
 * Runs the PostgreSQL part on the seeded SQLite file at `seededPath`. Resolves to null (after printing
 * why) when PostgreSQL is not reachable. The database it creates is dropped at the end, also on failure.
 */
export async function runPostgresBench(options: {
  productMain: string;
  seededPath: string;
  sampleIncidentId: string;
  settings: BenchSettings;
}): Promise<PostgresResults | null> {
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
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const running: Running[] = [];
  const stopAll = () => Promise.all(running.splice(0).map((p) => p.stop()));
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    process.stdout.write(`PostgreSQL: database ${name}; migrating and loading the seed…\n`);
    // The product's own migrations create the schema.
    const migrate = await startProduct(options.productMain, { url });
    await migrate.stop();

    const seedStarted = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const copied = await copySeed(options.seededPath, client);
      process.stdout.write(
        `  loaded ${Object.entries(copied)
          .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
          .join(', ')} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await client.end();
    }
    const seedMs = performance.now() - seedStarted;

    running.push(await startProduct(options.productMain, { url }));
    const one = await measureInstances(running, options.sampleIncidentId, options.settings);
    const rssOne = running.map((p) => residentMegabytes(p.child.pid!));
    await stopAll();

    for (let i = 0; i < 3; i++) running.push(await startProduct(options.productMain, { url }));
    const three = await measureInstances(running, options.sampleIncidentId, options.settings);
    const rssThree = running.map((p) => residentMegabytes(p.child.pid!));
    await stopAll();

    return {
      database_url: redacted(url),
      seed_ms: Math.round(seedMs),
      one_instance: one,
      three_instances: three,
      rss_mb: { one_instance: rssOne, three_instances: rssThree },
      note: 'three instances: req/s summed over the instances; p50 and p99 are the worst of the three per-instance figures (not merged percentiles)',
    };
  } finally {
    await stopAll();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch((error: unknown) => {
      process.stderr.write(`Could not drop database ${name}: ${String(error)}\n`);
    });
    await admin.end();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The Markdown table of one PostgreSQL run. */
export function postgresTable(results: PostgresResults): string[] {
  const byScenario = results.one_instance.map((row, i) => [row, results.three_instances[i]!] as const);
  const flags = (row: PostgresRow) => [row.noisy ? 'noisy' : '', row.errors ? `${row.errors} errors` : ''].filter(Boolean).join(', ');
  return [
    '| scenario (PostgreSQL) | 1 instance req/s | 1 instance p50 / p99 ms | 3 instances req/s (sum) | 3 instances worst p50 / p99 ms | notes |',
    '|---|---:|---:|---:|---:|---|',
    ...byScenario.map(
      ([one, three]) =>
        `| ${one.scenario} | ${fmt(one.rps)} | ${one.p50} / ${one.p99} | ${fmt(three.rps)} | ${three.p50} / ${three.p99} | ${[flags(one) && `1: ${flags(one)}`, flags(three) && `3: ${flags(three)}`].filter(Boolean).join('; ') || '–'} |`,
    ),
    '',
    `Resident memory after the load: 1 instance ${results.rss_mb.one_instance.map((m) => `${fmt(m)} MB`).join(', ')}; 3 instances ${results.rss_mb.three_instances.map((m) => `${fmt(m)} MB`).join(', ')}.`,
  ];
}

/** `node dist/bench/bench/postgres.js [--quick]`: the PostgreSQL part alone, on its own seed. */
async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const quick = process.argv.includes('--quick');
  const settings = benchSettings(quick);
  const work = mkdtempSync(join(tmpdir(), 'workflow-mcp-bench-pg-'));
  try {
    process.stdout.write('Seeding 100,000 incidents…\n');
    const seededPath = join(work, 'seed.db');
    const seed = await seedDatabase(seededPath, { incidents: 100_000, environments: 50, deployments: 2_000 });
    const results = await runPostgresBench({
      productMain: join(root, 'dist/api/main.bundle.mjs'),
      seededPath,
      sampleIncidentId: seed.sampleIncidentId,
      settings,
    });
    if (!results) return;
    const lines = postgresTable(results);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    const out = join(root, 'bench-results');
    mkdirSync(out, { recursive: true });
    const file = quick ? 'latest-postgres-quick' : 'latest-postgres';
    const document = {
      measured_at: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      settings,
      machine: { cpus: cpus().length, node: process.version },
      postgres: results,
    };
    writeFileSync(join(out, `${file}.json`), `${JSON.stringify(document, null, 2)}\n`);
    writeFileSync(join(out, `${file}.md`), `${lines.join('\n')}\n`);
    process.stdout.write(`\nResults written to bench-results/${file}.json\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
