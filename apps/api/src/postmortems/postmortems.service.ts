import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Actor } from '../common/request-context.js';
import { insertRow } from '../database/insert-row.js';
import { byColumns, pageByKeyset } from '../database/keyset.js';
import { forUpdate, writeChanges } from '../database/revision.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError, type FollowUp, type IncidentDetail, type Page, type Postmortem, type PostmortemDraft } from '../domain.js';
import type { FollowUpQuery, PostmortemSave } from '../contracts.js';
import { EventsService } from '../events/events.service.js';
import { HEALTH_CHECKS_MAX, HEALTH_LEAD_MS, POSTMORTEM_MARK, buildDraft } from './postmortem-draft.js';
import { FollowUpEntity, PostmortemEntity, type StoredExcerptEntry } from './postmortem.entities.js';
import { postmortemMarkdown } from './postmortem-markdown.js';
import { PostmortemDeployments, PostmortemEnvironments, PostmortemHealth, PostmortemIncidents } from './postmortem.ports.js';

const BY_DUE_DATE = byColumns<FollowUpEntity>('f', ['due_date', 'ASC'], ['id', 'ASC']);
const UNFINISHED = ['open', 'in_progress'] as const;

/** Postmortems of resolved incidents: drafts from what was recorded, saves with revisions, follow-ups across incidents. */
@Injectable()
export class PostmortemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly incidents: PostmortemIncidents,
    private readonly deployments: PostmortemDeployments,
    private readonly environments: PostmortemEnvironments,
    private readonly health: PostmortemHealth,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  /** A postmortem written from the incident's timeline, its linked deployment and its environment's checks; nothing is saved. */
  async draft(incidentId: string): Promise<PostmortemDraft> {
    const incident = await this.resolvedIncident(incidentId);
    const environment = incident.environment_id
      ? { id: incident.environment_id, name: (await this.environments.name(incident.environment_id)) ?? incident.environment_id }
      : null;
    const deployment = incident.deployment_id ? await this.deployments.find(incident.deployment_id) : null;
    let health = null;
    if (environment) {
      const since = new Date(Date.parse(incident.created_at) - HEALTH_LEAD_MS).toISOString();
      const until = incident.resolved_at ?? this.clock.now();
      health = { since, until, ...(await this.health.around(environment.id, since, until, HEALTH_CHECKS_MAX)) };
    }
    const saved = await this.dataSource.getRepository(PostmortemEntity).findOne({ where: { incident_id: incident.id } });
    return buildDraft({ incident, environment, deployment, health, savedRevision: saved?.revision ?? null });
  }

  async get(incidentId: string): Promise<Postmortem> {
    const incident = await this.incidents.get(incidentId);
    const row = await this.dataSource.getRepository(PostmortemEntity).findOne({ where: { incident_id: incident.id } });
    if (!row) {
      throw new DomainError(
        'not_found',
        `No postmortem saved for incident ${incident.id} yet. Get a draft (GET /api/incidents/${incident.id}/postmortem/draft or get_postmortem_draft), edit it and save it.`,
      );
    }
    return this.toPostmortem(this.dataSource.manager, row, incident.title);
  }

  async markdown(incidentId: string): Promise<string> {
    const postmortem = await this.get(incidentId);
    const incident = await this.incidents.get(incidentId);
    const environmentName = incident.environment_id ? await this.environments.name(incident.environment_id) : null;
    return postmortemMarkdown(postmortem, incident, environmentName);
  }

  /**
   * Saves the incident's one postmortem. The first save leaves revision out; every later one must
   * send the revision it read, so two people editing never overwrite each other unseen. Fields left
   * out keep their saved value. Follow-ups are replaced by the list given, keeping the ids sent back.
   */
  async save(incidentId: string, dto: PostmortemSave, by: Actor): Promise<Postmortem> {
    const incident = await this.resolvedIncident(incidentId);
    return this.unitOfWork.write(async (m) => {
      const current = await m.findOne(PostmortemEntity, { where: { incident_id: incident.id }, ...forUpdate(m) });
      this.checkRevision(incident.id, current, dto.revision);
      const now = this.clock.now();
      const excerpt: StoredExcerptEntry[] | undefined = dto.timeline_excerpt?.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind.trim(),
        actor: e.actor?.trim() || null,
        message: e.message,
      }));
      const fields = {
        summary: dto.summary,
        impact: dto.impact ?? current?.impact ?? '',
        root_cause: dto.root_cause !== undefined ? dto.root_cause : (current?.root_cause ?? null),
        contributing_factors: dto.contributing_factors ?? current?.contributing_factors ?? [],
        timeline_excerpt: excerpt ?? current?.timeline_excerpt ?? [],
        updated_at: now,
        updated_by: by.actor,
      };
      let row: PostmortemEntity;
      if (current) {
        const revision = await writeChanges(m, PostmortemEntity, 'postmortem', current, fields);
        row = { ...current, ...fields, revision };
      } else {
        row = { id: newId('pm'), incident_id: incident.id, ...fields, revision: 1, created_at: now };
        await insertRow(m, 'postmortems', row);
      }
      if (dto.follow_ups) await this.replaceFollowUps(m, row, incident, dto.follow_ups, now);
      const followUps = await m.count(FollowUpEntity, { where: { postmortem_id: row.id } });
      await this.incidents.recordPostmortemSaved(
        m,
        incident.id,
        `Postmortem saved (revision ${row.revision}, ${followUps} follow-up${followUps === 1 ? '' : 's'})`,
        by,
        { [POSTMORTEM_MARK]: row.revision, event: 'postmortem_saved', follow_ups: followUps },
      );
      await this.events.record(m, 'incident', incident.id, 'postmortem_saved', by, { revision: row.revision });
      return this.toPostmortem(m, row, incident.title);
    });
  }

  /** Follow-ups across incidents, earliest due first; by default those not done. */
  async listFollowUps(query: FollowUpQuery): Promise<Page<FollowUp>> {
    const today = this.today();
    const qb = this.dataSource.getRepository(FollowUpEntity).createQueryBuilder('f');
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    else qb.andWhere('f.status IN (:...unfinished)', { unfinished: UNFINISHED });
    if (query.owner) qb.andWhere('f.owner = :owner', { owner: query.owner.trim() });
    if (query.overdue === true) qb.andWhere("f.due_date < :today AND f.status <> 'done'", { today });
    if (query.overdue === false) qb.andWhere("(f.due_date >= :today OR f.status = 'done')", { today });
    if (query.environment_id) {
      const environment = await this.environments.resolve(query.environment_id, 'environment_id');
      qb.andWhere('f.environment_id = :environmentId', { environmentId: environment.id });
    }
    if (query.incident_id) qb.andWhere('f.incident_id = :incidentId', { incidentId: query.incident_id });
    const page = await pageByKeyset(qb, BY_DUE_DATE, query.limit, query.cursor);
    const titles = await this.incidents.titles(page.items.map((f) => f.incident_id));
    return { ...page, items: page.items.map((f) => this.toFollowUp(f, titles.get(f.incident_id) ?? '', today)) };
  }

  private async resolvedIncident(incidentId: string): Promise<IncidentDetail> {
    const incident = await this.incidents.get(incidentId);
    if (incident.status !== 'resolved') {
      throw new DomainError(
        'conflict',
        `Incident ${incident.id} is ${incident.status}: postmortems are written once an incident is resolved. Resolve it first (status resolved), then ask again.`,
        { current_status: incident.status, allowed_actions: ['resolve'] },
      );
    }
    return incident;
  }

  private checkRevision(incidentId: string, current: PostmortemEntity | null, given: number | undefined): void {
    if (current && given === undefined) {
      throw new DomainError(
        'revision_conflict',
        `Incident ${incidentId} has a postmortem already (revision ${current.revision}). Load it, apply your change and save with revision ${current.revision}.`,
      );
    }
    if (current && given !== current.revision) {
      throw new DomainError(
        'revision_conflict',
        `This postmortem was changed by someone else since you read it (you sent revision ${given}, it is now at ${current.revision}). Reload it and apply your change again.`,
      );
    }
    if (!current && given !== undefined) {
      throw new DomainError(
        'revision_conflict',
        `Incident ${incidentId} has no saved postmortem (it may have been deleted with its incident). Leave revision out to save the first one.`,
      );
    }
  }

  private async replaceFollowUps(
    m: EntityManager,
    postmortem: PostmortemEntity,
    incident: IncidentDetail,
    given: NonNullable<PostmortemSave['follow_ups']>,
    now: string,
  ): Promise<void> {
    const existing = new Map((await m.find(FollowUpEntity, { where: { postmortem_id: postmortem.id } })).map((f) => [f.id, f]));
    const seen = new Set<string>();
    given.forEach((f, i) => {
      if (f.id === undefined) return;
      if (!existing.has(f.id)) {
        throw DomainError.validation(
          `follow_ups.${i}.id`,
          `is not a follow-up of this postmortem; leave id out to add "${f.title}" as a new one`,
        );
      }
      if (seen.has(f.id)) throw DomainError.validation(`follow_ups.${i}.id`, `appears twice; each follow-up is listed once`);
      seen.add(f.id);
    });
    await m.delete(FollowUpEntity, { postmortem_id: postmortem.id });
    for (const [position, f] of given.entries()) {
      const before = f.id ? existing.get(f.id) : undefined;
      const values = { title: f.title.trim(), owner: f.owner.trim(), due_date: f.due_date, status: f.status ?? before?.status ?? 'open' };
      const changed = !before || (Object.keys(values) as Array<keyof typeof values>).some((k) => before[k] !== values[k]);
      const row: FollowUpEntity = {
        id: before?.id ?? newId('fu'),
        postmortem_id: postmortem.id,
        incident_id: incident.id,
        environment_id: incident.environment_id,
        position,
        ...values,
        created_at: before?.created_at ?? now,
        updated_at: changed ? now : before.updated_at,
      };
      await insertRow(m, 'postmortem_follow_ups', row);
    }
  }

  private async toPostmortem(m: EntityManager, row: PostmortemEntity, incidentTitle: string): Promise<Postmortem> {
    const today = this.today();
    const followUps = await m.find(FollowUpEntity, { where: { postmortem_id: row.id }, order: { position: 'ASC' } });
    return {
      id: row.id,
      incident_id: row.incident_id,
      summary: row.summary,
      impact: row.impact,
      root_cause: row.root_cause,
      contributing_factors: row.contributing_factors,
      timeline_excerpt: row.timeline_excerpt,
      follow_ups: followUps.map((f) => this.toFollowUp(f, incidentTitle, today)),
      revision: row.revision,
      created_at: row.created_at,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
    };
  }

  private toFollowUp(f: FollowUpEntity, incidentTitle: string, today: string): FollowUp {
    return {
      id: f.id,
      incident_id: f.incident_id,
      incident_title: incidentTitle,
      environment_id: f.environment_id,
      title: f.title,
      owner: f.owner,
      due_date: f.due_date,
      status: f.status,
      overdue: f.status !== 'done' && f.due_date < today,
      created_at: f.created_at,
      updated_at: f.updated_at,
    };
  }

  private today(): string {
    return this.clock.now().slice(0, 10);
  }
}
