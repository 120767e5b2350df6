import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { openDatabase } from './open-database.js';
import { SQLITE_WRITES_PER_TRANSACTION, UnitOfWork } from './unit-of-work.js';

/** On a real SQLite file: writes that arrive together share a transaction, and each still stands or falls alone. */
describe('UnitOfWork on SQLite', () => {
  let dir: string;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  let commits = 0;

  const insert = (m: EntityManager, id: string) =>
    m.query(
      `INSERT INTO change_events (entity, entity_id, action, source, occurred_at) VALUES ('incident', ?, 'created', 'api', '2026-12-06T00:00:00.000Z')`,
      [id],
    );
  const stored = async (prefix: string) =>
    (
      (await dataSource.query(`SELECT entity_id FROM change_events WHERE entity_id LIKE ? ORDER BY seq`, [`${prefix}%`])) as Array<{
        entity_id: string;
      }>
    ).map((row) => row.entity_id);
  const inTransaction = () =>
    (dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection.inTransaction;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-unit-of-work-'));
    dataSource = await openDatabase(dataSourceOptions({ kind: 'sqlite', path: join(dir, 'workflow.db') }));
    unitOfWork = new UnitOfWork(dataSource);
    await unitOfWork.onModuleInit();
    unitOfWork.commits.subscribe(() => commits++);
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, in the order they came, and answers each with its own result', async () => {
    const before = commits;
    const ids = Array.from({ length: 20 }, (_, i) => `together-${String(i).padStart(2, '0')}`);
    const results = await Promise.all(ids.map((id) => unitOfWork.write(async (m) => (await insert(m, id), id.toUpperCase()))));
    expect(results).toEqual(ids.map((id) => id.toUpperCase()));
    expect(await stored('together-')).toEqual(ids);
    expect(commits - before).toBe(1);
  });

  it('rolls back only the write that failed; the others of its transaction are stored', async () => {
    const before = commits;
    const outcomes = await Promise.allSettled(
      ['alone-a', 'alone-b', 'alone-c'].map((id) =>
        unitOfWork.write(async (m) => {
          await insert(m, id);
          if (id === 'alone-b') throw new Error('alone-b refused');
          return id;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('alone-b refused'));
    expect(await stored('alone-')).toEqual(['alone-a', 'alone-c']);
    expect(commits - before).toBe(1);
  });

  it('fails every write of a transaction that a failure ended, and starts the next one afresh', async () => {
    const outcomes = await Promise.allSettled(
      ['ended-a', 'ended-b', 'ended-c'].map((id) =>
        unitOfWork.write(async (m) => {
          await insert(m, id);
          if (id === 'ended-b') {
            // What SQLite does by itself on a full disk or an I/O error: the whole transaction is gone.
            await m.query('ROLLBACK');
            throw new Error('disk full');
          }
          return id;
        }),
      ),
    );
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'stored'))).toEqual([
      'Error: disk full',
      'Error: disk full',
      'Error: disk full',
    ]);
    expect(await stored('ended-')).toEqual([]);
    await unitOfWork.write((m) => insert(m, 'ended-after'));
    expect(await stored('ended-')).toEqual(['ended-after']);
  });

  it('answers every write of a transaction whose own statements fail, also those that had not run', async () => {
    const outcomes = await Promise.allSettled(
      ['broken-a', 'broken-b', 'broken-c'].map((id) =>
        unitOfWork.write(async (m) => {
          await insert(m, id);
          // Its savepoint gone, releasing it fails: the transaction cannot go on.
          if (id === 'broken-b') await m.query('RELEASE write');
          return id;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await stored('broken-')).toEqual([]);
    await unitOfWork.write((m) => insert(m, 'broken-after'));
    expect(await stored('broken-')).toEqual(['broken-after']);
  });

  it('takes at most SQLITE_WRITES_PER_TRANSACTION writes into one transaction', async () => {
    const before = commits;
    const count = SQLITE_WRITES_PER_TRANSACTION * 2 + 1;
    await Promise.all(Array.from({ length: count }, (_, i) => unitOfWork.write((m) => insert(m, `many-${i}`))));
    expect((await stored('many-')).length).toBe(count);
    expect(commits - before).toBe(3);
  });

  it('never leaves a transaction open while other work (a read of another request) runs', async () => {
    const seen: boolean[] = [];
    const writes: Array<Promise<unknown>> = [];
    for (let turn = 0; turn < 20; turn++) {
      for (let i = 0; i < 5; i++) writes.push(unitOfWork.write((m) => insert(m, `open-${turn}-${i}`)));
      await new Promise((next) => setImmediate(next));
      seen.push(inTransaction());
      await new Promise((next) => setTimeout(next, 0));
      seen.push(inTransaction());
    }
    await Promise.all(writes);
    expect(seen.every((open) => !open)).toBe(true);
    expect((await stored('open-')).length).toBe(100);
  });
});
