import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployments may say when the deployed change was committed (lead time for changes starts there),
 * and the delivery metrics read deployments by when they ran and incidents by the deployment they
 * name or by when they were resolved per environment: indexes for those range reads, so the
 * metrics stay an index scan as the tables grow. The SQL is the subset SQLite and PostgreSQL share.
 */
const INDEXES: Array<[name: string, table: string, columns: string]> = [
  ['idx_deployments_started', 'deployments', 'started_at'],
  ['idx_deployments_environment_started', 'deployments', 'environment_id, started_at'],
  ['idx_incidents_deployment', 'incidents', 'deployment_id'],
  // Covering: incidents opened per day and severity, and opened → resolved per environment, read from the index alone.
  ['idx_incidents_created_severity', 'incidents', 'created_at, severity, resolved_at'],
  ['idx_incidents_environment_resolved', 'incidents', 'environment_id, resolved_at, created_at'],
];

export class DeploymentCommitTime1765238400000 implements MigrationInterface {
  name = 'DeploymentCommitTime1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "deployments" ADD COLUMN "commit_at" varchar(32) NULL');
    for (const [name, table, columns] of INDEXES) await q.query(`CREATE INDEX "${name}" ON "${table}" (${columns})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX "${name}"`);
    await q.query('ALTER TABLE "deployments" DROP COLUMN "commit_at"');
  }
}
