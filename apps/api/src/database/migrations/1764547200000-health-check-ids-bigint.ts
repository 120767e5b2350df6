import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Health check ids outgrow a 32-bit integer: 5,000 environments checked every 10 s use up 2^31 ids
 * in about 50 days. SQLite's INTEGER keys are 64-bit already; PostgreSQL's serial is not, so there
 * the column and its sequence become bigint.
 */
export class HealthCheckIdsBigint1764547200000 implements MigrationInterface {
  name = 'HealthCheckIdsBigint1764547200000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('ALTER TABLE "health_checks" ALTER COLUMN "id" TYPE bigint');
    await q.query('ALTER SEQUENCE "health_checks_id_seq" AS bigint');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('ALTER SEQUENCE "health_checks_id_seq" AS integer');
    await q.query('ALTER TABLE "health_checks" ALTER COLUMN "id" TYPE integer');
  }
}
