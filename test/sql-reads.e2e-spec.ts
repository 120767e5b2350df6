import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError, type DataSource } from 'typeorm';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options.js';
import { insertRow, insertRowReturning } from '../apps/api/src/database/insert-row.js';
import { openDatabase } from '../apps/api/src/database/open-database.js';
import { readsOf } from '../apps/api/src/database/sql-reads.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';

/**
 * The direct read path must answer exactly what TypeORM's path answers, on the database the suite
 * runs on (SQLite, or PostgreSQL with TEST_POSTGRES_URL), and leave reads inside a transaction to
 * the transaction's own connection.
 */
describe('plain reads', () => {
  const temp = tempDatabasePath();
  let db: DataSource;
  const viaTypeorm = async (text: string, params: Record<string, unknown>) => {
    const [sql, values] = db.driver.escapeQueryWithParameters(text, params);
    return db.query(sql, values);
  };

  beforeAll(async () => {
    db = await openDatabase(dataSourceOptions(loadConfig(await databaseEnv(temp.path)).database));
    await db.query('CREATE TABLE reads_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL, grade INTEGER NOT NULL, flag BOOLEAN NOT NULL)');
    await db.query(
      "INSERT INTO reads_probe (id, name, grade, flag) VALUES (1, 'alpha', 1, true), (2, 'beta', 2, false), (3, 'gamma', 2, true), (4, 'a:b', 3, false)",
    );
  });

  afterAll(async () => {
    await db.destroy();
    temp.cleanup();
  });

  it('answers what the ORM answers: numbers, booleans, repeated and absent names, limits', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['SELECT id, name FROM reads_probe WHERE grade = :grade ORDER BY id', { grade: 2 }],
      // The same texts with other values: what is worked out once per text must not keep the first ones.
      ['SELECT id, name FROM reads_probe WHERE grade = :grade ORDER BY id', { grade: 3 }],
      ['SELECT id FROM reads_probe WHERE flag = :flag ORDER BY id', { flag: false }],
      ['SELECT id FROM reads_probe WHERE name = :q OR name LIKE :q ORDER BY id', { q: 'gamma' }],
      ['SELECT id FROM reads_probe WHERE flag = :flag ORDER BY id', { flag: true }],
      ['SELECT id FROM reads_probe WHERE name = :q OR name LIKE :q ORDER BY id', { q: 'beta' }],
      ['SELECT id FROM reads_probe WHERE grade >= :low ORDER BY id DESC LIMIT :rows', { low: 2, rows: 2 }],
      ['SELECT id FROM reads_probe WHERE id > :after AND name = :name', { after: 0, name: null }],
      // A name the parameters lack stays in the SQL, as the ORM leaves it: here inside a string.
      ["SELECT id FROM reads_probe WHERE name = 'a:b' AND grade = :grade", { grade: 3 }],
      ['SELECT COUNT(*) AS n FROM reads_probe', {}],
      // Rows are built from the statement's columns: names that need quoting, a repeated name (the last wins), NULL.
      ['SELECT id AS "odd ""name"" \'x\'", NULL AS "no value" FROM reads_probe ORDER BY id', {}],
      ['SELECT r.id, s.id FROM reads_probe r JOIN reads_probe s ON s.id = r.id + 1 ORDER BY r.id', {}],
    ];
    for (const [text, params] of cases) {
      // Twice: the second run takes the compiled text and the prepared statement.
      for (let i = 0; i < 2; i++) expect(await readsOf(db).rows(text, params)).toEqual(await viaTypeorm(text, params));
    }
  });

  it('binds whole numbers as integers, as the ORM writes them', async () => {
    expect(await readsOf(db).rows('SELECT id FROM reads_probe WHERE id = :id AND grade * 2 = :double', { id: 2, double: 4 })).toEqual([
      { id: 2 },
    ]);
    const fractions = await readsOf(db).rows('SELECT COUNT(*) AS n FROM reads_probe WHERE grade * 1.0 < :limit', { limit: 2.5 });
    expect(fractions).toEqual(await viaTypeorm('SELECT COUNT(*) AS n FROM reads_probe WHERE grade * 1.0 < :limit', { limit: 2.5 }));
    expect(Number((fractions[0] as { n: number | string }).n)).toBe(3);
    if (db.options.type === 'better-sqlite3') {
      // The ORM writes 5 into the SQL, an INTEGER; a bound JavaScript number would be a REAL.
      expect(await readsOf(db).rows('SELECT typeof(:n) AS t', { n: 5 })).toEqual([{ t: 'integer' }]);
      expect(await readsOf(db).rows('SELECT typeof(:n) AS t', { n: 5 })).toEqual(await viaTypeorm('SELECT typeof(:n) AS t', { n: 5 }));
    }
  });

  it('leaves list parameters to the ORM', async () => {
    expect(await readsOf(db).rows('SELECT id FROM reads_probe WHERE id IN (:...ids) ORDER BY id', { ids: [1, 3] })).toEqual([
      { id: 1 },
      { id: 3 },
    ]);
  });

  it('reads inside a transaction on its connection, and outside it what is committed', async () => {
    await db.transaction(async (manager) => {
      await manager.query("INSERT INTO reads_probe (id, name, grade, flag) VALUES (5, 'delta', 9, true)");
      const inside = await readsOf(db).rows('SELECT id FROM reads_probe WHERE grade = :grade', { grade: 9 }, manager);
      expect(inside).toEqual([{ id: 5 }]);
      // SQLite has one connection, so there a read outside the transaction sees it too.
      if (db.options.type === 'postgres')
        expect(await readsOf(db).rows('SELECT id FROM reads_probe WHERE grade = :grade', { grade: 9 })).toEqual([]);
    });
    expect(await readsOf(db).rows('SELECT id FROM reads_probe WHERE grade = :grade', { grade: 9 })).toEqual([{ id: 5 }]);
  });

  it('writes rows in a transaction as the ORM does, and fails as it fails', async () => {
    await db.transaction(async (manager) => {
      await insertRow(manager, 'reads_probe', { id: 6, name: 'epsilon', grade: 7, flag: true });
      // A second statement text, and the first again: each keeps its own prepared statement.
      await insertRow(manager, 'reads_probe', { id: 7, grade: 7, name: 'zeta', flag: false });
      await insertRow(manager, 'reads_probe', { id: 8, name: 'eta', grade: 7, flag: true });
      expect(await readsOf(db).rows('SELECT id, name FROM reads_probe WHERE grade = :grade ORDER BY id', { grade: 7 }, manager)).toEqual([
        { id: 6, name: 'epsilon' },
        { id: 7, name: 'zeta' },
        { id: 8, name: 'eta' },
      ]);
    });
    const duplicate = db.transaction((manager) => insertRow(manager, 'reads_probe', { id: 6, name: 'again', grade: 8, flag: true }));
    await expect(duplicate).rejects.toBeInstanceOf(QueryFailedError);
    // The failed transaction left nothing behind.
    expect(await readsOf(db).rows('SELECT id FROM reads_probe WHERE grade = :grade', { grade: 8 })).toEqual([]);
  });

  it('stores each value with the type the ORM stores it with: whole numbers, fractions, booleans, JSON, NULL', async () => {
    await db.query('CREATE TABLE types_probe (id INTEGER PRIMARY KEY, label TEXT, amount REAL, count INTEGER, flag BOOLEAN, doc TEXT)');
    const row = { label: 7, amount: 2.5, count: 3, flag: true, doc: { tags: ['a'] } };
    const typeOf = db.options.type === 'postgres' ? (c: string) => `pg_typeof(${c})::text` : (c: string) => `typeof(${c})`;
    const types = `SELECT ${typeOf('label')} AS l, ${typeOf('amount')} AS a, ${typeOf('count')} AS c, ${typeOf('flag')} AS f, label, amount, count, flag, doc FROM types_probe WHERE id = :id`;
    await db.transaction(async (manager) => {
      await insertRow(manager, 'types_probe', { id: 1, ...row });
      await viaTypeorm('INSERT INTO types_probe (id, label, amount, count, flag, doc) VALUES (:id, :label, :amount, :count, :flag, :doc)', {
        id: 2,
        ...row,
        doc: JSON.stringify(row.doc),
      });
      expect(await insertRowReturning(manager, 'types_probe', { id: 3, ...row, label: null, flag: false }, 'id')).toBe(3);
    });
    const [mine] = await readsOf(db).rows<Record<string, unknown>>(types, { id: 1 });
    expect(mine).toEqual((await readsOf(db).rows<Record<string, unknown>>(types, { id: 2 }))[0]);
    expect(mine).toMatchObject({ amount: 2.5, count: 3, doc: '{"tags":["a"]}' });
    expect(await readsOf(db).rows(types, { id: 3 })).toEqual([
      expect.objectContaining({ label: null, flag: db.options.type === 'postgres' ? false : 0 }),
    ]);
    await db.query('DROP TABLE types_probe');
  });

  it('prepares a statement again when its table changed under it (PostgreSQL: a rolling upgrade)', async () => {
    if (db.options.type !== 'postgres') return;
    await db.query('CREATE TABLE plan_probe (id INTEGER PRIMARY KEY, grade INTEGER NOT NULL)');
    await db.query('INSERT INTO plan_probe (id, grade) VALUES (1, 5)');
    const text = 'SELECT id, grade FROM plan_probe WHERE id = :id';
    // At once, so that several of the pool's connections prepare it.
    const readAll = () => Promise.all(Array.from({ length: 8 }, () => readsOf(db).rows(text, { id: 1 })));
    expect(await readAll()).toEqual(Array.from({ length: 8 }, () => [{ id: 1, grade: 5 }]));
    // What another instance's migration might do: the statement's result columns change type.
    await db.query('ALTER TABLE plan_probe ALTER COLUMN grade TYPE text');
    expect(await readAll()).toEqual(Array.from({ length: 8 }, () => [{ id: 1, grade: '5' }]));
    await db.query('DROP TABLE plan_probe');
  });

  it('prepares its statements again when the data source is opened again', async () => {
    const text = 'SELECT id FROM reads_probe WHERE grade = :grade ORDER BY id';
    expect(await readsOf(db).rows(text, { grade: 2 })).toEqual([{ id: 2 }, { id: 3 }]);
    await db.destroy();
    await db.initialize();
    expect(await readsOf(db).rows(text, { grade: 2 })).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('fails as the ORM fails', async () => {
    await expect(readsOf(db).rows('SELECT nope FROM reads_probe WHERE id = :id', { id: 1 })).rejects.toBeInstanceOf(QueryFailedError);
  });
});
