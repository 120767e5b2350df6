import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { durationStats, secondsBetween } from '../common/percentiles.js';
import type { Actor } from '../common/request-context.js';
import { pageBySql, byColumns, type SortKey } from '../database/keyset.js';
import { readsOf } from '../database/sql-reads.js';
import { likePattern, tagPattern } from '../database/like.js';
import { diff, forUpdate, refuseStaleRevision, writeChanges } from '../database/revision.js';
import { resolveWindow } from '../common/stats-window.js';
import { insertRow } from '../database/insert-row.js';
import { KeptReads } from '../database/kept-reads.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  DomainError,
  INCIDENT_STATUSES,
  SEVERITIES,
  allowedIncidentStatuses,
  canMoveIncident,
  isReopen,
  rankOf,
  type Incident,
  type IncidentDetail,
  type IncidentSort,
  type IncidentStats,
  type IncidentStatus,
  type IncidentType,
  type DurationStats,
  type Page,
  type Severity,
  type TimelineEntry,
} from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import {
  INCIDENT_EDITABLE_FIELDS,
  type IncidentCreate,
  type IncidentQuery,
  type IncidentUpdate,
  type StatsWindow,
  type TimelineQuery,
} from '../contracts.js';
import { IncidentEntity } from './incident.entity.js';
import { IncidentLinks } from './incident.ports.js';

const newestFirst: SortKey<IncidentRow>[] = byColumns('', ['created_at', 'DESC'], ['id', 'DESC']);

const SORTS: Record<IncidentSort, SortKey<IncidentRow>[]> = {
  created_desc: newestFirst,
  created_asc: byColumns('', ['created_at', 'ASC'], ['id', 'ASC']),
  updated_desc: byColumns('', ['updated_at', 'DESC'], ['id', 'DESC']),
  severity: [...byColumns<IncidentRow>('', ['severity_rank', 'ASC']), ...newestFirst],
  status: [...byColumns<IncidentRow>('', ['status_rank', 'ASC']), ...newestFirst],
};

const OPEN_BY_SEVERITY = `SELECT severity_rank, COUNT(*) AS count FROM incidents
  WHERE status_rank IN (${INCIDENT_STATUSES.filter((status) => status !== 'resolved')
    .map((status) => rankOf(INCIDENT_STATUSES, status))
    .join(', ')})
  GROUP BY severity_rank`;

/** Every column of an incident, in the order the API shows them. */
const COLUMNS =
  'id, title, description, severity, severity_rank, incident_type, status, status_rank, affected_services, tags, environment_id, deployment_id, impact, commander, resolution_notes, root_cause, public, revision, created_at, updated_at, acknowledged_at, resolved_at';

/** One incident by id: a constant, so reading it again looks its compiled statement up without hashing the text anew. */
const ONE_INCIDENT = `SELECT ${COLUMNS} FROM incidents WHERE id = :id`;

/** An incident as the database returns it: lists are JSON text. */
type IncidentRow = Omit<IncidentEntity, 'affected_services' | 'tags'> & { affected_services: string; tags: string };

/**
 * An incident as the API shows it, from a row with its lists already read. Field by field in one
 * object: a page maps 50 rows, and spreading made three copies of each.
 */
function incidentOf(row: Omit<IncidentEntity, 'affected_services' | 'tags'>, affectedServices: string[], tags: string[]): Incident {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity,
    incident_type: row.incident_type,
    status: row.status,
    affected_services: affectedServices,
    tags,
    environment_id: row.environment_id,
    deployment_id: row.deployment_id,
    impact: row.impact,
    commander: row.commander,
    resolution_notes: row.resolution_notes,
    root_cause: row.root_cause,
    // SQLite answers plain SQL with 0 or 1.
    public: Boolean(row.public),
    revision: row.revision,
    created_at: row.created_at,
    updated_at: row.updated_at,
    acknowledged_at: row.acknowledged_at,
    resolved_at: row.resolved_at,
  };
}

function incidentFromRow(row: IncidentRow): Incident {
  return incidentOf(row, JSON.parse(row.affected_services) as string[], JSON.parse(row.tags) as string[]);
}

export function toIncident(e: IncidentEntity): Incident {
  return incidentOf(e, e.affected_services, e.tags);
}

/** Incidents as delivery metrics count them (see deliveryFigures). */
export interface IncidentDeliveryFigures {
  opened: Array<{ day: string; severity: Severity; count: number; unresolved: number }>;
  restore: DurationStats;
}

const unique = (values: string[] | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : undefined);
const counts = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly links: IncidentLinks,
    private readonly timeline: TimelineService,
    private readonly events: EventsService,
    private readonly clock: Clock,
    private readonly kept: KeptReads,
  ) {}

  async get(id: string): Promise<IncidentDetail> {
    const [row] = await this.select<IncidentRow>(ONE_INCIDENT, { id });
    if (!row) throw DomainError.notFound('incident', id, 'List incidents to find the right id.');
    return { ...incidentFromRow(row), ...(await this.timeline.window(this.dataSource.manager, 'incident', id)) };
  }

  /** Its timeline a page at a time, newest first page by page (the detail shows only the newest entries). */
  async timelinePage(id: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    const m = this.dataSource.manager;
    const current = await this.require(id, m);
    return this.timeline.page(m, 'incident', current.id, query);
  }

  async list(query: IncidentQuery): Promise<Page<Incident>> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const match = (column: string, value: unknown) => {
      where.push(`${column} = :${column}`);
      params[column] = value;
    };
    // By rank, not name: one index per rank then answers a filter on it and a sort by it alike
    // (migration IncidentIndexesByRank), where indexes by name as well made every write dearer.
    if (query.severity) match('severity_rank', rankOf(SEVERITIES, query.severity));
    if (query.status) match('status_rank', rankOf(INCIDENT_STATUSES, query.status));
    if (query.incident_type) match('incident_type', query.incident_type);
    if (query.environment_id) match('environment_id', await this.links.environmentId(query.environment_id, 'environment_id'));
    if (query.deployment_id) match('deployment_id', query.deployment_id);
    if (query.tag) {
      where.push("tags LIKE :tag ESCAPE '\\'");
      params.tag = tagPattern(query.tag);
    }
    if (query.search) {
      where.push("(LOWER(title) LIKE :q ESCAPE '\\' OR LOWER(description) LIKE :q ESCAPE '\\')");
      params.q = likePattern(query.search);
    }
    return pageBySql(
      this.dataSource,
      { table: 'incidents', columns: COLUMNS, where, params, kept: this.kept },
      SORTS[query.sort_by ?? 'created_desc'],
      query.limit,
      query.cursor,
      incidentFromRow,
    );
  }

  private select<T>(text: string, params: Record<string, unknown>): Promise<T[]> {
    return readsOf(this.dataSource).rows<T>(text, params);
  }

  async create(dto: IncidentCreate, by: Actor): Promise<IncidentDetail> {
    return this.unitOfWork.write((m) => this.createWith(m, dto, by));
  }

  /** Opens an incident inside the caller's transaction (the health engine decides and opens in one write). */
  async createWith(m: EntityManager, dto: IncidentCreate, by: Actor): Promise<IncidentDetail> {
    const now = this.clock.now();
    const status = dto.status ?? 'open';
    const row: IncidentEntity = {
      id: newId('inc'),
      title: dto.title.trim(),
      description: dto.description ?? '',
      severity: dto.severity,
      severity_rank: rankOf(SEVERITIES, dto.severity),
      incident_type: dto.incident_type,
      status,
      status_rank: rankOf(INCIDENT_STATUSES, status),
      affected_services: unique(dto.affected_services) ?? [],
      tags: unique(dto.tags) ?? [],
      environment_id: dto.environment_id ? await this.links.environmentId(dto.environment_id, 'environment_id', m) : null,
      deployment_id: dto.deployment_id ? await this.requireDeployment(m, dto.deployment_id) : null,
      impact: dto.impact ?? null,
      commander: dto.commander ?? null,
      resolution_notes: dto.resolution_notes ?? null,
      root_cause: dto.root_cause ?? null,
      public: dto.public ?? false,
      revision: 1,
      created_at: now,
      updated_at: now,
      // Opened already past `open` (e.g. logged after the fact): it was acknowledged when reported.
      acknowledged_at: status === 'open' ? null : now,
      resolved_at: status === 'resolved' ? now : null,
    };
    await insertRow(m, 'incidents', row);
    const opened = await this.timeline.append(m, 'incident', row.id, by, {
      kind: 'created',
      message: `Incident opened (${row.severity} ${row.incident_type}, status ${row.status})`,
      data: { severity: row.severity, incident_type: row.incident_type, status: row.status },
      at: now,
    });
    await this.events.record(m, 'incident', row.id, 'created', by);
    // A new incident's timeline is the entry just written: no need to read it back.
    return { ...toIncident(row), timeline: [opened], timeline_has_more: false, timeline_next_cursor: null };
  }

  async update(id: string, dto: IncidentUpdate, by: Actor): Promise<IncidentDetail> {
    return this.unitOfWork.write(async (m) => {
      const current = await this.require(id, m);
      refuseStaleRevision('incident', current.revision, dto.revision);
      const now = this.clock.now();

      const patch: Partial<IncidentEntity> = {};
      for (const field of INCIDENT_EDITABLE_FIELDS) if (dto[field] !== undefined) (patch as Record<string, unknown>)[field] = dto[field];
      if (patch.title !== undefined) patch.title = patch.title.trim();
      if (dto.tags) patch.tags = unique(dto.tags);
      if (dto.affected_services) patch.affected_services = unique(dto.affected_services);
      if (dto.environment_id) patch.environment_id = await this.links.environmentId(dto.environment_id, 'environment_id', m);
      if (dto.deployment_id) patch.deployment_id = await this.requireDeployment(m, dto.deployment_id);
      const fieldChanges = diff(current, patch);

      const values: Record<string, unknown> = Object.fromEntries(Object.entries(fieldChanges).map(([k, v]) => [k, v.to]));
      if (fieldChanges.severity) values.severity_rank = rankOf(SEVERITIES, fieldChanges.severity.to as IncidentEntity['severity']);

      const to = dto.status;
      const statusChange = to !== undefined && to !== current.status;
      if (statusChange) {
        if (!canMoveIncident(current.status, to)) {
          throw new DomainError(
            'invalid_transition',
            `An incident that is ${current.status} cannot move back to ${to}. From ${current.status} it can move to: ${allowedIncidentStatuses(current.status).join(', ')}.`,
            { current_status: current.status, allowed_actions: allowedIncidentStatuses(current.status) },
          );
        }
        Object.assign(values, this.statusColumns(current, to, now));
      }
      if (Object.keys(values).length === 0) return this.detail(m, current);

      const revision = await writeChanges(m, IncidentEntity, 'incident', current, { ...values, updated_at: now });
      if (statusChange) {
        await this.timeline.append(m, 'incident', current.id, by, {
          kind: isReopen(current.status, to) ? 'reopened' : 'status_changed',
          message: isReopen(current.status, to) ? `Reopened: resolved → ${to}` : `Status ${current.status} → ${to}`,
          changes: { status: { from: current.status, to } },
          at: now,
        });
      }
      if (Object.keys(fieldChanges).length > 0) {
        await this.timeline.append(m, 'incident', current.id, by, {
          kind: 'updated',
          message: `Changed ${Object.keys(fieldChanges).join(', ')}`,
          changes: fieldChanges,
          at: now,
        });
      }
      await this.events.record(
        m,
        'incident',
        current.id,
        statusChange ? 'status_changed' : 'updated',
        by,
        statusChange ? { from: current.status, to } : undefined,
      );
      return this.detail(m, { ...current, ...values, updated_at: now, revision } as IncidentEntity);
    });
  }

  async addNote(id: string, note: string, by: Actor): Promise<IncidentDetail> {
    return this.unitOfWork.write((m) => this.addNoteWith(m, id, note, by));
  }

  /** Adds a note inside the caller's transaction; `data` carries machine-readable facts (e.g. a health check). */
  async addNoteWith(m: EntityManager, id: string, note: string, by: Actor, data?: Record<string, unknown>): Promise<IncidentDetail> {
    const current = await this.require(id, m);
    const now = this.clock.now();
    // A note is activity on the incident: it moves updated_at (and the revision) like any edit.
    const revision = await writeChanges(m, IncidentEntity, 'incident', current, { updated_at: now });
    await this.timeline.append(m, 'incident', current.id, by, { kind: 'note', message: note.trim(), data, at: now });
    await this.events.record(m, 'incident', current.id, 'note_added', by);
    return this.detail(m, { ...current, updated_at: now, revision });
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const current = await this.require(id, m);
      await this.timeline.removeAll(m, 'incident', current.id);
      await m.delete(IncidentEntity, { id: current.id });
      await this.events.record(m, 'incident', current.id, 'deleted', by);
    });
  }

  /**
   * Unresolved incidents by severity, every severity present. Read by rank from the status-then-severity
   * index alone (`status <> 'resolved'` read every incident: about 39 ms at 100,000 on SQLite, on the
   * thread that answers requests, at every metrics scrape; this about 3 ms).
   */
  async openBySeverity(): Promise<Record<Severity, number>> {
    const rows = await this.select<{ severity_rank: number | string; count: number | string }>(OPEN_BY_SEVERITY, {});
    const open = counts(SEVERITIES);
    for (const row of rows) open[SEVERITIES[Number(row.severity_rank)]!] = Number(row.count);
    return open;
  }

  async stats(query: StatsWindow): Promise<IncidentStats> {
    const { since, until } = resolveWindow(query, this.clock.now());

    const repo = this.dataSource.getRepository(IncidentEntity);
    const created = await repo
      .createQueryBuilder('i')
      .select(['i.severity', 'i.status', 'i.created_at', 'i.acknowledged_at'])
      .where('i.created_at >= :since AND i.created_at <= :until', { since, until })
      .getMany();
    const resolved = await repo
      .createQueryBuilder('i')
      .select(['i.created_at', 'i.resolved_at'])
      .where('i.resolved_at >= :since AND i.resolved_at <= :until', { since, until })
      .getMany();
    const open_by_severity = await this.openBySeverity();

    const by_severity = counts(SEVERITIES);
    const by_status = counts(INCIDENT_STATUSES);
    for (const i of created) {
      by_severity[i.severity] += 1;
      by_status[i.status] += 1;
    }

    return {
      window: { since, until },
      total: created.length,
      open_count: Object.values(open_by_severity).reduce((a, b) => a + b, 0),
      by_severity,
      by_status,
      open_by_severity,
      mtta: durationStats(created.filter((i) => i.acknowledged_at).map((i) => secondsBetween(i.created_at, i.acknowledged_at!))),
      mttr: durationStats(resolved.map((i) => secondsBetween(i.created_at, i.resolved_at!))),
    };
  }

  /** acknowledged_at is set once, on the first move out of open; resolved_at follows the latest resolution. */
  private statusColumns(current: IncidentEntity, to: IncidentStatus, now: string): Partial<IncidentEntity> {
    return {
      status: to,
      status_rank: rankOf(INCIDENT_STATUSES, to),
      acknowledged_at: current.acknowledged_at ?? (to !== 'open' ? now : null),
      resolved_at: to === 'resolved' ? now : null,
    };
  }

  private async detail(m: EntityManager, incident: IncidentEntity): Promise<IncidentDetail> {
    return { ...toIncident(incident), ...(await this.timeline.window(m, 'incident', incident.id)) };
  }

  private async require(id: string, m: EntityManager): Promise<IncidentEntity> {
    const found = await m.findOne(IncidentEntity, { where: { id }, ...forUpdate(m) });
    if (!found) throw DomainError.notFound('incident', id, 'List incidents to find the right id.');
    return found;
  }

  private async requireDeployment(m: EntityManager, id: string): Promise<string> {
    await this.links.requireDeployment(id, m);
    return id;
  }

  /** How many incidents point at an environment (an environment they point at is not deleted). */
  countForEnvironment(environmentId: string, m: EntityManager): Promise<number> {
    return m.count(IncidentEntity, { where: { environment_id: environmentId } });
  }

  async findUnresolved(m: EntityManager, id: string): Promise<Incident | null> {
    const found = await m.findOne(IncidentEntity, { where: { id, status: Not('resolved' as const) } });
    return found ? toIncident(found) : null;
  }

  /** The newest unresolved outage or deployment incident of an environment. */
  async findOpenOutage(m: EntityManager, environmentId: string): Promise<Incident | null> {
    const found = await m.findOne(IncidentEntity, {
      where: {
        environment_id: environmentId,
        status: Not('resolved' as const),
        incident_type: In(['outage', 'deployment'] satisfies IncidentType[]),
      },
      order: { created_at: 'DESC', id: 'DESC' },
    });
    return found ? toIncident(found) : null;
  }

  /**
   * Unresolved incidents marked public, most severe first, with the statuses they went through
   * (status and time only: notes, actors and descriptions stay inside).
   */
  async openPublic(limit: number): Promise<Array<{ incident: Incident; statuses: Array<{ status: IncidentStatus; at: string }> }>> {
    const m = this.dataSource.manager;
    const rows = await m.find(IncidentEntity, {
      where: { public: true, status: Not('resolved' as const) },
      order: { severity_rank: 'ASC', created_at: 'DESC' },
      take: limit,
    });
    return Promise.all(
      rows.map(async (row) => {
        const { timeline } = await this.timeline.window(m, 'incident', row.id);
        const moves = timeline.flatMap((entry) => {
          const to = entry.changes?.status?.to;
          return (entry.kind === 'status_changed' || entry.kind === 'reopened') && typeof to === 'string'
            ? [{ status: to as IncidentStatus, at: entry.created_at, from: entry.changes!.status!.from as IncidentStatus }]
            : [];
        });
        const first = moves[0]?.from ?? row.status;
        const statuses = [{ status: first, at: row.created_at }, ...moves.map(({ status, at }) => ({ status, at }))];
        return { incident: toIncident(row), statuses };
      }),
    );
  }

  /**
   * What delivery metrics read of incidents in a window, aggregated in the database: those opened
   * per UTC day and severity (with how many are unresolved), and the median and p90 of
   * opened → resolved for those resolved in the window.
   */
  async deliveryFigures(since: string, until: string, environmentId: string | null): Promise<IncidentDeliveryFigures> {
    const env = environmentId === null ? '' : ' AND environment_id = :environmentId';
    const params = { since, until, environmentId };
    const [days, restore] = await Promise.all([
      this.select<{ day: string; severity: Severity; count: number | string; unresolved: number | string }>(
        `SELECT substr(created_at, 1, 10) AS day, severity, COUNT(*) AS count, SUM(CASE WHEN resolved_at IS NULL THEN 1 ELSE 0 END) AS unresolved
         FROM incidents WHERE created_at >= :since AND created_at <= :until${env} GROUP BY substr(created_at, 1, 10), severity`,
        params,
      ),
      this.restoreTimes(`WHERE resolved_at >= :since AND resolved_at <= :until${env}`, params),
    ]);
    return {
      opened: days.map((d) => ({ day: d.day, severity: d.severity, count: Number(d.count), unresolved: Number(d.unresolved) })),
      restore,
    };
  }

  /**
   * Median and p90 of opened → resolved over the incidents `where` selects, computed by the
   * database's percentile aggregates (the bundled SQLite is built with them): the median of an
   * even count is the mean of the middle two, and p90 is the nearest rank, as durationStats has it.
   */
  private async restoreTimes(where: string, params: Record<string, unknown>): Promise<DurationStats> {
    type Figures = { n: number | string; median: number | string | null; p90: number | string | null };
    let figures: Figures | undefined;
    if (this.dataSource.options.type === 'postgres') {
      const seconds = 'EXTRACT(EPOCH FROM (CAST(resolved_at AS timestamptz) - CAST(created_at AS timestamptz)))';
      [figures] = await this.select<Figures>(
        `SELECT COUNT(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median, percentile_disc(0.9) WITHIN GROUP (ORDER BY s) AS p90
         FROM (SELECT ${seconds} AS s FROM incidents ${where}) d`,
        params,
      );
    } else {
      const [counted] = await this.select<{ n: number }>(`SELECT COUNT(*) AS n FROM incidents ${where}`, params);
      const n = counted?.n ?? 0;
      // SQLite's percentile interpolates between ranks; asking for the exact position of the nearest rank makes it that value.
      const p90Rank = Math.ceil((9 * n) / 10) - 1;
      [figures] = await this.select<Figures>(
        `SELECT COUNT(*) AS n, median(s) AS median, percentile(s, :p90) AS p90
         FROM (SELECT (julianday(resolved_at) - julianday(created_at)) * 86400.0 AS s FROM incidents ${where}) d`,
        { ...params, p90: n > 1 ? (100 * p90Rank) / (n - 1) : 0 },
      );
    }
    const n = Number(figures?.n ?? 0);
    if (n === 0 || figures?.median === null || figures?.p90 === null) return { count: n, median_seconds: null, p90_seconds: null };
    return { count: n, median_seconds: Math.round(Number(figures!.median)), p90_seconds: Math.round(Number(figures!.p90)) };
  }

  /** Which of these deployments an incident names as its suspected cause. */
  async deploymentsNamed(deploymentIds: string[]): Promise<Set<string>> {
    const named = new Set<string>();
    for (let i = 0; i < deploymentIds.length; i += 500) {
      const ids = deploymentIds.slice(i, i + 500);
      const rows = await this.select<{ deployment_id: string }>(
        'SELECT DISTINCT deployment_id FROM incidents WHERE deployment_id IN (:...ids)',
        { ids },
      );
      for (const row of rows) named.add(row.deployment_id);
    }
    return named;
  }

  /** Unresolved incidents of an environment, most severe first: how many, and the first `limit`. */
  async openFor(environmentId: string, limit: number): Promise<{ count: number; items: Incident[] }> {
    const where = { environment_id: environmentId, status: Not('resolved' as const) };
    const repo = this.dataSource.getRepository(IncidentEntity);
    const [count, items] = await Promise.all([
      repo.count({ where }),
      repo.find({ where, order: { severity_rank: 'ASC', created_at: 'DESC' }, take: limit }),
    ]);
    return { count, items: items.map(toIncident) };
  }
}
