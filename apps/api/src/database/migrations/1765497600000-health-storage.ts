import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The response-time buckets as this migration made them, written out so its meaning never changes. */
const RESPONSE_TIME_BOUNDS_MS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];
const HISTOGRAM_COLUMNS = [...RESPONSE_TIME_BOUNDS_MS.map((b) => `rt_le_${b}`), 'rt_over'];

/** Nearest-rank percentile from a row's buckets: the bucket's upper bound within [min, max]; rows without full buckets keep theirs. */
function percentileSql(pct: number, column: string, least: string, greatest: string): string {
  const rank = `((responses * ${pct} + 99) / 100)`;
  const branches = RESPONSE_TIME_BOUNDS_MS.map(
    (bound, i) =>
      `WHEN ${HISTOGRAM_COLUMNS.slice(0, i + 1).join(' + ')} >= ${rank} THEN ${least}(response_time_max, ${greatest}(response_time_min, ${bound}))`,
  );
  return `CASE WHEN responses = 0 THEN NULL WHEN ${HISTOGRAM_COLUMNS.join(' + ')} <> responses THEN ${column} ${branches.join(' ')} ELSE response_time_max END`;
}

/**
 * Health storage that fits a small disk. Checked URLs are stored once (health_check_urls) and
 * referenced by id instead of repeated on every row; hourly rows gain response-time buckets and
 * are from now on written with every check (so raw rows can be a sample); each environment's
 * health remembers when its latest check was kept. Existing checks are counted into hourly rows
 * here, adding to any hour already rolled up, so no count is lost.
 */
export class HealthStorage1765497600000 implements MigrationInterface {
  name = 'HealthStorage1765497600000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.query(
      postgres
        ? 'CREATE TABLE health_check_urls (id serial PRIMARY KEY, url varchar(2048) NOT NULL)'
        : 'CREATE TABLE health_check_urls (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, url varchar(2048) NOT NULL)',
    );
    await q.query('CREATE UNIQUE INDEX idx_health_check_urls_url ON health_check_urls (url)');
    await q.query('INSERT INTO health_check_urls (url) SELECT DISTINCT url FROM health_checks');
    await q.query('ALTER TABLE health_checks ADD COLUMN url_id integer NOT NULL DEFAULT 0');
    await q.query('UPDATE health_checks SET url_id = (SELECT u.id FROM health_check_urls u WHERE u.url = health_checks.url)');
    await q.query('ALTER TABLE health_checks DROP COLUMN url');
    if (postgres) await q.query('ALTER TABLE health_checks ALTER COLUMN url_id DROP DEFAULT');
    // Error text belongs to failing checks only.
    await q.query(`UPDATE health_checks SET error_message = NULL WHERE status = 'healthy' AND error_message IS NOT NULL`);

    await q.query('ALTER TABLE environment_health ADD COLUMN last_kept_at varchar(32)');
    for (const column of HISTOGRAM_COLUMNS)
      await q.query(`ALTER TABLE health_check_hourly ADD COLUMN ${column} integer NOT NULL DEFAULT 0`);

    // Every stored check into its hour: counts add to rows rolled up before, buckets are filled.
    const bucket = (i: number) => {
      const above = i === 0 ? null : RESPONSE_TIME_BOUNDS_MS[i - 1]!;
      const upTo = i < RESPONSE_TIME_BOUNDS_MS.length ? RESPONSE_TIME_BOUNDS_MS[i]! : null;
      const conditions = [above === null ? null : `response_time_ms > ${above}`, upTo === null ? null : `response_time_ms <= ${upTo}`];
      return `SUM(CASE WHEN ${conditions.filter((c) => c !== null).join(' AND ')} THEN 1 ELSE 0 END)`;
    };
    const counted = ['checks', 'healthy', 'warning', 'critical', 'responses', 'response_time_sum', ...HISTOGRAM_COLUMNS];
    const [least, greatest] = postgres ? ['LEAST', 'GREATEST'] : ['MIN', 'MAX'];
    const t = 'health_check_hourly';
    await q.query(
      `INSERT INTO ${t} (environment_id, hour, ${counted.join(', ')}, response_time_min, response_time_max)
       SELECT environment_id, substr(checked_at, 1, 13) || ':00:00.000Z', COUNT(*),
              SUM(CASE WHEN status = 'healthy' THEN 1 ELSE 0 END),
              SUM(CASE WHEN status = 'warning' THEN 1 ELSE 0 END),
              SUM(CASE WHEN status = 'critical' THEN 1 ELSE 0 END),
              COUNT(response_time_ms), COALESCE(SUM(response_time_ms), 0),
              ${HISTOGRAM_COLUMNS.map((_, i) => bucket(i)).join(', ')},
              MIN(response_time_ms), MAX(response_time_ms)
         FROM health_checks WHERE 1 = 1
        GROUP BY environment_id, substr(checked_at, 1, 13)
       ON CONFLICT (environment_id, hour) DO UPDATE SET
         ${counted.map((c) => `${c} = ${t}.${c} + excluded.${c}`).join(', ')},
         response_time_min = ${least}(COALESCE(${t}.response_time_min, excluded.response_time_min), COALESCE(excluded.response_time_min, ${t}.response_time_min)),
         response_time_max = ${greatest}(COALESCE(${t}.response_time_max, excluded.response_time_max), COALESCE(excluded.response_time_max, ${t}.response_time_max))`,
    );
    await q.query(
      `UPDATE ${t} SET response_time_p50 = ${percentileSql(50, 'response_time_p50', least, greatest)}, response_time_p95 = ${percentileSql(95, 'response_time_p95', least, greatest)}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    // Hourly rows keep the counts of checks still stored raw; the older layout expects them apart.
    await q.query(`ALTER TABLE health_checks ADD COLUMN url varchar(2048) NOT NULL DEFAULT ''`);
    await q.query('UPDATE health_checks SET url = (SELECT u.url FROM health_check_urls u WHERE u.id = health_checks.url_id)');
    await q.query('ALTER TABLE health_checks DROP COLUMN url_id');
    if (postgres) await q.query('ALTER TABLE health_checks ALTER COLUMN url DROP DEFAULT');
    await q.query('DROP TABLE health_check_urls');
    await q.query('DELETE FROM health_check_hourly WHERE hour >= (SELECT MIN(substr(checked_at, 1, 13)) FROM health_checks)');
    for (const column of HISTOGRAM_COLUMNS) await q.query(`ALTER TABLE health_check_hourly DROP COLUMN ${column}`);
    await q.query('ALTER TABLE environment_health DROP COLUMN last_kept_at');
  }
}
