import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Actor } from '../common/request-context.js';
import { pageByKeyset, byColumns, type SortKey } from '../database/keyset.js';
import { KeptReads } from '../database/kept-reads.js';
import { readsOf } from '../database/sql-reads.js';
import { diff, forUpdate, refuseStaleRevision, writeChanges } from '../database/revision.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  CHECK_KIND_LIMITS,
  DomainError,
  LIMITS,
  checkKindProblems,
  type DnsRecordType,
  type Environment,
  type EnvironmentSort,
  type Page,
} from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { likePattern, tagPattern } from '../database/like.js';
import type { EnvironmentCreate, EnvironmentQuery, EnvironmentUpdate, HealthCheckInput } from '../contracts.js';
import { EnvironmentEntity } from './environment.entity.js';
import { EnvironmentReferences } from './environment-references.js';

const SORTS: Record<EnvironmentSort, SortKey<EnvironmentEntity>[]> = {
  name_asc: byColumns('e', ['name', 'ASC'], ['id', 'ASC']),
  created_desc: byColumns('e', ['created_at', 'DESC'], ['id', 'DESC']),
  created_asc: byColumns('e', ['created_at', 'ASC'], ['id', 'ASC']),
  updated_desc: byColumns('e', ['updated_at', 'DESC'], ['id', 'DESC']),
};

/** Auto-incidents are on for production unless switched off, and off elsewhere unless switched on. */
export function autoIncidentEnabled(e: Pick<EnvironmentEntity, 'auto_incident_enabled' | 'environment_type'>): boolean {
  return e.auto_incident_enabled === null || e.auto_incident_enabled === undefined
    ? e.environment_type === 'production'
    : Boolean(e.auto_incident_enabled);
}

export function toEnvironment(e: EnvironmentEntity): Environment {
  return {
    id: e.id,
    name: e.name,
    environment_type: e.environment_type,
    description: e.description,
    url: e.url,
    status: e.status,
    tags: e.tags,
    health_check: {
      target: e.health_check_target,
      expected_status: e.health_check_expected_status,
      timeout_ms: e.health_check_timeout_ms,
      interval_seconds: e.health_check_interval_seconds,
      slow_threshold_ms: e.health_check_slow_ms,
      enabled: Boolean(e.health_check_enabled),
      auto_incident_enabled: autoIncidentEnabled(e),
      critical_threshold: e.critical_threshold,
      ...checkKindSettings(e),
    },
    deploy_hook_url: e.deploy_hook_url,
    current_version: e.current_version,
    previous_version: e.previous_version,
    public: Boolean(e.public),
    revision: e.revision,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

/** The settings of the check's kind, as every interface shows them. */
function checkKindSettings(e: EnvironmentEntity) {
  return {
    kind: e.health_check_kind ?? 'http',
    body_keyword: e.health_check_body_keyword ?? null,
    body_keyword_absent: Boolean(e.health_check_body_keyword_absent),
    body_json_condition: e.health_check_body_json_condition ?? null,
    tls_expiry_warning_days: e.health_check_tls_expiry_warning_days ?? CHECK_KIND_LIMITS.tlsExpiryWarningDaysDefault,
    tls_allow_untrusted: Boolean(e.health_check_tls_allow_untrusted),
    dns_record_type: e.health_check_dns_record_type ?? null,
    dns_expected: e.health_check_dns_expected ?? null,
  };
}

const unique = (values: string[] | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : undefined);

@Injectable()
export class EnvironmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventsService,
    private readonly clock: Clock,
    private readonly references: EnvironmentReferences,
    private readonly kept: KeptReads,
  ) {}

  /** Every environment (or those with the given ids), as every interface shows them. */
  async all(ids?: string[]): Promise<Environment[]> {
    const rows = await this.dataSource.getRepository(EnvironmentEntity).find(ids ? { where: { id: In(ids) } } : { order: { name: 'ASC' } });
    return rows.map(toEnvironment);
  }

  /** Names by id, for lists that show environments by name: two columns, not whole records. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(EnvironmentEntity)
      .createQueryBuilder('e')
      .select(['e.id AS id', 'e.name AS name'])
      .where('e.id IN (:...ids)', { ids: unique })
      .getRawMany<{ id: string; name: string }>();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The environments shown on the public status page, by name. */
  async publicOnes(): Promise<Environment[]> {
    const rows = await this.dataSource.getRepository(EnvironmentEntity).find({ where: { public: true }, order: { name: 'ASC' } });
    return rows.map(toEnvironment);
  }

  /** Finds an environment by id or by its unique name. */
  async find(idOrName: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<EnvironmentEntity | null> {
    const locking = lock ? forUpdate(manager) : {};
    return (
      (await manager.findOne(EnvironmentEntity, { where: { id: idOrName }, ...locking })) ??
      (await manager.findOne(EnvironmentEntity, { where: { name: idOrName }, ...locking }))
    );
  }

  /** `lock`: the environment is about to be changed in this transaction (see forUpdate). */
  async require(idOrName: string, manager?: EntityManager, lock = false): Promise<EnvironmentEntity> {
    const found = await this.find(idOrName, manager, lock);
    if (!found)
      throw DomainError.notFound('environment', idOrName, 'Environment ids and names are both accepted; list environments to find one.');
    return found;
  }

  /** For fields of other records that point at an environment: a missing one is a 400 on that field. */
  async resolveReference(idOrName: string, field: string, manager?: EntityManager): Promise<EnvironmentEntity> {
    const found = await this.find(idOrName, manager);
    if (!found)
      throw DomainError.validation(
        field,
        `no environment has the id or name "${idOrName}"; create it first or list environments to find one`,
      );
    return found;
  }

  /**
   * The id an environment reference names, for a filter or a link: one indexed read of two columns
   * (lists filtered by environment run it on every page, and loading the whole entity cost more
   * than the page itself). An id wins over an equal name, as in find().
   */
  async idOf(idOrName: string, field: string, manager?: EntityManager): Promise<string> {
    // Outside a transaction it takes the hot-read path (prepared once; on PostgreSQL a named statement),
    // and on PostgreSQL the answer is kept while nothing is written (KeptReads).
    const key = manager === undefined ? `environment:${idOrName}` : undefined;
    const kept = key === undefined ? undefined : this.kept.get(key);
    if (typeof kept === 'string') return kept;
    const ticket = this.kept.ticket();
    const rows = await readsOf(this.dataSource).rows<{ id: string }>(
      'SELECT id FROM environments WHERE id = :ref OR name = :ref',
      { ref: idOrName },
      manager,
    );
    const found = rows.find((r) => r.id === idOrName) ?? rows[0];
    if (!found) {
      throw DomainError.validation(
        field,
        `no environment has the id or name "${idOrName}"; create it first or list environments to find one`,
      );
    }
    if (key !== undefined) this.kept.put(key, found.id, ticket);
    return found.id;
  }

  async get(idOrName: string): Promise<Environment> {
    return toEnvironment(await this.require(idOrName));
  }

  async list(query: EnvironmentQuery): Promise<Page<Environment>> {
    const qb = this.dataSource.getRepository(EnvironmentEntity).createQueryBuilder('e');
    if (query.environment_type) qb.andWhere('e.environment_type = :type', { type: query.environment_type });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.tag) qb.andWhere("e.tags LIKE :tag ESCAPE '\\'", { tag: tagPattern(query.tag) });
    if (query.search) {
      qb.andWhere("(LOWER(e.name) LIKE :q ESCAPE '\\' OR LOWER(e.description) LIKE :q ESCAPE '\\' OR LOWER(e.url) LIKE :q ESCAPE '\\')", {
        q: likePattern(query.search),
      });
    }
    const page = await pageByKeyset(qb, SORTS[query.sort_by ?? 'name_asc'], query.limit, query.cursor);
    return { ...page, items: page.items.map(toEnvironment) };
  }

  async create(dto: EnvironmentCreate, by: Actor): Promise<Environment> {
    const now = this.clock.now();
    const url = dto.url ?? null;
    const check = this.healthCheckColumns(url, dto.health_check, null);
    const row: EnvironmentEntity = {
      id: newId('env'),
      name: dto.name.trim(),
      environment_type: dto.environment_type,
      description: dto.description ?? '',
      url,
      status: dto.status ?? 'active',
      tags: unique(dto.tags) ?? [],
      ...check,
      deploy_hook_url: dto.deploy_hook_url ?? null,
      current_version: dto.current_version ?? null,
      previous_version: null,
      public: dto.public ?? false,
      revision: 1,
      created_at: now,
      updated_at: now,
    };
    await this.unitOfWork.write(async (m) => {
      await this.refuseDuplicateName(m, row.name, null);
      await m.insert(EnvironmentEntity, row);
      await this.events.record(m, 'environment', row.id, 'created', by);
    });
    return toEnvironment(row);
  }

  async update(idOrName: string, dto: EnvironmentUpdate, by: Actor): Promise<Environment> {
    return this.unitOfWork.write(async (m) => {
      const current = await this.require(idOrName, m, true);
      refuseStaleRevision('environment', current.revision, dto.revision);
      const url = dto.url === undefined ? current.url : dto.url;
      const patch: Partial<EnvironmentEntity> = {
        name: dto.name?.trim(),
        environment_type: dto.environment_type,
        description: dto.description,
        url: dto.url,
        status: dto.status,
        tags: unique(dto.tags),
        deploy_hook_url: dto.deploy_hook_url,
        current_version: dto.current_version,
        public: dto.public,
        ...(dto.health_check || dto.url !== undefined ? this.healthCheckColumns(url, dto.health_check, current) : {}),
      };
      const changes = diff(current, patch);
      if (Object.keys(changes).length === 0) return toEnvironment(current);
      if (changes.name) await this.refuseDuplicateName(m, String(changes.name.to), current.id);
      const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
      if (changes.current_version) values.previous_version = current.current_version;
      const updated_at = this.clock.now();
      const revision = await writeChanges(m, EnvironmentEntity, 'environment', current, { ...values, updated_at });
      await this.events.record(m, 'environment', current.id, changes.status ? 'status_changed' : 'updated', by);
      return toEnvironment({ ...current, ...values, updated_at, revision } as EnvironmentEntity);
    });
  }

  async remove(idOrName: string, by: Actor): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const current = await this.require(idOrName, m, true);
      const referrers = await this.references.describe(current.id, m);
      if (referrers) {
        throw new DomainError(
          'conflict',
          `Environment "${current.name}" is still referred to by ${referrers}, so it cannot be deleted. Set its status to inactive instead, or delete those first.`,
        );
      }
      await m.delete(EnvironmentEntity, { id: current.id });
      await this.events.record(m, 'environment', current.id, 'deleted', by);
    });
  }

  /**
   * Records a version change made by a deployment (complete or rollback). Lives here because
   * only this service writes environments; the deployment passes its own transaction.
   */
  async setCurrentVersion(m: EntityManager, environmentId: string, version: string, by: Actor): Promise<{ previous: string | null }> {
    const current = await this.require(environmentId, m, true);
    if (current.current_version === version) return { previous: current.previous_version };
    await writeChanges(m, EnvironmentEntity, 'environment', current, {
      current_version: version,
      previous_version: current.current_version,
      updated_at: this.clock.now(),
    });
    await this.events.record(m, 'environment', current.id, 'version_changed', by);
    return { previous: current.current_version };
  }

  private async refuseDuplicateName(m: EntityManager, name: string, exceptId: string | null): Promise<void> {
    const clash = await m.findOne(EnvironmentEntity, { where: { name } });
    if (clash && clash.id !== exceptId) {
      throw new DomainError(
        'conflict',
        `An environment named "${name}" already exists (${clash.id}); choose another name or update that one.`,
      );
    }
  }

  private healthCheckColumns(url: string | null, input: HealthCheckInput | undefined, current: EnvironmentEntity | null) {
    const target = input?.target !== undefined ? input.target : (current?.health_check_target ?? null);
    const kindColumns = this.checkKindColumns(input, current, target);
    const absolute = target !== null && /^https?:\/\//i.test(target);
    // Only an HTTP check can fall back on the environment's url; the other kinds need a target.
    const checkable = kindColumns.health_check_kind === 'http' ? absolute || url !== null : target !== null;
    const enabled = input?.enabled ?? (current ? Boolean(current.health_check_enabled) && checkable : checkable);
    if (enabled && !checkable) {
      throw DomainError.validation('health_check.enabled', 'checks need somewhere to go: set url, or a full URL as health_check.target');
    }
    return {
      ...kindColumns,
      health_check_target: target,
      health_check_expected_status: input?.expected_status ?? current?.health_check_expected_status ?? LIMITS.expectedStatusDefault,
      health_check_timeout_ms: input?.timeout_ms ?? current?.health_check_timeout_ms ?? LIMITS.healthCheckTimeoutMsDefault,
      health_check_interval_seconds:
        input?.interval_seconds ?? current?.health_check_interval_seconds ?? LIMITS.healthCheckIntervalSecondsDefault,
      health_check_slow_ms: input?.slow_threshold_ms ?? current?.health_check_slow_ms ?? LIMITS.healthCheckSlowMsDefault,
      health_check_enabled: enabled,
      auto_incident_enabled:
        input?.auto_incident_enabled !== undefined ? input.auto_incident_enabled : (current?.auto_incident_enabled ?? null),
      critical_threshold: input?.critical_threshold ?? current?.critical_threshold ?? LIMITS.criticalThresholdDefault,
    };
  }

  /**
   * The kind's settings after this change, refused together when they do not fit (a tcp check
   * without host:port, a keyword on a dns check…). Switching kind drops the settings of the old kind
   * that were not given again, so a change of kind needs no clean-up first.
   */
  private checkKindColumns(input: HealthCheckInput | undefined, current: EnvironmentEntity | null, target: string | null) {
    const kind = input?.kind ?? current?.health_check_kind ?? 'http';
    const kept = current && (current.health_check_kind ?? 'http') === kind ? current : null;
    const pick = <K extends keyof HealthCheckInput, T>(key: K, column: T | null | undefined, fallback: T) =>
      (input?.[key] !== undefined ? input[key] : (column ?? fallback)) as T;
    const columns = {
      health_check_kind: kind,
      health_check_body_keyword: pick('body_keyword', kept?.health_check_body_keyword, null as string | null),
      health_check_body_keyword_absent: Boolean(pick('body_keyword_absent', kept?.health_check_body_keyword_absent, false)),
      health_check_body_json_condition: pick('body_json_condition', kept?.health_check_body_json_condition, null as string | null),
      health_check_tls_expiry_warning_days: pick(
        'tls_expiry_warning_days',
        current?.health_check_tls_expiry_warning_days,
        CHECK_KIND_LIMITS.tlsExpiryWarningDaysDefault as number,
      ),
      health_check_tls_allow_untrusted: Boolean(pick('tls_allow_untrusted', kept?.health_check_tls_allow_untrusted, false)),
      health_check_dns_record_type: pick('dns_record_type', kept?.health_check_dns_record_type, null as DnsRecordType | null),
      health_check_dns_expected: pick('dns_expected', kept?.health_check_dns_expected, null as string | null),
    };
    const problems = checkKindProblems({
      kind,
      target,
      body_keyword: columns.health_check_body_keyword,
      body_json_condition: columns.health_check_body_json_condition,
      dns_expected: columns.health_check_dns_expected,
      dns_record_type: columns.health_check_dns_record_type,
    });
    if (problems.length > 0) {
      throw new DomainError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
        fields: problems.map((p) => ({ field: p.field, messages: [p.message] })),
      });
    }
    return columns;
  }
}
