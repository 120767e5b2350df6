import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents say who and what is affected, apart from the technical description. */
export class IncidentImpact1764720000000 implements MigrationInterface {
  name = 'IncidentImpact1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "incidents" ADD COLUMN "impact" text NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "incidents" DROP COLUMN "impact"');
  }
}
