import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The SQLite binding, chosen by the Node version running: better-sqlite3 13 (Node-API, prebuilt)
 * from Node 22 on, where 12 aborts the process on Node 24 when a statement is garbage-collected;
 * 12 on Node 20, where 13 does not load. Both are installed; only one is ever loaded.
 */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
export const SQLITE_DRIVER_PACKAGE = NODE_MAJOR >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

const require = createRequire(import.meta.url);

export const Database = require(SQLITE_DRIVER_PACKAGE) as typeof BetterSqlite3;
export type Database = BetterSqlite3.Database;
