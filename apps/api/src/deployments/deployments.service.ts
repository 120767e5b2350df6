import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Actor } from '../common/request-context.js';
import { pageByKeyset, byColumns, type SortKey } from '../database/keyset.js';
import { likePattern, tagPattern } from '../database/like.js';
import { diff, forUpdate, refuseStaleRevision, writeChanges } from '../database/revision.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { resolveWindow } from '../common/stats-window.js';
import {
  DEPLOYMENT_PLAN_FIELDS,
  DEPLOYMENT_STATUSES,
  DomainError,
  LIMITS,
  actionForDeploymentStatus,
  allowedDeploymentActions,
  canDoDeploymentAction,
  defaultRollbackTarget,
  deploymentTransitionError,
  rankOf,
  requireDeploymentAction,
  type Deployment,
  type DeploymentAction,
  type DeploymentCircumstances,
  type DeploymentDetail,
  type DeploymentSort,
  type DeploymentStats,
  type DeploymentStatus,
  type Page,
  type TimelineEntry,
} from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { DomainEvents } from '../events/domain-events.js';
import { TimelineService, type TimelineRecord } from '../timeline/timeline.service.js';
import { DeployHookCaller } from './deploy-hook.caller.js';
import { DeploymentEntity } from './deployment.entity.js';
import { DeploymentEnvironments } from './deployment.ports.js';
import {
  COMMIT_CLOCK_SKEW_SECONDS,
  type DeploymentCompletion,
  type DeploymentCreate,
  type DeploymentFailure,
  type DeploymentQuery,
  type DeploymentRollback,
  type DeploymentStatsQuery,
  type DeploymentUpdate,
  type ProgressReport,
  type TimelineQuery,
} from '../contracts.js';

/** Unscheduled deployments sort by when they were planned, so "by schedule" still shows everything. */
const SCHEDULED = 'COALESCE(d.scheduled_at, d.created_at)';

const SORTS: Record<DeploymentSort, SortKey<DeploymentEntity>[]> = {
  scheduled_desc: [
    { expr: SCHEDULED, dir: 'DESC', value: (r) => r.scheduled_at ?? r.created_at },
    { expr: 'd.id', dir: 'DESC', value: (r) => r.id },
  ],
  scheduled_asc: [
    { expr: SCHEDULED, dir: 'ASC', value: (r) => r.scheduled_at ?? r.created_at },
    { expr: 'd.id', dir: 'ASC', value: (r) => r.id },
  ],
  created_desc: byColumns('d', ['created_at', 'DESC'], ['id', 'DESC']),
  created_asc: byColumns('d', ['created_at', 'ASC'], ['id', 'ASC']),
  status: byColumns('d', ['status_rank', 'ASC'], ['created_at', 'DESC'], ['id', 'DESC']),
};

/** Fields a PATCH may clear with null; for every other field null is a mistake, not "no change". */
const NULLABLE_FIELDS = new Set(['scheduled_at', 'rollback_version']);

/**
 * The partial unique index (migration OneDeploymentInProgress1764806400000) that keeps a second
 * deployment of an environment from being in progress, even when two writers race past the check.
 */
const ONE_IN_PROGRESS_INDEX = 'idx_deployments_one_in_progress';

/** The database refused a second in-progress deployment of one environment (PostgreSQL names the index; SQLite the column). */
function isSecondRunViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code === '23505') return e.constraint === ONE_IN_PROGRESS_INDEX || message.includes(ONE_IN_PROGRESS_INDEX);
  return /UNIQUE constraint failed: deployments\.environment_id\b/.test(message);
}

/** What decides allowed_actions beyond the status; `environmentBusy` matters only for planned deployments. */
function circumstancesOf(d: DeploymentEntity, environmentBusy: boolean): DeploymentCircumstances {
  return { rollbackTarget: defaultRollbackTarget(d), environmentBusy };
}

/**
 * A deployment as every interface shows it. allowed_actions is exact: for a planned deployment,
 * `environmentBusy` must say whether another one of its environment is in progress (see `present`).
 */
export function toDeployment(d: DeploymentEntity, environmentBusy = false): Deployment {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    environment_id: d.environment_id,
    version: d.version,
    deployment_type: d.deployment_type,
    status: d.status,
    deployment_config: d.deployment_config,
    scheduled_at: d.scheduled_at,
    rollback_version: d.rollback_version,
    previous_version: d.previous_version,
    commit_at: d.commit_at,
    tags: d.tags,
    notes: d.notes,
    progress_percentage: d.progress_percentage,
    progress_message: d.progress_message,
    failure_reason: d.failure_reason,
    rollback_reason: d.rollback_reason,
    rolled_back_to: d.rolled_back_to,
    allowed_actions: allowedDeploymentActions(d.status, circumstancesOf(d, environmentBusy)),
    revision: d.revision,
    created_at: d.created_at,
    updated_at: d.updated_at,
    started_at: d.started_at,
    completed_at: d.completed_at,
  };
}

/** A deployment as delivery metrics read it (see executedBetween). */
export type ExecutedDeployment = Pick<DeploymentEntity, 'id' | 'status' | 'created_at' | 'commit_at' | 'completed_at'> & {
  started_at: string;
};

const unique = (values: string[] | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : undefined);
const utc = (instant: string) => new Date(instant).toISOString();

/** One thing that happens to a deployment: the columns it sets, and how it is told on the timeline and the change log. */
interface Step {
  values: Partial<DeploymentEntity>;
  record: TimelineRecord;
  event: string;
  /** Set by execute when the environment has a deploy hook, to be called once the write is committed. */
  hookUrl?: string;
}

interface ActionInput {
  percentage?: number;
  message?: string;
  notes?: string;
  reason?: string;
  rollbackVersion?: string;
}

interface Applied {
  row: DeploymentEntity;
  hookUrl?: string;
  /** The write completed the deployment: its environment is checked once it is committed. */
  completed?: boolean;
}

@Injectable()
export class DeploymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly environments: DeploymentEnvironments,
    private readonly timeline: TimelineService,
    private readonly events: EventsService,
    private readonly hooks: DeployHookCaller,
    private readonly domainEvents: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** Refused as a 400 on deployment_id when no deployment has this id (for records that point at one). */
  async requireReference(id: string, m: EntityManager): Promise<void> {
    if (!(await m.exists(DeploymentEntity, { where: { id } }))) {
      throw DomainError.validation('deployment_id', `no deployment has the id "${id}"; list deployments to find it`);
    }
  }

  /** How many deployments point at an environment (an environment they point at is not deleted). */
  countForEnvironment(environmentId: string, m: EntityManager): Promise<number> {
    return m.count(DeploymentEntity, { where: { environment_id: environmentId } });
  }

  /** The deployment that last ran in an environment: started, newest by completion or start. */
  async lastStarted(m: EntityManager, environmentId: string): Promise<Deployment | null> {
    const found = await m
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .where('d.environment_id = :environmentId AND d.started_at IS NOT NULL', { environmentId })
      .orderBy('COALESCE(d.completed_at, d.started_at)', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .getOne();
    // Started, so never planned: its allowed actions do not depend on the environment.
    return found ? toDeployment(found) : null;
  }

  /** The deployment planned last for an environment, whatever its status. */
  async lastPlanned(environmentId: string): Promise<Deployment | null> {
    const m = this.dataSource.manager;
    const found = await m
      .getRepository(DeploymentEntity)
      .findOne({ where: { environment_id: environmentId }, order: { created_at: 'DESC', id: 'DESC' } });
    return found ? ((await this.present(m, [found]))[0] ?? null) : null;
  }

  /**
   * Deployments executed in a window (by started_at), of one environment or all: what delivery
   * metrics measure. Only the columns they need, read by the started_at indexes.
   */
  executedBetween(since: string, until: string, environmentId: string | null): Promise<ExecutedDeployment[]> {
    const qb = this.dataSource
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .select(['d.id', 'd.status', 'd.created_at', 'd.commit_at', 'd.started_at', 'd.completed_at'])
      .where('d.started_at >= :since AND d.started_at <= :until', { since, until });
    if (environmentId !== null) qb.andWhere('d.environment_id = :environmentId', { environmentId });
    return qb.getMany() as Promise<ExecutedDeployment[]>;
  }

  async require(id: string, manager: EntityManager = this.dataSource.manager): Promise<DeploymentEntity> {
    // Inside a write: locked on PostgreSQL until it commits, so concurrent edits of one deployment take turns.
    const found = await manager.findOne(DeploymentEntity, { where: { id }, ...forUpdate(manager) });
    if (!found) throw DomainError.notFound('deployment', id, 'List deployments to find one.');
    return found;
  }

  async get(id: string): Promise<DeploymentDetail> {
    const m = this.dataSource.manager;
    const row = await this.require(id, m);
    const [deployment] = await this.present(m, [row]);
    return { ...deployment!, ...(await this.timeline.window(m, 'deployment', row.id)) };
  }

  /** Its timeline a page at a time, newest first page by page (the detail shows only the newest entries). */
  async timelinePage(id: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    const m = this.dataSource.manager;
    const row = await this.require(id, m);
    return this.timeline.page(m, 'deployment', row.id, query);
  }

  /**
   * Deployments as the API shows them, allowed_actions exact: the environments of the planned ones
   * are checked for a running deployment in one query (answered by the partial unique index).
   */
  private async present(m: EntityManager, rows: DeploymentEntity[]): Promise<Deployment[]> {
    const planned = [...new Set(rows.filter((r) => r.status === 'planned').map((r) => r.environment_id))];
    const busy = new Set<string>();
    if (planned.length > 0) {
      const running = await m
        .createQueryBuilder(DeploymentEntity, 'd')
        .select('d.environment_id', 'environment_id')
        // A literal status (not a parameter), so SQLite may answer it from the partial index.
        .where("d.status = 'in_progress' AND d.environment_id IN (:...planned)", { planned })
        .getRawMany<{ environment_id: string }>();
      for (const r of running) busy.add(r.environment_id);
    }
    return rows.map((r) => toDeployment(r, busy.has(r.environment_id)));
  }

  /** The deployment in progress in an environment, if any (at most one: the partial unique index). */
  private runningIn(m: EntityManager, environmentId: string): Promise<DeploymentEntity | null> {
    return m
      .createQueryBuilder(DeploymentEntity, 'd')
      .where("d.environment_id = :environmentId AND d.status = 'in_progress'", { environmentId })
      .getOne();
  }

  private async circumstances(m: EntityManager, d: DeploymentEntity): Promise<DeploymentCircumstances> {
    return circumstancesOf(d, d.status === 'planned' && (await this.runningIn(m, d.environment_id)) !== null);
  }

  /** Throws unless the status allows `action`, listing exactly what is allowed instead. */
  private async requireAction(m: EntityManager, d: DeploymentEntity, action: DeploymentAction, reason?: string): Promise<void> {
    if (canDoDeploymentAction(d.status, action)) return;
    requireDeploymentAction(d.status, action, reason, await this.circumstances(m, d));
  }

  /** The refusal of a second deployment in progress in one environment. */
  private secondRun(d: DeploymentEntity, running: DeploymentEntity, environmentName: string): DomainError {
    return new DomainError(
      'conflict',
      `Cannot execute ${d.id}: deployment ${running.id} "${running.title}" (${running.version}) is already in progress in ${environmentName}. Complete, fail or roll it back first; an environment runs one deployment at a time.`,
      { current_status: d.status, allowed_actions: allowedDeploymentActions(d.status, circumstancesOf(d, true)) },
    );
  }

  /** After the database refused a second run (two executes raced past the check): the same refusal, naming the winner. */
  private async secondRunRefusal(id: string): Promise<DomainError> {
    const m = this.dataSource.manager;
    const d = await this.require(id, m);
    const running = await this.runningIn(m, d.environment_id);
    if (!running || running.id === d.id) {
      return new DomainError('conflict', 'Another deployment of this environment started at the same moment; reload it and try again.');
    }
    const environment = await this.environments.require(d.environment_id, m);
    return this.secondRun(d, running, environment.name);
  }

  async list(query: DeploymentQuery): Promise<Page<Deployment>> {
    const qb = this.dataSource.getRepository(DeploymentEntity).createQueryBuilder('d');
    if (query.environment_id) {
      const environment = await this.environments.resolve(query.environment_id, 'environment_id');
      qb.andWhere('d.environment_id = :environmentId', { environmentId: environment.id });
    }
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.deployment_type) qb.andWhere('d.deployment_type = :type', { type: query.deployment_type });
    if (query.tag) qb.andWhere("d.tags LIKE :tag ESCAPE '\\'", { tag: tagPattern(query.tag) });
    if (query.search) {
      qb.andWhere(
        "(LOWER(d.title) LIKE :q ESCAPE '\\' OR LOWER(d.description) LIKE :q ESCAPE '\\' OR LOWER(d.version) LIKE :q ESCAPE '\\')",
        {
          q: likePattern(query.search),
        },
      );
    }
    const page = await pageByKeyset(qb, SORTS[query.sort_by ?? 'created_desc'], query.limit, query.cursor);
    return { ...page, items: await this.present(this.dataSource.manager, page.items) };
  }

  async stats(query: DeploymentStatsQuery): Promise<DeploymentStats> {
    const { since, until } = resolveWindow(query, this.clock.now());
    const qb = this.dataSource
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.created_at >= :since AND d.created_at <= :until', { since, until })
      .groupBy('d.status');
    if (query.environment_id) {
      const environment = await this.environments.resolve(query.environment_id, 'environment_id');
      qb.andWhere('d.environment_id = :environmentId', { environmentId: environment.id });
    }
    const rows = await qb.getRawMany<{ status: DeploymentStatus; count: number | string }>();
    const by_status = Object.fromEntries(DEPLOYMENT_STATUSES.map((s) => [s, 0])) as Record<DeploymentStatus, number>;
    for (const row of rows) by_status[row.status] = Number(row.count);
    const finished = by_status.completed + by_status.failed + by_status.rolled_back;
    return {
      window: { since, until },
      total: Object.values(by_status).reduce((a, b) => a + b, 0),
      by_status,
      success_rate: finished === 0 ? null : by_status.completed / finished,
    };
  }

  async create(dto: DeploymentCreate, by: Actor): Promise<Deployment> {
    return this.unitOfWork.write(async (m) => {
      const environment = await this.environments.resolve(dto.environment_id, 'environment_id', m);
      const now = this.clock.now();
      const commitAt = dto.commit_at ? utc(dto.commit_at) : null;
      if (commitAt && Date.parse(commitAt) > Date.parse(now) + COMMIT_CLOCK_SKEW_SECONDS * 1000) {
        throw DomainError.validation('commit_at', `must not be in the future (now is ${now}); give the time the change was committed`);
      }
      const row: DeploymentEntity = {
        id: newId('dep'),
        title: dto.title.trim(),
        description: dto.description ?? '',
        environment_id: environment.id,
        version: dto.version.trim(),
        deployment_type: dto.deployment_type,
        status: 'planned',
        status_rank: rankOf(DEPLOYMENT_STATUSES, 'planned'),
        deployment_config: dto.deployment_config ?? {},
        scheduled_at: dto.scheduled_at ? utc(dto.scheduled_at) : null,
        rollback_version: dto.rollback_version?.trim() || null,
        previous_version: null,
        tags: unique(dto.tags) ?? [],
        notes: dto.notes ?? '',
        progress_percentage: null,
        progress_message: null,
        failure_reason: null,
        rollback_reason: null,
        rolled_back_to: null,
        revision: 1,
        created_at: now,
        updated_at: now,
        started_at: null,
        completed_at: null,
        commit_at: commitAt,
      };
      // simple-json columns take any JSON value; TypeORM's deep-partial type cannot express `unknown`.
      await m.insert(DeploymentEntity, row as QueryDeepPartialEntity<DeploymentEntity>);
      const when = row.scheduled_at ? `, scheduled for ${row.scheduled_at}` : '';
      await this.timeline.append(m, 'deployment', row.id, by, {
        kind: 'created',
        message: `Planned ${row.version} (${row.deployment_type}) to ${environment.name}${when}`,
        data: {
          environment_id: row.environment_id,
          environment_name: environment.name,
          version: row.version,
          deployment_type: row.deployment_type,
          scheduled_at: row.scheduled_at,
        },
      });
      await this.events.record(m, 'deployment', row.id, 'created', by);
      const [deployment] = await this.present(m, [row]);
      return deployment!;
    });
  }

  /** Field edits and, with `status`, the matching lifecycle action: one write, one revision. */
  async update(id: string, dto: DeploymentUpdate, by: Actor): Promise<Deployment> {
    const wrongNull = Object.entries(dto).find(([field, value]) => value === null && !NULLABLE_FIELDS.has(field));
    if (wrongNull) throw DomainError.validation(wrongNull[0], 'cannot be null; leave it out to keep the current value');

    return this.run(id, async (m, now) => {
      const current = await this.require(id, m);
      refuseStaleRevision('deployment', current.revision, dto.revision);
      const environment =
        dto.environment_id === undefined ? undefined : await this.environments.resolve(dto.environment_id, 'environment_id', m);
      const patch: Partial<DeploymentEntity> = {
        title: dto.title?.trim(),
        description: dto.description,
        environment_id: environment?.id,
        version: dto.version?.trim(),
        deployment_type: dto.deployment_type,
        deployment_config: dto.deployment_config,
        scheduled_at: dto.scheduled_at === undefined ? undefined : dto.scheduled_at === null ? null : utc(dto.scheduled_at),
        rollback_version: dto.rollback_version === undefined ? undefined : dto.rollback_version?.trim() || null,
        tags: unique(dto.tags),
        notes: dto.notes,
      };
      const changes = diff(current, patch);
      const planChanges = DEPLOYMENT_PLAN_FIELDS.filter((field) => field in changes);
      if (planChanges.length > 0) {
        await this.requireAction(
          m,
          current,
          'edit',
          `${planChanges.join(', ')} can change only while it is planned, because they record what actually ran; plan a new deployment instead.`,
        );
      }
      const action = await this.actionForPatch(m, current, dto);

      const steps: Step[] = [];
      const values = Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to])) as Partial<DeploymentEntity>;
      if (Object.keys(changes).length > 0) {
        steps.push({
          values,
          record: { kind: 'updated', message: `Changed ${Object.keys(changes).join(', ')}`, changes },
          event: 'updated',
        });
      }
      if (action) {
        const edited = { ...current, ...values };
        steps.push(await this.step(m, edited, action, { reason: dto.failure_reason ?? dto.rollback_reason }, by, now));
      }
      return steps.length === 0 ? { row: current } : this.apply(m, current, steps, by, now);
    });
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const current = await this.require(id, m);
      await this.requireAction(m, current, 'delete', 'Only planned deployments can be deleted; one that has run stays on record.');
      await this.timeline.removeAll(m, 'deployment', current.id);
      await m.delete(DeploymentEntity, { id: current.id });
      await this.events.record(m, 'deployment', current.id, 'deleted', by);
    });
  }

  execute(id: string, by: Actor): Promise<Deployment> {
    return this.act(id, 'execute', {}, by);
  }

  reportProgress(id: string, dto: ProgressReport, by: Actor): Promise<Deployment> {
    return this.act(id, 'progress', { percentage: dto.percentage, message: dto.message }, by);
  }

  complete(id: string, dto: DeploymentCompletion, by: Actor): Promise<Deployment> {
    return this.act(id, 'complete', { notes: dto.notes }, by);
  }

  fail(id: string, dto: DeploymentFailure, by: Actor): Promise<Deployment> {
    return this.act(id, 'fail', { reason: dto.reason }, by);
  }

  rollback(id: string, dto: DeploymentRollback, by: Actor): Promise<Deployment> {
    return this.act(id, 'rollback', { reason: dto.reason, rollbackVersion: dto.rollback_version }, by);
  }

  private act(id: string, action: DeploymentAction, input: ActionInput, by: Actor): Promise<Deployment> {
    return this.run(id, async (m, now) => {
      const current = await this.require(id, m);
      return this.apply(m, current, [await this.step(m, current, action, input, by, now)], by, now);
    });
  }

  /**
   * Runs a write and, once it is committed, calls the deploy hook it asked for, or health-checks the
   * environment of a deployment it completed, without making the caller wait.
   */
  private async run(id: string, work: (m: EntityManager, now: string) => Promise<Applied>): Promise<Deployment> {
    let applied: Applied & { deployment: Deployment };
    try {
      applied = await this.unitOfWork.write(async (m) => {
        const result = await work(m, this.clock.now());
        const [deployment] = await this.present(m, [result.row]);
        return { ...result, deployment: deployment! };
      });
    } catch (error) {
      if (isSecondRunViolation(error)) throw await this.secondRunRefusal(id);
      throw error;
    }
    const { deployment, hookUrl, completed } = applied;
    if (hookUrl) this.hooks.call(hookUrl, deployment);
    if (completed) this.domainEvents.emit('deployment.completed', { deployment });
    return deployment;
  }

  private async apply(m: EntityManager, current: DeploymentEntity, steps: Step[], by: Actor, now: string): Promise<Applied> {
    const values: Partial<DeploymentEntity> = Object.assign({}, ...steps.map((s) => s.values));
    const revision = await writeChanges(m, DeploymentEntity, 'deployment', current, { ...values, updated_at: now });
    for (const step of steps) {
      await this.timeline.append(m, 'deployment', current.id, by, step.record);
      await this.events.record(m, 'deployment', current.id, step.event, by);
    }
    return {
      row: { ...current, ...values, updated_at: now, revision },
      hookUrl: steps.find((s) => s.hookUrl)?.hookUrl,
      completed: steps.some((s) => s.event === 'completed'),
    };
  }

  private async actionForPatch(m: EntityManager, current: DeploymentEntity, dto: DeploymentUpdate): Promise<DeploymentAction | undefined> {
    const status = current.status;
    let action: DeploymentAction | undefined;
    if (dto.status !== undefined && dto.status !== status) {
      action = actionForDeploymentStatus(status, dto.status);
      if (!action) {
        const message = `Cannot move a deployment from ${status} to ${dto.status}.`;
        throw deploymentTransitionError(status, message, await this.circumstances(m, current));
      }
    }
    if (action === 'fail' && !dto.failure_reason?.trim()) {
      throw DomainError.validation('failure_reason', 'is required to mark a deployment failed: say what went wrong');
    }
    if (dto.failure_reason !== undefined && action !== 'fail') {
      throw DomainError.validation('failure_reason', 'is taken only together with status failed');
    }
    if (dto.rollback_reason !== undefined && action !== 'rollback') {
      throw DomainError.validation('rollback_reason', 'is taken only together with status rolled_back');
    }
    return action;
  }

  /** The rules of each lifecycle action, shared by the action routes and PATCH with a status. */
  private async step(
    m: EntityManager,
    d: DeploymentEntity,
    action: DeploymentAction,
    input: ActionInput,
    by: Actor,
    now: string,
  ): Promise<Step> {
    await this.requireAction(m, d, action);
    const moveTo = (status: DeploymentStatus) => ({
      values: { status, status_rank: rankOf(DEPLOYMENT_STATUSES, status) },
      changes: { status: { from: d.status, to: status } },
    });

    switch (action) {
      case 'execute': {
        const environment = await this.environments.require(d.environment_id, m);
        // Checked here for a clear answer; the partial unique index holds it when two executes race (see run()).
        const running = await this.runningIn(m, d.environment_id);
        if (running) throw this.secondRun(d, running, environment.name);
        const move = moveTo('in_progress');
        const hookUrl = environment.deploy_hook_url ?? undefined;
        const next = hookUrl ? 'calling the deploy hook' : 'report progress through the API';
        // What the environment runs now is what a rollback restores, whatever happens to this deployment.
        const previous = environment.current_version;
        return {
          values: { ...move.values, started_at: now, progress_percentage: 0, progress_message: null, previous_version: previous },
          record: {
            kind: 'executed',
            message: `Started deploying ${d.version} to ${environment.name}; ${next}`,
            changes: move.changes,
            data: {
              environment_id: environment.id,
              environment_name: environment.name,
              version: d.version,
              previous_version: previous,
              deploy_hook: Boolean(hookUrl),
            },
          },
          event: 'executed',
          hookUrl,
        };
      }
      case 'progress': {
        const percentage = input.percentage ?? 0;
        const message = input.message?.trim() || null;
        return {
          values: { progress_percentage: percentage, progress_message: message },
          record: { kind: 'progress', message: `Progress ${percentage}%${message ? `: ${message}` : ''}`, data: { percentage, message } },
          event: 'progress',
        };
      }
      case 'complete': {
        const environment = await this.environments.require(d.environment_id, m);
        const { previous } = await this.environments.setCurrentVersion(m, environment.id, d.version, by);
        const move = moveTo('completed');
        const notes = input.notes?.trim();
        const combinedNotes = notes ? [d.notes, notes].filter(Boolean).join('\n\n') : undefined;
        if (combinedNotes !== undefined && combinedNotes.length > LIMITS.textMax) {
          throw DomainError.validation('notes', `the deployment's notes would exceed ${LIMITS.textMax} characters; shorten them`);
        }
        const was = previous && previous !== d.version ? ` (was ${previous})` : '';
        return {
          values: {
            ...move.values,
            completed_at: now,
            progress_percentage: 100,
            // Recorded when it started; deployments started before that was done learn it now.
            previous_version: d.previous_version ?? previous,
            ...(combinedNotes !== undefined ? { notes: combinedNotes } : {}),
          },
          record: {
            kind: 'completed',
            message: `Completed: ${environment.name} now runs ${d.version}${was}${notes ? `. Notes: ${notes}` : ''}`,
            changes: move.changes,
            data: {
              environment_id: environment.id,
              environment_name: environment.name,
              version: d.version,
              previous_version: previous,
              notes: notes ?? null,
            },
          },
          event: 'completed',
        };
      }
      case 'fail': {
        const reason = input.reason?.trim();
        if (!reason) throw DomainError.validation('reason', 'is required: say what went wrong');
        const move = moveTo('failed');
        return {
          values: { ...move.values, failure_reason: reason },
          record: { kind: 'failed', message: `Failed: ${reason}`, changes: move.changes, data: { reason } },
          event: 'failed',
        };
      }
      case 'rollback': {
        const target = input.rollbackVersion?.trim() || defaultRollbackTarget(d);
        if (!target) {
          throw new DomainError(
            'conflict',
            'No version to roll back to; pass rollback_version. This deployment has no rollback_version, and its environment ran no known version when it started.',
            { current_status: d.status, allowed_actions: allowedDeploymentActions(d.status, circumstancesOf(d, false)) },
          );
        }
        const environment = await this.environments.require(d.environment_id, m);
        await this.environments.setCurrentVersion(m, environment.id, target, by);
        const move = moveTo('rolled_back');
        const reason = input.reason?.trim() || null;
        return {
          values: { ...move.values, rolled_back_to: target, rollback_reason: reason },
          record: {
            kind: 'rolled_back',
            message: `Rolled back to ${target}${reason ? `: ${reason}` : ''}`,
            changes: move.changes,
            data: { environment_id: environment.id, rolled_back_to: target, deployment_version: d.version, reason },
          },
          event: 'rolled_back',
        };
      }
      case 'edit':
      case 'delete':
        throw new Error(`"${action}" is not a lifecycle step`);
    }
  }
}
