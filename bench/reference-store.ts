import type { Statement } from 'better-sqlite3';
import pg from 'pg';
import { Database } from '../apps/api/src/database/sqlite-driver.js';

/**
 * The yardstick's data access: what a hand-written service would run, on the product's own database
 * (its migrations' tables and indexes), with nothing else. One implementation per database.
 */

export type Row = Record<string, unknown>;

/** The incident list orders; the same columns the product's keyset sorts use, so both read the same index. */
export const SORT_SQL: Record<string, string> = {
  created_desc: 'created_at DESC, id DESC',
  created_asc: 'created_at ASC, id ASC',
  updated_desc: 'updated_at DESC, id DESC',
  severity: 'severity_rank ASC, created_at DESC, id DESC',
  status: 'status_rank ASC, created_at DESC, id DESC',
};

/** The columns each sort's cursor carries, as the product's cursor does. */
export const SORT_KEYS: Record<string, string[]> = {
  created_desc: ['created_at', 'id'],
  created_asc: ['created_at', 'id'],
  updated_desc: ['updated_at', 'id'],
  severity: ['severity_rank', 'created_at', 'id'],
  status: ['status_rank', 'created_at', 'id'],
};

export interface Filter {
  column: 'status_rank' | 'severity_rank' | 'environment_id';
  value: string | number;
}

export interface ReferenceStore {
  /** `limit` rows of the filtered, sorted list: no count, nothing else. */
  list(filters: Filter[], sort: string, limit: number): Promise<Row[]>;
  get(id: string): Promise<Row | undefined>;
  /** The newest 1,000 entries (the product's detail window), newest first (the caller reverses them). */
  timeline(id: string): Promise<Row[]>;
  /** The incident, its timeline row and its change event, in one transaction. */
  create(row: Row): Promise<void>;
  close(): Promise<void>;
}

const INSERT_INCIDENT = `INSERT INTO incidents (id, title, description, severity, severity_rank, incident_type, status, status_rank,
  affected_services, tags, environment_id, deployment_id, commander, resolution_notes, root_cause, revision, created_at, updated_at, acknowledged_at, resolved_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL, NULL, NULL, 1, $11, $12, NULL, NULL)`;
const INSERT_TIMELINE = `INSERT INTO timeline_entries (subject_type, subject_id, kind, source, actor, message, changes, data, created_at)
  VALUES ('incident', $1, 'created', 'rest', NULL, 'Incident opened', NULL, NULL, $2)`;
const INSERT_EVENT = `INSERT INTO change_events (entity, entity_id, action, source, actor, occurred_at)
  VALUES ('incident', $1, 'created', 'rest', NULL, $2)`;
const GET = 'SELECT * FROM incidents WHERE id = $1';
const TIMELINE = "SELECT * FROM timeline_entries WHERE subject_type = 'incident' AND subject_id = $1 ORDER BY id DESC LIMIT 1000";

const listSql = (filters: Filter[], sort: string, placeholder: (i: number) => string) => {
  const where = filters.length ? ` WHERE ${filters.map((f, i) => `${f.column} = ${placeholder(i + 1)}`).join(' AND ')}` : '';
  return `SELECT * FROM incidents${where} ORDER BY ${SORT_SQL[sort]} LIMIT ${placeholder(filters.length + 1)}`;
};

const incidentValues = (row: Row) => [
  row.id,
  row.title,
  row.description,
  row.severity,
  row.severity_rank,
  row.incident_type,
  row.status,
  row.status_rank,
  row.affected_services,
  row.tags,
  row.created_at,
  row.created_at,
];

/** better-sqlite3 with prepared statements, as the product opens it (WAL, NORMAL sync). */
export function sqliteStore(path: string): ReferenceStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const positional = (sql: string) => sql.replace(/\$\d+/g, '?');
  const lists = new Map<string, Statement>();
  const get = db.prepare(positional(GET));
  const timeline = db.prepare(positional(TIMELINE));
  const insertIncident = db.prepare(positional(INSERT_INCIDENT));
  const insertTimeline = db.prepare(positional(INSERT_TIMELINE));
  const insertEvent = db.prepare(positional(INSERT_EVENT));
  const create = db.transaction((row: Row) => {
    insertIncident.run(...incidentValues(row));
    insertTimeline.run(row.id, row.created_at);
    insertEvent.run(row.id, row.created_at);
  });
  return {
    list: async (filters, sort, limit) => {
      const key = `${filters.map((f) => f.column).join(',')}|${sort}`;
      let statement = lists.get(key);
      if (!statement) {
        statement = db.prepare(listSql(filters, sort, () => '?'));
        lists.set(key, statement);
      }
      return statement.all(...filters.map((f) => f.value), limit) as Row[];
    },
    get: async (id) => get.get(id) as Row | undefined,
    timeline: async (id) => timeline.all(id) as Row[],
    create: async (row) => create(row),
    close: async () => {
      db.close();
    },
  };
}

/** node-postgres with a pool the size of the product's default (DATABASE_POOL_SIZE 10), plain parameterised queries. */
export function postgresStore(url: string): ReferenceStore {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    list: async (filters, sort, limit) =>
      (
        await pool.query(
          listSql(filters, sort, (i) => `$${i}`),
          [...filters.map((f) => f.value), limit],
        )
      ).rows as Row[],
    get: async (id) => (await pool.query(GET, [id])).rows[0] as Row | undefined,
    timeline: async (id) => (await pool.query(TIMELINE, [id])).rows as Row[],
    create: async (row) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(INSERT_INCIDENT, incidentValues(row));
        await client.query(INSERT_TIMELINE, [row.id, row.created_at]);
        await client.query(INSERT_EVENT, [row.id, row.created_at]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** A database given as a file path (SQLite) or a postgres:// URL. */
export const openStore = (database: string): ReferenceStore =>
  /^postgres(ql)?:\/\//.test(database) ? postgresStore(database) : sqliteStore(database);
