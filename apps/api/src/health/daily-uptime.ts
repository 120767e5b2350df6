import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { HealthStatus, UptimeDay } from '../domain.js';
import { EnvironmentHealthEntity } from './environment-health.entity.js';
import { currentStatus } from './health-stats.service.js';
import { HealthEnvironments } from './health.ports.js';
import { DAY_MS } from '../common/durations.js';

/** Percent with three decimals, as the other uptime figures. */
const percent = (up: number, total: number) => (total === 0 ? null : Math.round((up / total) * 100_000) / 1000);

interface DayRow {
  env: string;
  day: string;
  checks: string | number | null;
  critical: string | number | null;
}

/**
 * Health as the public status page shows it: each environment's status now, and its uptime per
 * UTC day. An hour counts from its hourly aggregate when there is one, and from raw checks only
 * when there is none, so no check is counted twice whether hours are rolled up after the fact or
 * kept up to date as checks are written.
 */
@Injectable()
export class DailyUptime {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: HealthEnvironments,
    private readonly clock: Clock,
  ) {}

  async current(environmentIds: string[]): Promise<Map<string, { status: HealthStatus; since: string | null }>> {
    const result = new Map<string, { status: HealthStatus; since: string | null }>();
    if (environmentIds.length === 0) return result;
    const [environments, health] = await Promise.all([
      this.environments.byIds(environmentIds),
      this.dataSource.getRepository(EnvironmentHealthEntity).find({ where: environmentIds.map((environment_id) => ({ environment_id })) }),
    ]);
    const byId = new Map(health.map((h) => [h.environment_id, h]));
    for (const environment of environments) {
      const latest = byId.get(environment.id) ?? null;
      const status = currentStatus(environment, latest);
      result.set(environment.id, { status, since: status === 'unknown' ? null : (latest?.status_since ?? null) });
    }
    return result;
  }

  async daily(environmentIds: string[], days: number): Promise<Map<string, UptimeDay[]>> {
    const today = Math.floor(Date.parse(this.clock.now()) / DAY_MS) * DAY_MS;
    const dates = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
    const result = new Map<string, UptimeDay[]>();
    if (environmentIds.length === 0) return result;
    const params = { ids: environmentIds, since: `${dates[0]}T00:00:00.000Z` };
    const [hourly, raw] = await Promise.all([
      this.select(
        `SELECT a.environment_id AS env, SUBSTR(a.hour, 1, 10) AS day, SUM(a.checks) AS checks, SUM(a.critical) AS critical
         FROM health_check_hourly a
         WHERE a.environment_id IN (:...ids) AND a.hour >= :since
         GROUP BY a.environment_id, SUBSTR(a.hour, 1, 10)`,
        params,
      ),
      this.select(
        `SELECT h.environment_id AS env, SUBSTR(h.checked_at, 1, 10) AS day, COUNT(*) AS checks,
                SUM(CASE WHEN h.status = 'critical' THEN 1 ELSE 0 END) AS critical
         FROM health_checks h
         WHERE h.environment_id IN (:...ids) AND h.checked_at >= :since
           AND NOT EXISTS (SELECT 1 FROM health_check_hourly a
                           WHERE a.environment_id = h.environment_id AND a.hour = SUBSTR(h.checked_at, 1, 13) || ':00:00.000Z')
         GROUP BY h.environment_id, SUBSTR(h.checked_at, 1, 10)`,
        params,
      ),
    ]);
    const totals = new Map<string, { checks: number; critical: number }>();
    for (const row of [...hourly, ...raw]) {
      const key = `${row.env} ${row.day}`;
      const sum = totals.get(key) ?? { checks: 0, critical: 0 };
      sum.checks += Number(row.checks ?? 0);
      sum.critical += Number(row.critical ?? 0);
      totals.set(key, sum);
    }
    for (const id of environmentIds) {
      result.set(
        id,
        dates.map((date) => {
          const sum = totals.get(`${id} ${date}`) ?? { checks: 0, critical: 0 };
          return { date, checks: sum.checks, uptime: percent(sum.checks - sum.critical, sum.checks) };
        }),
      );
    }
    return result;
  }

  private async select(text: string, params: Record<string, unknown>): Promise<DayRow[]> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(text, params);
    return (await this.dataSource.query(sql, values)) as DayRow[];
  }
}
