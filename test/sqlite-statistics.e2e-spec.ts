import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { FIRST_PASS_DELAY_MS } from '../apps/api/src/database/sqlite-statistics.js';
import { startService, type RunningService } from './support/service.js';

const onSqlite = process.env.TEST_POSTGRES_URL ? describe.skip : describe;

onSqlite('SQLite table statistics', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => svc.close());

  it('are gathered soon after start, so the planner knows which index orders a list', async () => {
    const dataSource = svc.app.get(DataSource);
    const statistics = () => dataSource.query(`SELECT idx FROM sqlite_stat1 WHERE tbl = 'incidents'`) as Promise<Array<{ idx: string }>>;
    const tables = () => dataSource.query(`SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'`) as Promise<unknown[]>;
    expect(await tables()).toEqual([]);
    for (const status of ['open', 'investigating', 'resolved']) {
      const res = await svc.call('POST', '/api/incidents', {
        title: `t ${status}`,
        severity: 'high',
        incident_type: 'performance',
        status,
      });
      expect(res.status).toBe(201);
    }
    await sleep(FIRST_PASS_DELAY_MS + 1_500);
    const indexes = (await statistics()).map((row) => row.idx);
    expect(indexes).toEqual(expect.arrayContaining(['idx_incidents_sort_status', 'idx_incidents_status_updated', 'idx_incidents_created']));
    // Lists still answer (the pass ran as a write of its own and left nothing open).
    expect((await svc.call('GET', '/api/incidents?status=open&sort_by=created_asc')).body.items).toHaveLength(1);
  });
});
