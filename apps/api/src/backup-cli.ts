import { ConfigError, loadConfig } from './config/app-config.js';
import { BackupRefused, backupSqlite, restoreSqlite, type BackupSummary } from './database/sqlite-backup.js';

const USAGE = `Back up or restore the SQLite database the service uses (DATABASE_PATH, or data/workflow.db).

  npm run backup -- FILE     copy the database to FILE, safely while the service runs
  npm run restore -- FILE    replace the database with FILE; stop the service first

On PostgreSQL (DATABASE_URL) use pg_dump and pg_restore instead; README "Backup and restore" says how.`;

function report(summary: BackupSummary): string {
  const counted = ['incidents', 'environments', 'deployments']
    .filter((table) => table in summary.rows)
    .map((table) => `${summary.rows[table]} ${table}`)
    .join(', ');
  return `${summary.file}: ${(summary.bytes / 1_048_576).toFixed(1)} MB; ${counted}; schema ${summary.schema ?? 'empty'}`;
}

async function main(): Promise<number> {
  const [command, file, ...extra] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (config.database.kind !== 'sqlite' || config.database.path === ':memory:') {
    process.stderr.write(
      'This service uses PostgreSQL (DATABASE_URL): back it up with pg_dump --format=custom and restore with pg_restore (README "Backup and restore").\n',
    );
    return 2;
  }
  if (command === 'backup') {
    const summary = await backupSqlite(config.database.path, file);
    process.stdout.write(`Backed up ${config.database.path} to ${report(summary)}\n`);
  } else {
    const summary = await restoreSqlite(file, config.database.path);
    process.stdout.write(`Restored ${config.database.path} from ${file}: ${report({ ...summary, file: config.database.path })}\n`);
    if (summary.previous) process.stdout.write(`The database it replaced is kept as ${summary.previous}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupRefused || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
