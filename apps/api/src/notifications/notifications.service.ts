import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { pageByKeyset, byColumns } from '../database/keyset.js';
import { readsOf } from '../database/sql-reads.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  DomainError,
  SEVERITIES,
  type Channel,
  type ChannelCreate,
  type ChannelUpdate,
  type ChannelWithSecret,
  type Delivery,
  type DeliveryQuery,
  type EmailSettingsInput,
  type Environment,
  type MaintenanceWindow,
  type MaintenanceWindowCreate,
  type MaintenanceWindowQuery,
  type NotificationEvent,
  type Page,
  type Rule,
  type RuleCreate,
  type RuleUpdate,
  type Severity,
} from '../domain.js';
import { EventsService, type RecordedChange } from '../events/events.service.js';
import { occurrenceAt } from './maintenance-schedule.js';
import type { EventBody } from './notification-messages.js';
import { ChannelEntity, DeliveryEntity, MaintenanceWindowEntity, RuleEntity, type StoredEmailSettings } from './notification.entities.js';
import { NotificationSubjects } from './notifications.ports.js';
import { newSigningSecret, secretHint } from './webhook-signature.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Ids as the rest of the service makes them (`nch-…`); deliveries use `msg_…`, the usual shape of a webhook-id. */
export function notificationId(prefix: 'nch' | 'nrl' | 'mnt' | 'msg'): string {
  let out = '';
  for (const byte of randomBytes(16)) out += ALPHABET[byte & 31];
  return prefix === 'msg' ? `msg_${out}` : `${prefix}-${out}`;
}

/** How long a rotated-out signing secret still signs (alongside the new one), so receivers can switch over. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
/** How long "send test" waits for the attempt before answering with the delivery as it stands. */
const TEST_WAIT_MS = 15_000;

function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

export function toChannel(e: ChannelEntity): Channel {
  const email = e.email_settings;
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    language: e.language,
    enabled: Boolean(e.enabled),
    target: e.kind === 'email' ? (email?.to.join(', ') ?? '') : hostOf(e.url),
    secret_hint: secretHint(e.secret),
    secret_rotated_at: e.secret_rotated_at,
    email: email
      ? {
          smtp_host: email.smtp_host,
          smtp_port: email.smtp_port,
          security: email.security,
          username: email.username,
          has_password: Boolean(email.password),
          from: email.from,
          to: email.to,
        }
      : null,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

function toRule(e: RuleEntity): Rule {
  return {
    id: e.id,
    name: e.name,
    channel_id: e.channel_id,
    events: e.events,
    min_severity: e.min_severity,
    environment_ids: e.environment_ids,
    tags: e.tags,
    enabled: Boolean(e.enabled),
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

export function toDelivery(e: DeliveryEntity): Delivery {
  return {
    id: e.id,
    channel_id: e.channel_id,
    event_type: e.event_type,
    subject_type: e.subject_type,
    subject_id: e.subject_id,
    summary: e.summary,
    status: e.status,
    attempts: e.attempts,
    next_attempt_at: e.status === 'pending' ? e.next_attempt_at : null,
    delivered_at: e.delivered_at,
    last_status_code: e.last_status_code,
    latency_ms: e.latency_ms,
    error: e.error,
    created_at: e.created_at,
    attempt_log: e.attempt_log,
  };
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const unique = (values: string[] | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : undefined);

/** An event worth telling someone about, with what rules filter on. */
interface Notable {
  type: NotificationEvent;
  subjectType: 'incident' | 'deployment' | 'health';
  subjectId: string;
  environment: Environment | null;
  tags: string[];
  severity: Severity | null;
  body: EventBody;
  summary: string;
}

const DEPLOYMENT_EVENTS: Record<string, NotificationEvent> = {
  executed: 'deployment.started',
  completed: 'deployment.completed',
  failed: 'deployment.failed',
  rolled_back: 'deployment.rolled_back',
};
const JUDGED = ['healthy', 'warning', 'critical'];

@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventsService,
    private readonly subjects: NotificationSubjects,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // The outbox is written in the transaction of every change it reports.
    this.events.onRecord((m, change) => this.queueFor(m, change));
  }

  // ---- channels ----

  async listChannels(): Promise<{ items: Channel[] }> {
    const rows = await this.dataSource.getRepository(ChannelEntity).find({ order: { name: 'ASC' } });
    return { items: rows.map(toChannel) };
  }

  async getChannel(id: string): Promise<Channel> {
    return toChannel(await this.requireChannel(id));
  }

  async createChannel(dto: ChannelCreate): Promise<ChannelWithSecret> {
    const now = this.clock.now();
    const row: ChannelEntity = {
      id: notificationId('nch'),
      name: dto.name.trim(),
      kind: dto.kind,
      language: dto.language ?? 'en',
      enabled: dto.enabled ?? true,
      url: null,
      secret: dto.kind === 'webhook' ? newSigningSecret() : null,
      previous_secret: null,
      previous_secret_until: null,
      secret_rotated_at: null,
      email_settings: null,
      created_at: now,
      updated_at: now,
    };
    this.applyTarget(row, dto.url, dto.email);
    await this.unitOfWork.write(async (m) => {
      await this.refuseDuplicateName(m, row.name, null);
      await m.insert(ChannelEntity, row);
    });
    return { channel: toChannel(row), signing_secret: row.secret };
  }

  async updateChannel(id: string, dto: ChannelUpdate): Promise<Channel> {
    return this.unitOfWork.write(async (m) => {
      const row = await this.requireChannel(id, m);
      if (dto.name !== undefined) {
        await this.refuseDuplicateName(m, dto.name.trim(), row.id);
        row.name = dto.name.trim();
      }
      if (dto.language !== undefined) row.language = dto.language;
      if (dto.enabled !== undefined) row.enabled = dto.enabled;
      if (dto.url !== undefined || dto.email !== undefined)
        this.applyTarget(row, dto.url ?? row.url ?? undefined, dto.email, row.email_settings);
      row.updated_at = this.clock.now();
      await m.save(ChannelEntity, row);
      return toChannel(row);
    });
  }

  /** A new signing secret, shown once; the old one keeps signing alongside it for a day. */
  async rotateSecret(id: string): Promise<ChannelWithSecret> {
    return this.unitOfWork.write(async (m) => {
      const row = await this.requireChannel(id, m);
      if (row.kind !== 'webhook')
        throw DomainError.validation('kind', `only webhook channels have a signing secret; this one is ${row.kind}`);
      const now = this.clock.now();
      row.previous_secret = row.secret;
      row.previous_secret_until = new Date(Date.parse(now) + ROTATION_OVERLAP_MS).toISOString();
      row.secret = newSigningSecret();
      row.secret_rotated_at = now;
      row.updated_at = now;
      await m.save(ChannelEntity, row);
      return { channel: toChannel(row), signing_secret: row.secret };
    });
  }

  async removeChannel(id: string): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const row = await this.requireChannel(id, m);
      // Its rules and deliveries go with it (foreign keys cascade).
      await m.delete(RuleEntity, { channel_id: row.id });
      await m.delete(DeliveryEntity, { channel_id: row.id });
      await m.delete(ChannelEntity, { id: row.id });
    });
  }

  /** Queues a test message and waits a little for its first attempt, so the answer usually says how it went. */
  async sendTest(id: string): Promise<Delivery> {
    const channel = await this.requireChannel(id);
    const now = this.clock.now();
    const body: EventBody = {
      type: 'test',
      timestamp: now,
      data: {
        url: `${this.config.notifications.publicUrl}/notifications`,
        environment: null,
        channel: { id: channel.id, name: channel.name },
      },
    };
    const row = this.deliveryRow(channel.id, body, { subjectType: null, subjectId: null, summary: `Test message to ${channel.name}` }, now);
    await this.unitOfWork.write((m) => m.insert(DeliveryEntity, row));
    // A process that does not send (the stdio MCP server) leaves it to the one that does.
    if (!this.config.notifications.deliveryEnabled) return toDelivery(row);
    const deadline = Date.now() + Math.min(TEST_WAIT_MS, this.config.notifications.timeoutMs + 2_000);
    for (;;) {
      const current = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ id: row.id });
      if (!current || current.attempts > 0 || Date.now() > deadline) return toDelivery(current ?? row);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // ---- rules ----

  async listRules(): Promise<{ items: Rule[] }> {
    const rows = await this.dataSource.getRepository(RuleEntity).find({ order: { created_at: 'ASC', id: 'ASC' } });
    return { items: rows.map(toRule) };
  }

  async createRule(dto: RuleCreate): Promise<Rule> {
    return this.unitOfWork.write(async (m) => {
      await this.requireChannel(dto.channel_id, m, 'channel_id');
      const now = this.clock.now();
      const row: RuleEntity = {
        id: notificationId('nrl'),
        name: dto.name?.trim() ?? '',
        channel_id: dto.channel_id,
        events: [...new Set(dto.events)],
        min_severity: dto.min_severity ?? null,
        environment_ids: await this.environmentIds(m, dto.environments ?? []),
        tags: unique(dto.tags) ?? [],
        enabled: dto.enabled ?? true,
        created_at: now,
        updated_at: now,
      };
      await m.insert(RuleEntity, row);
      return toRule(row);
    });
  }

  async updateRule(id: string, dto: RuleUpdate): Promise<Rule> {
    return this.unitOfWork.write(async (m) => {
      const row = await m.findOneBy(RuleEntity, { id });
      if (!row) throw DomainError.notFound('notification rule', id, 'List rules to find one.');
      if (dto.channel_id !== undefined) {
        await this.requireChannel(dto.channel_id, m, 'channel_id');
        row.channel_id = dto.channel_id;
      }
      if (dto.name !== undefined) row.name = dto.name.trim();
      if (dto.events !== undefined) row.events = [...new Set(dto.events)];
      if (dto.min_severity !== undefined) row.min_severity = dto.min_severity;
      if (dto.environments !== undefined) row.environment_ids = await this.environmentIds(m, dto.environments);
      if (dto.tags !== undefined) row.tags = unique(dto.tags) ?? [];
      if (dto.enabled !== undefined) row.enabled = dto.enabled;
      row.updated_at = this.clock.now();
      await m.save(RuleEntity, row);
      return toRule(row);
    });
  }

  async removeRule(id: string): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const result = await m.delete(RuleEntity, { id });
      if (!result.affected) throw DomainError.notFound('notification rule', id, 'List rules to find one.');
    });
  }

  // ---- maintenance windows ----

  async listWindows(query: MaintenanceWindowQuery = {}): Promise<{ items: MaintenanceWindow[] }> {
    const m = this.dataSource.manager;
    const where = query.environment_id ? { environment_id: (await this.environmentRef(m, query.environment_id, 'environment_id')).id } : {};
    const rows = await m.find(MaintenanceWindowEntity, { where, order: { created_at: 'ASC', id: 'ASC' } });
    const now = new Date(this.clock.now());
    return { items: rows.map((r) => this.toWindow(r, now)) };
  }

  async createWindow(dto: MaintenanceWindowCreate): Promise<MaintenanceWindow> {
    const now = this.clock.now();
    const row: MaintenanceWindowEntity = {
      id: notificationId('mnt'),
      environment_id: '',
      kind: dto.kind,
      reason: dto.reason?.trim() ?? '',
      starts_at: null,
      ends_at: null,
      days: [],
      start_time: null,
      duration_minutes: null,
      created_at: now,
    };
    if (dto.kind === 'once') {
      if (!dto.starts_at) throw DomainError.validation('starts_at', 'is required for a one-off window');
      if (!dto.ends_at) throw DomainError.validation('ends_at', 'is required for a one-off window');
      row.starts_at = new Date(dto.starts_at).toISOString();
      row.ends_at = new Date(dto.ends_at).toISOString();
      if (row.ends_at <= row.starts_at) throw DomainError.validation('ends_at', 'must be after starts_at');
    } else {
      if (!dto.days) throw DomainError.validation('days', 'is required for a weekly window, e.g. ["sat"]');
      if (!dto.start_time) throw DomainError.validation('start_time', 'is required for a weekly window, e.g. "02:00"');
      if (!dto.duration_minutes) throw DomainError.validation('duration_minutes', 'is required for a weekly window, e.g. 120');
      row.days = [...new Set(dto.days)];
      row.start_time = dto.start_time;
      row.duration_minutes = dto.duration_minutes;
    }
    await this.unitOfWork.write(async (m) => {
      row.environment_id = (await this.environmentRef(m, dto.environment_id, 'environment_id')).id;
      await m.insert(MaintenanceWindowEntity, row);
    });
    return this.toWindow(row, new Date(now));
  }

  async removeWindow(id: string): Promise<void> {
    await this.unitOfWork.write(async (m) => {
      const result = await m.delete(MaintenanceWindowEntity, { id });
      if (!result.affected) throw DomainError.notFound('maintenance window', id, 'List maintenance windows to find one.');
    });
  }

  /**
   * The current or next occurrence of each window of these environments that is on now or still
   * to come, soonest first (for the public status page: times only, never the reason).
   */
  async upcomingWindows(
    environmentIds: string[],
  ): Promise<Array<Pick<MaintenanceWindow, 'environment_id' | 'kind' | 'active' | 'days'> & { starts_at: string; ends_at: string }>> {
    if (environmentIds.length === 0) return [];
    const rows = await this.dataSource.manager.find(MaintenanceWindowEntity, { where: { environment_id: In(environmentIds) } });
    const now = new Date(this.clock.now());
    return rows
      .flatMap((r) => {
        const { active, until } = occurrenceAt(r, now);
        if (until === null) return [];
        const starts_at = r.kind === 'once' ? r.starts_at! : new Date(Date.parse(until) - (r.duration_minutes ?? 0) * 60_000).toISOString();
        return [{ environment_id: r.environment_id, kind: r.kind, active, days: r.days, starts_at, ends_at: until }];
      })
      .sort((x, y) => x.starts_at.localeCompare(y.starts_at));
  }

  /** Whether a maintenance window of the environment is on at `at`. */
  async inMaintenance(environmentId: string, at: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await m.find(MaintenanceWindowEntity, { where: { environment_id: environmentId } });
    const when = new Date(at);
    return rows.some((r) => occurrenceAt(r, when).active);
  }

  private toWindow(r: MaintenanceWindowEntity, now: Date): MaintenanceWindow {
    const occurrence = occurrenceAt(r, now);
    return {
      id: r.id,
      environment_id: r.environment_id,
      kind: r.kind,
      reason: r.reason,
      starts_at: r.starts_at,
      ends_at: r.ends_at,
      days: r.days,
      start_time: r.start_time,
      duration_minutes: r.duration_minutes,
      active: occurrence.active,
      active_until: occurrence.until,
      created_at: r.created_at,
    };
  }

  // ---- deliveries ----

  async listDeliveries(query: DeliveryQuery): Promise<Page<Delivery>> {
    const qb = this.dataSource.getRepository(DeliveryEntity).createQueryBuilder('d');
    if (query.channel_id) qb.andWhere('d.channel_id = :channel', { channel: query.channel_id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const page = await pageByKeyset(qb, byColumns<DeliveryEntity>('d', ['created_at', 'DESC'], ['id', 'DESC']), query.limit, query.cursor);
    return { ...page, items: page.items.map(toDelivery) };
  }

  async getDelivery(id: string): Promise<Delivery> {
    const row = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ id });
    if (!row) throw DomainError.notFound('delivery', id, 'List deliveries to find one.');
    return toDelivery(row);
  }

  // ---- the outbox ----

  /** In the transaction of a change: one delivery per channel whose rules want it, unless a maintenance window is on. */
  private async queueFor(m: EntityManager, change: RecordedChange): Promise<void> {
    if (!this.mayNotify(change)) return;
    // Runs in every write's transaction, and most changes meet no rule: a plain read of the enabled
    // rules' ids first (an empty answer on most installations) spares hydrating entities through
    // the query builder on each write.
    const enabled = await readsOf(m.connection).rows('SELECT id FROM notification_rules WHERE enabled = :enabled', { enabled: true }, m);
    if (enabled.length === 0) return;
    const rules = (await m.find(RuleEntity)).filter((r) => Boolean(r.enabled));
    if (rules.length === 0) return;
    const notable = await this.describe(m, change);
    if (!notable) return;
    const matching = rules.filter((r) => this.matches(r, notable));
    if (matching.length === 0) return;
    if (notable.environment && (await this.inMaintenance(notable.environment.id, change.occurred_at, m))) return;
    const channelIds = [...new Set(matching.map((r) => r.channel_id))];
    const channels = await m.find(ChannelEntity, { where: channelIds.map((id) => ({ id })) });
    for (const channel of channels) {
      if (!channel.enabled) continue;
      const row = this.deliveryRow(channel.id, notable.body, notable, change.occurred_at);
      await m.insert(DeliveryEntity, row);
    }
  }

  /** Cheap first look, so the changes nobody is told about cost no query. */
  private mayNotify(change: RecordedChange): boolean {
    if (change.entity === 'incident') return change.action === 'created' || change.action === 'status_changed';
    if (change.entity === 'deployment') return Object.hasOwn(DEPLOYMENT_EVENTS, change.action);
    if (change.entity === 'health') {
      const from = change.detail?.from as string | null | undefined;
      const to = change.detail?.to as string | undefined;
      if (!to || !JUDGED.includes(to)) return false;
      // The first judgement of an environment is news only when it is not good.
      return from === null || from === undefined || from === 'unknown' ? to !== 'healthy' : JUDGED.includes(from) && from !== to;
    }
    return false;
  }

  private matches(rule: RuleEntity, n: Notable): boolean {
    if (!rule.events.includes(n.type)) return false;
    if (rule.environment_ids.length > 0 && !(n.environment && rule.environment_ids.includes(n.environment.id))) return false;
    if (rule.tags.length > 0 && !rule.tags.some((t) => n.tags.includes(t))) return false;
    if (rule.min_severity && n.severity && rank(n.severity) > rank(rule.min_severity)) return false;
    return true;
  }

  private async describe(m: EntityManager, change: RecordedChange): Promise<Notable | null> {
    const base = this.config.notifications.publicUrl;
    const timestamp = change.occurred_at;
    const envSummary = (e: Environment | null) => (e ? { id: e.id, name: e.name, environment_type: e.environment_type } : null);
    if (change.entity === 'incident') {
      const incident = await this.subjects.incident(m, change.entity_id);
      if (!incident) return null;
      const type: NotificationEvent =
        change.action === 'created' ? 'incident.opened' : incident.status === 'resolved' ? 'incident.resolved' : 'incident.status_changed';
      const environment = incident.environment_id ? await this.subjects.environment(m, incident.environment_id) : null;
      const previous = (change.detail?.from as string | undefined) ?? null;
      return {
        type,
        subjectType: 'incident',
        subjectId: incident.id,
        environment,
        tags: [...incident.tags, ...(environment?.tags ?? [])],
        severity: incident.severity,
        summary: `${type}: ${incident.title} (${incident.severity}, ${previous ? `${previous} → ` : ''}${incident.status})`,
        body: {
          type,
          timestamp,
          data: {
            url: `${base}/operations/incidents/${incident.id}`,
            environment: envSummary(environment),
            incident: {
              id: incident.id,
              title: incident.title,
              severity: incident.severity,
              status: incident.status,
              previous_status: previous,
              tags: incident.tags,
            },
          },
        },
      };
    }
    if (change.entity === 'deployment') {
      const deployment = await this.subjects.deployment(m, change.entity_id);
      if (!deployment) return null;
      const type = DEPLOYMENT_EVENTS[change.action]!;
      const environment = await this.subjects.environment(m, deployment.environment_id);
      return {
        type,
        subjectType: 'deployment',
        subjectId: deployment.id,
        environment,
        tags: [...deployment.tags, ...(environment?.tags ?? [])],
        severity: null,
        summary: `${type}: ${deployment.title} ${deployment.version} to ${environment?.name ?? deployment.environment_id}`,
        body: {
          type,
          timestamp,
          data: {
            url: `${base}/deployments/${deployment.id}`,
            environment: envSummary(environment),
            deployment: {
              id: deployment.id,
              title: deployment.title,
              version: deployment.version,
              status: deployment.status,
              failure_reason: deployment.failure_reason,
              tags: deployment.tags,
            },
          },
        },
      };
    }
    const environment = await this.subjects.environment(m, change.entity_id);
    if (!environment) return null;
    const from = (change.detail?.from as string | null | undefined) ?? null;
    const to = String(change.detail?.to);
    return {
      type: 'health.changed',
      subjectType: 'health',
      subjectId: environment.id,
      environment,
      tags: environment.tags,
      severity: null,
      summary: `health.changed: ${environment.name} ${from ?? 'unknown'} → ${to}`,
      body: {
        type: 'health.changed',
        timestamp,
        data: { url: `${base}/environments`, environment: envSummary(environment), health: { from, to } },
      },
    };
  }

  private deliveryRow(
    channelId: string,
    body: EventBody,
    about: { subjectType: string | null; subjectId: string | null; summary: string },
    now: string,
  ): DeliveryEntity {
    return {
      id: notificationId('msg'),
      channel_id: channelId,
      event_type: body.type,
      subject_type: about.subjectType,
      subject_id: about.subjectId,
      summary: about.summary,
      payload: JSON.stringify(body),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      delivered_at: null,
      last_status_code: null,
      latency_ms: null,
      error: null,
      attempt_log: [],
      created_at: now,
    };
  }

  // ---- helpers ----

  private async requireChannel(id: string, m: EntityManager = this.dataSource.manager, field?: string): Promise<ChannelEntity> {
    const row = await m.findOneBy(ChannelEntity, { id });
    if (row) return row;
    if (field) throw DomainError.validation(field, `no notification channel has the id "${id}"; list channels to find one`);
    throw DomainError.notFound('notification channel', id, 'List channels to find one.');
  }

  private async environmentRef(m: EntityManager, reference: string, field: string): Promise<Environment> {
    const found = await this.subjects.environment(m, reference);
    if (!found) throw DomainError.validation(field, `no environment has the id or name "${reference}"; list environments to find one`);
    return found;
  }

  private async environmentIds(m: EntityManager, references: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, reference] of references.entries()) ids.push((await this.environmentRef(m, reference, `environments[${i}]`)).id);
    return [...new Set(ids)];
  }

  private async refuseDuplicateName(m: EntityManager, name: string, exceptId: string | null): Promise<void> {
    const clash = await m.findOneBy(ChannelEntity, { name });
    if (clash && clash.id !== exceptId) {
      throw new DomainError('conflict', `A notification channel named "${name}" already exists (${clash.id}); choose another name.`);
    }
  }

  /** Checks that the kind has where to send, and stores it; secrets not given are kept. */
  private applyTarget(
    row: ChannelEntity,
    url: string | undefined,
    email: EmailSettingsInput | undefined,
    current?: StoredEmailSettings | null,
  ) {
    if (row.kind === 'email') {
      if (url !== undefined && url !== null)
        throw DomainError.validation('url', 'email channels send over SMTP: give email settings, not a url');
      if (!email) {
        if (!current) throw DomainError.validation('email', 'is required for an email channel (smtp_host, smtp_port, from, to)');
        return;
      }
      row.email_settings = {
        smtp_host: email.smtp_host.trim(),
        smtp_port: email.smtp_port,
        security: email.security ?? 'starttls',
        username: email.username?.trim() || null,
        password:
          email.password ?? (email.username === undefined || email.username === current?.username ? (current?.password ?? null) : null),
        from: email.from.trim(),
        to: [...new Set(email.to.map((t) => t.trim()))],
      };
      return;
    }
    if (email !== undefined)
      throw DomainError.validation('email', `${row.kind} channels post to a url; email settings are for email channels`);
    if (!url) throw DomainError.validation('url', `is required for a ${row.kind} channel`);
    row.url = url;
  }
}
