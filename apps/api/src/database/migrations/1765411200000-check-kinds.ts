import { type MigrationInterface, type QueryRunner, TableCheck } from 'typeorm';

/**
 * Health checks of more kinds than HTTP (tcp, tls, dns) and HTTP body conditions: the settings on
 * environments, and the new error kinds their results may carry. The error kinds are written out here,
 * not imported, so this migration means the same thing whatever the vocabulary becomes later.
 */

const ERROR_KINDS = [
  'timeout',
  'refused',
  'dns',
  'tls',
  'unexpected_status',
  'network',
  'body_condition',
  'certificate_expired',
  'certificate_expiring',
  'certificate_untrusted',
  'dns_answer',
];
export const OLD_ERROR_KINDS = ERROR_KINDS.slice(0, 6);
const allowed = (kinds: readonly string[]) => `"error_kind" IN (${kinds.map((k) => `'${k}'`).join(', ')})`;

const COLUMNS = [
  `"health_check_kind" varchar(8) NOT NULL DEFAULT 'http'`,
  `"health_check_body_keyword" varchar(200) NULL`,
  `"health_check_body_keyword_absent" boolean NOT NULL DEFAULT false`,
  `"health_check_body_json_condition" varchar(300) NULL`,
  `"health_check_tls_expiry_warning_days" integer NOT NULL DEFAULT 14`,
  `"health_check_tls_allow_untrusted" boolean NOT NULL DEFAULT false`,
  `"health_check_dns_record_type" varchar(8) NULL`,
  `"health_check_dns_expected" varchar(255) NULL`,
];

export class CheckKinds1765411200000 implements MigrationInterface {
  name = 'CheckKinds1765411200000';

  async up(q: QueryRunner): Promise<void> {
    for (const column of COLUMNS) await q.query(`ALTER TABLE "environments" ADD COLUMN ${column}`);
    await allowErrorKinds(q, ERROR_KINDS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "health_checks" WHERE "error_kind" NOT IN (${OLD_ERROR_KINDS.map((k) => `'${k}'`).join(', ')})`);
    await allowErrorKinds(q, OLD_ERROR_KINDS);
    for (const column of [...COLUMNS].reverse()) {
      await q.query(`ALTER TABLE "environments" DROP COLUMN ${column.split(' ')[0]}`);
    }
  }
}

/**
 * Replaces the CHECK on health_checks.error_kind. PostgreSQL alters the constraint in place; SQLite
 * cannot, so TypeORM rebuilds the table there (a copy of its rows: proportional to the raw results
 * kept). Skipped when the constraint already allows exactly these kinds (a database created after
 * the vocabulary grew).
 */
export async function allowErrorKinds(q: QueryRunner, kinds: readonly string[]): Promise<void> {
  const table = await q.getTable('health_checks');
  if (!table) return;
  const current = table.checks.find((c) => c.expression?.includes('"error_kind"') || c.name === 'chk_error_kind');
  const wanted = allowed(kinds);
  if (current?.expression?.replace(/\s+/g, ' ').trim() === wanted) return;
  if (q.connection.options.type === 'postgres') {
    await q.query('ALTER TABLE "health_checks" DROP CONSTRAINT IF EXISTS "chk_error_kind"');
    await q.query(`ALTER TABLE "health_checks" ADD CONSTRAINT "chk_error_kind" CHECK (${wanted})`);
    return;
  }
  if (current) await q.dropCheckConstraint(table, current);
  await q.createCheckConstraint('health_checks', new TableCheck({ name: 'chk_error_kind', expression: wanted }));
}
