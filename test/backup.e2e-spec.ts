import { describe, expect, it } from '@jest/globals';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startBundle } from './support/bundle.js';

const execFileAsync = promisify(execFile);
const BACKUP_CLI = resolve('dist/api/backup.bundle.mjs');

/** `npm run backup|restore -- FILE` as an operator runs it, against the database DATABASE_PATH names. */
async function cli(command: 'backup' | 'restore', file: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BACKUP_CLI, command, file], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (failure) {
    const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

function incidentIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM incidents ORDER BY id').all() as Array<{ id: string }>).map((row) => row.id);
  } finally {
    db.close();
  }
}

const onSqlite = process.env.TEST_POSTGRES_URL ? describe.skip : describe;

onSqlite('backup and restore (SQLite)', () => {
  it('backs up a live database under writes, refuses to restore under a running service, and restores once it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-backup-'));
    const env = { DATABASE_PATH: join(dir, 'workflow.db') };
    const backup = join(dir, 'nightly.db');
    let service = await startBundle(env);
    try {
      const post = (title: string) =>
        fetch(`${service.baseUrl}/api/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title, severity: 'high', incident_type: 'performance' }),
        }).then((res) => res.status);
      for (let i = 0; i < 20; i++) expect(await post(`before ${i}`)).toBe(201);

      // Writers keep going while the backup runs.
      let writing = true;
      let written = 0;
      const writers = [0, 1, 2].map(async (w) => {
        while (writing) if ((await post(`during ${w}-${written++}`)) !== 201) throw new Error('a write failed during the backup');
      });
      await new Promise((done) => setTimeout(done, 150));
      const made = await cli('backup', backup, env);
      writing = false;
      await Promise.all(writers);
      expect(made).toMatchObject({ code: 0, output: expect.stringContaining(`Backed up ${env.DATABASE_PATH} to ${backup}`) });
      expect(written).toBeGreaterThan(0);

      const saved = incidentIds(backup);
      expect(saved.length).toBeGreaterThanOrEqual(20);
      const db = new Database(backup, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      expect(readdirSync(dir).some((name) => name.endsWith('.partial'))).toBe(false);

      // A second backup to the same file is refused rather than overwriting it.
      expect(await cli('backup', backup, env)).toMatchObject({ code: 2, output: expect.stringContaining('already exists') });

      // While the service runs, restore refuses and changes nothing.
      for (let i = 0; i < 5; i++) expect(await post(`after ${i}`)).toBe(201);
      const live = incidentIds(env.DATABASE_PATH);
      expect(live.length).toBeGreaterThan(saved.length);
      const refused = await cli('restore', backup, env);
      expect(refused).toMatchObject({ code: 2, output: expect.stringContaining('is open in another process') });
      expect(incidentIds(env.DATABASE_PATH)).toEqual(live);

      service.child.kill('SIGTERM');
      await new Promise((done) => service.child.once('exit', done));

      const restored = await cli('restore', backup, env);
      expect(restored).toMatchObject({ code: 0, output: expect.stringContaining(`Restored ${env.DATABASE_PATH} from ${backup}`) });
      const kept = /kept as (\S+)/.exec(restored.output)![1]!;
      expect(incidentIds(kept)).toEqual(live);

      service = await startBundle(env);
      // Every page: how many writes land during the backup depends on the machine's speed.
      const served: string[] = [];
      for (let cursor: string | null = ''; cursor !== null;) {
        const page = (await (await fetch(`${service.baseUrl}/api/incidents?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
          items: Array<{ id: string }>;
          next_cursor: string | null;
        };
        served.push(...page.items.map((incident) => incident.id));
        cursor = page.next_cursor;
      }
      expect(served.sort()).toEqual(saved);
      expect(await post('after the restore')).toBe(201);
    } finally {
      service.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a file that is not a workflow-mcp database, and points PostgreSQL users to pg_dump', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-backup-'));
    try {
      const other = join(dir, 'other.db');
      new Database(other).exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)').close();
      const target = join(dir, 'workflow.db');
      expect(await cli('restore', other, { DATABASE_PATH: target })).toMatchObject({
        code: 2,
        output: expect.stringContaining('is not a workflow-mcp database'),
      });
      expect(existsSync(target)).toBe(false);
      expect(await cli('backup', join(dir, 'x.db'), { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })).toMatchObject({
        code: 2,
        output: expect.stringContaining('pg_dump'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
