import { copyFileSync } from 'node:fs';
import pg from 'pg';
import { Database } from '../apps/api/src/database/sqlite-driver.js';

/**
 * The incident indexes a hand-written service would keep if all it offered were the list's sort
 * orders: one per order (created, updated, severity, status), besides the primary key. The product
 * keeps about twenty (each sort under each common filter, the delivery metrics' covering ones), and
 * every create writes each of them; a reference on the product's own table does that work too. The
 * bench therefore also measures create against the reference on a copy with only these, the case a
 * reference that does the minimum would measure.
 */
export const LEAN_INCIDENT_INDEXES = [
  'idx_incidents_created',
  'idx_incidents_updated',
  'idx_incidents_sort_severity',
  'idx_incidents_sort_status',
];

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A copy of a seeded SQLite file whose incidents table has only the lean indexes. */
export function leanSqliteCopy(seeded: string, target: string): string {
  copyFileSync(seeded, target);
  const db = new Database(target);
  try {
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents' AND sql IS NOT NULL").all() as Array<{
        name: string;
      }>
    )
      .map((row) => row.name)
      .filter((name) => !LEAN_INCIDENT_INDEXES.includes(name));
    for (const name of names) db.exec(`DROP INDEX ${quoteIdent(name)}`);
  } finally {
    db.close();
  }
  return target;
}

/**
 * A copy of a seeded PostgreSQL database (CREATE DATABASE … TEMPLATE: nobody may be connected to it
 * meanwhile) whose incidents table has only the lean indexes; `drop` removes it.
 */
export async function leanPostgresCopy(serverUrl: string, seededUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = new URL(seededUrl).pathname.slice(1);
  const name = `${template}_lean`;
  const url = new URL(seededUrl);
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  const drop = () =>
    admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch((error: unknown) => {
      process.stderr.write(`Could not drop database ${name}: ${String(error)}\n`);
    });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // Not the primary key's index, nor any other that backs a constraint.
    const { rows } = await client.query<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname = 'incidents' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    );
    for (const { name: index } of rows) if (!LEAN_INCIDENT_INDEXES.includes(index)) await client.query(`DROP INDEX ${quoteIdent(index)}`);
  } catch (error) {
    await drop();
    throw error;
  } finally {
    await client.end();
  }
  return { url: url.toString(), drop };
}
