import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Environments and incidents may be shown on the public status page; nothing is unless someone says so. */
export class PublicVisibility1765324800000 implements MigrationInterface {
  name = 'PublicVisibility1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "environments" ADD COLUMN "public" boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE "incidents" ADD COLUMN "public" boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "incidents" DROP COLUMN "public"');
    await q.query('ALTER TABLE "environments" DROP COLUMN "public"');
  }
}
