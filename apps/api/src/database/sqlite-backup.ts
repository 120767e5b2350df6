import { Database } from './sqlite-driver.js';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

/** Why a backup or restore was refused: said to the operator as is. */
export class BackupRefused extends Error {}

export interface BackupSummary {
  file: string;
  bytes: number;
  /** Rows per table of the copy, e.g. to compare with what the service shows. */
  rows: Record<string, number>;
  /** The newest migration the copy was made by; a service older than it cannot open it. */
  schema: string | null;
}

/** Pages copied per step. A step copies from one read snapshot: in WAL mode writers go on meanwhile. */
const PAGES_PER_STEP = 1_000_000;

function describe(file: string): BackupSummary {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupRefused(`${file} is damaged (SQLite's quick_check says: ${String(check)}).`);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((row) => row.name);
    if (!tables.includes('migrations')) throw new BackupRefused(`${file} is not a workflow-mcp database (it has no migrations table).`);
    const rows = Object.fromEntries(
      tables.map((table) => [table, (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n]),
    );
    const latest = db.prepare('SELECT name FROM migrations ORDER BY id DESC LIMIT 1').get() as { name: string } | undefined;
    return { file, bytes: statSync(file).size, rows, schema: latest?.name ?? null };
  } finally {
    db.close();
  }
}

/**
 * Copies a live database with SQLite's online backup API: a consistent snapshot, taken while the
 * service (and the stdio MCP server) go on reading and writing. Written to `<file>.partial` and
 * renamed when complete and checked, so `file` is never a half-written copy.
 */
export async function backupSqlite(source: string, file: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new BackupRefused(`There is no database at ${source} (DATABASE_PATH).`);
  if (existsSync(file)) throw new BackupRefused(`${file} already exists; choose a new file name (a backup never overwrites one).`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(partial, { progress: () => PAGES_PER_STEP });
  } finally {
    db.close();
  }
  try {
    describe(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, file);
  return describe(file);
}

/**
 * Whether another process has the database open. Leaving WAL mode needs the only connection, so
 * SQLite refuses it while the service or a stdio MCP server holds the file.
 */
function openElsewhere(path: string): boolean {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    try {
      const mode = db.pragma('journal_mode = DELETE', { simple: true });
      if (mode !== 'delete') return true;
    } catch {
      return true;
    }
    db.pragma('journal_mode = WAL');
    return false;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database with a backup, after checking the backup and that nothing has the database
 * open. The database it replaces is kept beside it (`<path>.before-restore-<time>`), so a restore
 * can itself be undone.
 */
export async function restoreSqlite(file: string, target: string, now = new Date()): Promise<BackupSummary & { previous: string | null }> {
  if (!existsSync(file)) throw new BackupRefused(`There is no backup at ${file}.`);
  const backup = describe(file);
  let previous: string | null = null;
  if (existsSync(target)) {
    if (openElsewhere(target)) {
      throw new BackupRefused(
        `${target} is open in another process (the service, or a stdio MCP server): stop it, then restore. Nothing was changed.`,
      );
    }
    previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    await backupSqlite(target, previous);
  }
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target, { progress: () => PAGES_PER_STEP });
  } finally {
    source.close();
  }
  const restored = new Database(target, { fileMustExist: true });
  try {
    restored.pragma('journal_mode = WAL');
  } finally {
    restored.close();
  }
  return { ...describe(target), schema: backup.schema, previous };
}
