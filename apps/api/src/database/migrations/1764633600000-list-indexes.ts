import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that match each list's filter and sort exactly, so a page is an index range read
 * instead of a table scan plus a sort. Sorts mix directions (most severe first, then newest),
 * which only an index with the same per-column directions can serve. The SQL is the subset
 * SQLite and PostgreSQL share.
 */
const INDEXES: Array<[name: string, table: string, columns: string]> = [
  // Incidents: each sort on its own, and the filters people use most with the default and severity sorts.
  ['idx_incidents_sort_severity', 'incidents', 'severity_rank, created_at DESC, id DESC'],
  ['idx_incidents_sort_status', 'incidents', 'status_rank, created_at DESC, id DESC'],
  ['idx_incidents_status_created', 'incidents', 'status, created_at DESC, id DESC'],
  ['idx_incidents_status_severity', 'incidents', 'status, severity_rank, created_at DESC, id DESC'],
  ['idx_incidents_severity_created', 'incidents', 'severity, created_at DESC, id DESC'],
  ['idx_incidents_type_created', 'incidents', 'incident_type, created_at DESC, id DESC'],
  // Deployments: by status, and the scheduled sorts (unscheduled ones sort by when they were planned).
  ['idx_deployments_sort_status', 'deployments', 'status_rank, created_at DESC, id DESC'],
  ['idx_deployments_status_created', 'deployments', 'status, created_at DESC, id DESC'],
  ['idx_deployments_scheduled_sort', 'deployments', 'COALESCE(scheduled_at, created_at), id'],
];

/** Replaced by the sort indexes above, whose column directions match the sorts. */
const REPLACED: Array<[name: string, table: string, columns: string]> = [
  ['idx_incidents_severity', 'incidents', 'severity_rank, created_at, id'],
  ['idx_incidents_status', 'incidents', 'status_rank, created_at, id'],
  ['idx_deployments_status', 'deployments', 'status_rank, created_at, id'],
];

export class ListIndexes1764633600000 implements MigrationInterface {
  name = 'ListIndexes1764633600000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name] of REPLACED) await q.query(`DROP INDEX "${name}"`);
    for (const [name, table, columns] of INDEXES) await q.query(`CREATE INDEX "${name}" ON "${table}" (${columns})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX "${name}"`);
    for (const [name, table, columns] of REPLACED) await q.query(`CREATE INDEX "${name}" ON "${table}" (${columns})`);
  }
}
