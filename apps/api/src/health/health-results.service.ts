import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { HealthCheck, HealthCheckTrigger } from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { AutoIncidents } from './auto-incidents.js';
import { EnvironmentHealthEntity } from './environment-health.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';
import { describeCheck, toHealthCheck } from './health-check.mapping.js';
import { HealthEnvironments } from './health.ports.js';
import type { CheckOutcome } from './health-checker.js';

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

const CHECK_COLUMNS = [
  'environment_id',
  'status',
  'status_code',
  'response_time_ms',
  'error_kind',
  'error_message',
  'url',
  'trigger',
  'deployment_id',
  'checked_at',
] as const;
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
] as const satisfies ReadonlyArray<keyof EnvironmentHealthEntity>;

/**
 * The one way check results are stored. Each result, in one transaction: the check row, the
 * environment's current health, a `health_changed` event when its status changes, the
 * deployment's timeline entry for a post-deployment check, and auto-incident decisions.
 */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || /FOREIGN KEY constraint failed/.test(error instanceof Error ? error.message : '');
}

@Injectable()
export class HealthResultsService implements OnModuleDestroy {
  private readonly logger = new Logger(HealthResultsService.name);
  private queue: Pending[] = [];
  /** The driver's positional placeholders: ? for SQLite, $1, $2, … for PostgreSQL. */
  private readonly placeholders: string[];
  /**
   * PostgreSQL lets writers run side by side: the environment's health row is locked while a result
   * is applied, so two instances never both open an incident for one outage. SQLite has one writer.
   */
  private readonly lockRow: string;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventsService,
    private readonly timeline: TimelineService,
    private readonly autoIncidents: AutoIncidents,
    private readonly environments: HealthEnvironments,
    dataSource: DataSource,
  ) {
    this.placeholders = Array.from({ length: 16 }, (_, i) => dataSource.driver.createParameter(`p${i}`, i));
    this.lockRow = dataSource.options.type === 'postgres' ? ' FOR UPDATE' : '';
  }

  /** Stores a result; resolves with the stored check, or null when the environment was deleted meanwhile. */
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
      const stored = await this.unitOfWork.write(async (m) => {
        const out: Array<HealthCheck | null> = [];
        for (const pending of batch) out.push(await this.apply(m, pending.result));
        return out;
      });
      batch.forEach((pending, i) => pending.resolve(stored[i]!));
    } catch (error) {
      if (batch.length === 1) return isForeignKeyViolation(error) ? batch[0]!.resolve(null) : batch[0]!.reject(error);
      // One bad result must not lose the others: write them one by one.
      for (const pending of batch) {
        try {
          pending.resolve(await this.unitOfWork.write((m) => this.apply(m, pending.result)));
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

  /**
   * The hot path of every check, in plain SQL (portable: only the placeholders differ): the
   * query builder's overhead was most of a check's CPU. The environment row is read only when an
   * incident decision needs it; a deleted one makes the insert fail its foreign key.
   */
  private async apply(m: EntityManager, { environmentId, outcome, trigger, deploymentId }: CheckResult): Promise<HealthCheck | null> {
    const p = this.placeholders;
    const row: Omit<HealthCheckEntity, 'id'> = {
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
    const inserted: Array<{ id: number | string }> = await m.query(
      `INSERT INTO health_checks (${CHECK_COLUMNS.join(', ')}) VALUES (${p.slice(0, CHECK_COLUMNS.length).join(', ')}) RETURNING id`,
      CHECK_COLUMNS.map((column) => row[column]),
    );
    const check = toHealthCheck({ ...row, id: Number(inserted[0]!.id) });

    const found: EnvironmentHealthEntity[] = await m.query(
      `SELECT ${HEALTH_COLUMNS.join(', ')} FROM environment_health WHERE environment_id = ${p[0]}${this.lockRow}`,
      [environmentId],
    );
    const previous = found[0] ?? null;
    const next = this.nextHealth(previous, check);
    if (check.status === 'critical' || previous?.status === 'critical') {
      const environment = await this.environments.find(environmentId, m);
      // Decides on incidents first: it may link one to this outage, which `next` then remembers.
      if (environment) await this.autoIncidents.afterCheck(m, environment, check, previous, next);
    }
    if (previous) {
      const columns = HEALTH_COLUMNS.filter((c) => c !== 'environment_id');
      await m.query(
        `UPDATE environment_health SET ${columns.map((c, i) => `${c} = ${p[i]}`).join(', ')} WHERE environment_id = ${p[columns.length]}`,
        [...columns.map((c) => next[c]), environmentId],
      );
    } else {
      await m.query(
        `INSERT INTO environment_health (${HEALTH_COLUMNS.join(', ')}) VALUES (${p.slice(0, HEALTH_COLUMNS.length).join(', ')})`,
        HEALTH_COLUMNS.map((c) => next[c]),
      );
    }
    if (previous?.status !== next.status) {
      await this.events.record(m, 'health', environmentId, 'health_changed', SYSTEM, { from: previous?.status ?? null, to: next.status });
    }

    if (deploymentId) {
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
    return check;
  }

  private nextHealth(previous: EnvironmentHealthEntity | null, check: HealthCheck): EnvironmentHealthEntity {
    const critical = check.status === 'critical';
    return {
      environment_id: check.environment_id,
      status: check.status,
      status_since: previous && previous.status === check.status ? previous.status_since : check.checked_at,
      last_checked_at: check.checked_at,
      last_response_time_ms: check.response_time_ms,
      consecutive_critical: critical ? (previous?.consecutive_critical ?? 0) + 1 : 0,
      critical_since: critical ? (previous?.critical_since ?? check.checked_at) : null,
      incident_id: previous?.incident_id ?? null,
      incident_streak: previous?.incident_streak ?? null,
    };
  }

  /** Lets results already taken be written before the database closes. */
  async onModuleDestroy(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
  }
}
