import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { Environment, HealthCheck, HealthCheckTrigger } from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { AutoIncidents } from './auto-incidents.js';
import { EnvironmentHealthEntity } from './environment-health.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';
import { describeCheck } from './health-check.mapping.js';
import { HealthEnvironments } from './health.ports.js';
import type { CheckOutcome } from './health-checker.js';
import { HourlyCounts, hourlyUpsert, percentileUpdate, type HourlySql } from './hourly-counts.js';

export interface CheckResult {
  environmentId: string;
  outcome: CheckOutcome;
  trigger: HealthCheckTrigger;
  /** The deployment whose completion asked for this check. */
  deploymentId: string | null;
}

interface Pending {
  result: CheckResult;
  resolve: (check: HealthCheck | null) => void;
  reject: (error: unknown) => void;
}

/** Results waiting when a write starts go into that one transaction, so thousands of checks a second do not mean thousands of commits. */
const MAX_BATCH = 200;
/** Rows per multi-row statement: far below both databases' limits on parameters. */
const ROWS_PER_STATEMENT = 100;
/** The id a check that was counted but not kept raw is returned with. */
export const NOT_KEPT = 0;

const CHECK_COLUMNS = [
  'environment_id',
  'status',
  'status_code',
  'response_time_ms',
  'error_kind',
  'error_message',
  'url_id',
  'trigger',
  'deployment_id',
  'checked_at',
] as const satisfies ReadonlyArray<keyof HealthCheckEntity>;
const HEALTH_COLUMNS = [
  'environment_id',
  'status',
  'status_since',
  'last_checked_at',
  'last_response_time_ms',
  'consecutive_critical',
  'critical_since',
  'incident_id',
  'incident_streak',
  'last_kept_at',
] as const satisfies ReadonlyArray<keyof EnvironmentHealthEntity>;

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || /FOREIGN KEY constraint failed/.test(error instanceof Error ? error.message : '');
}

/**
 * The one way check results are stored. A batch of results is one transaction: for each result
 * its stored row (when it is kept, below), the environment's current health, a `health_changed`
 * event when its status changes, the deployment's timeline entry for a post-deployment check and
 * auto-incident decisions; then, once for the whole batch, the environments' health rows and the
 * hourly counts (every check, kept or not).
 *
 * Which checks are kept as rows: every check asked for (manual, after a deployment), every check
 * whose status differs from the one before, the one that may open an incident, a failing one when
 * the environment's latest kept check is HEALTH_FAILING_SAMPLE_SECONDS old, a healthy one when it
 * is HEALTH_HEALTHY_SAMPLE_MINUTES old. Nothing depends on the others being there: the streak of
 * critical checks lives in environment_health and the counts in health_check_hourly.
 */
@Injectable()
export class HealthResultsService implements OnModuleDestroy {
  private readonly logger = new Logger(HealthResultsService.name);
  private queue: Pending[] = [];
  /** The driver's positional placeholders: ? for SQLite, $1, $2, … for PostgreSQL. */
  private readonly placeholders: string[] = [];
  private readonly postgres: boolean;
  private readonly hourlySql: HourlySql;
  /** Checked URLs by their id in health_check_urls; only ids committed are remembered. */
  private readonly urlIds = new Map<string, number>();
  private writing: Promise<void> | null = null;
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventsService,
    private readonly timeline: TimelineService,
    private readonly autoIncidents: AutoIncidents,
    private readonly environments: HealthEnvironments,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.postgres = dataSource.options.type === 'postgres';
    this.hourlySql = { postgres: this.postgres, param: (i) => this.param(i) };
  }

  private param(i: number): string {
    while (this.placeholders.length <= i) {
      const n = this.placeholders.length;
      this.placeholders.push(this.dataSource.driver.createParameter(`p${n}`, n));
    }
    return this.placeholders[i]!;
  }

  private params(from: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.param(from + i)).join(', ');
  }

  /** Statement text that depends only on a count, built once per count: rebuilding it per batch was a measurable share of a check's CPU. */
  private text(kind: string, count: number, build: () => string): string {
    const key = `${kind} ${count}`;
    let sql = this.texts.get(key);
    if (sql === undefined) {
      sql = build();
      this.texts.set(key, sql);
    }
    return sql;
  }

  /** Stores a result; resolves with the check (id NOT_KEPT when only counted), or null when the environment was deleted meanwhile. */
  record(result: CheckResult): Promise<HealthCheck | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ result, resolve, reject });
      if (this.writing === null) this.writing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.writing = null;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      const stored = await this.write(batch.map((p) => p.result));
      batch.forEach((pending, i) => pending.resolve(stored[i]!));
    } catch (error) {
      if (batch.length === 1) return isForeignKeyViolation(error) ? batch[0]!.resolve(null) : batch[0]!.reject(error);
      // One bad result must not lose the others: write them one by one.
      for (const pending of batch) {
        try {
          pending.resolve((await this.write([pending.result]))[0]!);
        } catch (single) {
          if (isForeignKeyViolation(single)) {
            // The environment (or the deployment) was deleted while it was being checked.
            pending.resolve(null);
            continue;
          }
          this.logger.error(`Could not record a health check of ${pending.result.environmentId}: ${String(single)}`);
          pending.reject(single);
        }
      }
    }
  }

  private async write(results: CheckResult[]): Promise<Array<HealthCheck | null>> {
    const newUrls = new Map<string, number>();
    const stored = await this.unitOfWork.write((m) => this.apply(m, results, newUrls));
    // Only now: an id from a transaction that rolled back would point nowhere.
    for (const [url, id] of newUrls) this.urlIds.set(url, id);
    return stored;
  }

  /**
   * The hot path of every check, in plain SQL (portable: only the placeholders differ): the query
   * builder's overhead was most of a check's CPU. The environment row is read only when an incident
   * decision needs it; a deleted one makes the health row's write fail its foreign key.
   */
  private async apply(m: EntityManager, results: CheckResult[], newUrls: Map<string, number>): Promise<Array<HealthCheck | null>> {
    const ids = [...new Set(results.map((r) => r.environmentId))].sort();
    // Sorted and locked in that order (PostgreSQL): two writers never wait on each other in a circle.
    const found: EnvironmentHealthEntity[] = await m.query(
      this.text(
        'health',
        ids.length,
        () =>
          `SELECT ${HEALTH_COLUMNS.join(', ')} FROM environment_health WHERE environment_id IN (${this.params(0, ids.length)}) ORDER BY environment_id${this.postgres ? ' FOR UPDATE' : ''}`,
      ),
      ids,
    );
    const healthOf = new Map<string, EnvironmentHealthEntity>(found.map((h) => [h.environment_id, h]));
    const changed = new Map<string, EnvironmentHealthEntity>();
    const hourly = new HourlyCounts();
    const out: Array<HealthCheck | null> = [];

    for (const { environmentId, outcome, trigger, deploymentId } of results) {
      const previous = healthOf.get(environmentId) ?? null;
      const next = this.nextHealth(previous, environmentId, outcome);
      let environment: Environment | null = null;
      if (next.status === 'critical' || previous?.status === 'critical') {
        environment = await this.environments.find(environmentId, m);
        if (!environment) {
          out.push(null);
          continue;
        }
      }
      const keep = this.keeps(trigger, previous, next, environment);
      let id = NOT_KEPT;
      if (keep) {
        const urlId = await this.urlId(m, outcome.url, newUrls);
        const row: Omit<HealthCheckEntity, 'id'> = {
          environment_id: environmentId,
          status: outcome.status,
          status_code: outcome.status_code,
          response_time_ms: outcome.response_time_ms,
          error_kind: outcome.error_kind,
          error_message: outcome.status === 'healthy' ? null : outcome.error_message,
          url_id: urlId,
          trigger,
          deployment_id: deploymentId,
          checked_at: outcome.checked_at,
        };
        const inserted: Array<{ id: number | string }> = await m.query(
          `INSERT INTO health_checks (${CHECK_COLUMNS.join(', ')}) VALUES (${this.params(0, CHECK_COLUMNS.length)}) RETURNING id`,
          CHECK_COLUMNS.map((column) => row[column]),
        );
        id = Number(inserted[0]!.id);
        next.last_kept_at = outcome.checked_at;
      }
      const check: HealthCheck = {
        id,
        environment_id: environmentId,
        status: outcome.status,
        status_code: outcome.status_code,
        response_time_ms: outcome.response_time_ms,
        error_kind: outcome.error_kind,
        error_message: outcome.error_message,
        url: outcome.url,
        trigger,
        deployment_id: deploymentId,
        checked_at: outcome.checked_at,
      };
      // Decides on incidents first: it may link one to this outage, which `next` then remembers.
      if (environment) await this.autoIncidents.afterCheck(m, environment, check, previous, next);
      if (previous?.status !== next.status) {
        await this.events.record(m, 'health', environmentId, 'health_changed', SYSTEM, { from: previous?.status ?? null, to: next.status });
      }
      if (deploymentId) await this.afterDeployment(m, deploymentId, check);
      healthOf.set(environmentId, next);
      changed.set(environmentId, next);
      hourly.add(check);
      out.push(check);
    }

    await this.saveHealth(m, [...changed.values()]);
    const rows = hourly.rows();
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const upsert = hourlyUpsert(this.hourlySql, chunk);
      await m.query(upsert.sql, upsert.values);
      const percentiles = percentileUpdate(this.hourlySql, chunk);
      await m.query(percentiles.sql, percentiles.values);
    }
    return out;
  }

  /** See the class comment. A check the incident engine may act on is kept, so its notes point at a stored check. */
  private keeps(
    trigger: HealthCheckTrigger,
    previous: EnvironmentHealthEntity | null,
    next: EnvironmentHealthEntity,
    environment: Environment | null,
  ): boolean {
    if (trigger !== 'scheduled' || previous === null || previous.status !== next.status) return true;
    if (environment && this.autoIncidents.mayRaise(environment, next)) return true;
    if (previous.last_kept_at === null) return true;
    const every =
      next.status === 'healthy' ? this.config.health.healthySampleMinutes * 60_000 : this.config.health.failingSampleSeconds * 1000;
    return Date.parse(next.last_checked_at) - Date.parse(previous.last_kept_at) >= every;
  }

  private async urlId(m: EntityManager, url: string, newUrls: Map<string, number>): Promise<number> {
    const known = this.urlIds.get(url) ?? newUrls.get(url);
    if (known !== undefined) return known;
    await m.query(`INSERT INTO health_check_urls (url) VALUES (${this.param(0)}) ON CONFLICT (url) DO NOTHING`, [url]);
    const rows: Array<{ id: number | string }> = await m.query(`SELECT id FROM health_check_urls WHERE url = ${this.param(0)}`, [url]);
    const id = Number(rows[0]!.id);
    newUrls.set(url, id);
    return id;
  }

  /** Every changed health row in one statement per ROWS_PER_STATEMENT. */
  private async saveHealth(m: EntityManager, rows: EnvironmentHealthEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const sql = this.text('save', chunk.length, () => {
        const updates = HEALTH_COLUMNS.filter((c) => c !== 'environment_id')
          .map((c) => `${c} = excluded.${c}`)
          .join(', ');
        const tuples = chunk.map((_, r) => `(${this.params(r * HEALTH_COLUMNS.length, HEALTH_COLUMNS.length)})`).join(', ');
        return `INSERT INTO environment_health (${HEALTH_COLUMNS.join(', ')}) VALUES ${tuples} ON CONFLICT (environment_id) DO UPDATE SET ${updates}`;
      });
      await m.query(
        sql,
        chunk.flatMap((row) => HEALTH_COLUMNS.map((c) => row[c])),
      );
    }
  }

  private async afterDeployment(m: EntityManager, deploymentId: string, check: HealthCheck): Promise<void> {
    await this.timeline.append(m, 'deployment', deploymentId, SYSTEM, {
      kind: 'health_check',
      message: `Health check after deployment: ${describeCheck(check)} (${check.url})`,
      data: {
        check_id: check.id,
        status: check.status,
        status_code: check.status_code,
        response_time_ms: check.response_time_ms,
        error_kind: check.error_kind,
        url: check.url,
      },
      at: check.checked_at,
    });
    await this.events.record(m, 'deployment', deploymentId, 'health_check', SYSTEM);
  }

  private nextHealth(previous: EnvironmentHealthEntity | null, environmentId: string, outcome: CheckOutcome): EnvironmentHealthEntity {
    const critical = outcome.status === 'critical';
    return {
      environment_id: environmentId,
      status: outcome.status,
      status_since: previous && previous.status === outcome.status ? previous.status_since : outcome.checked_at,
      last_checked_at: outcome.checked_at,
      last_response_time_ms: outcome.response_time_ms,
      consecutive_critical: critical ? (previous?.consecutive_critical ?? 0) + 1 : 0,
      critical_since: critical ? (previous?.critical_since ?? outcome.checked_at) : null,
      incident_id: previous?.incident_id ?? null,
      incident_streak: previous?.incident_streak ?? null,
      last_kept_at: previous?.last_kept_at ?? null,
    };
  }

  /** Lets results already taken be written before the database closes. */
  async onModuleDestroy(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
  }
}
