import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { PermissionRefusals } from '../common/permission-refusals.js';
import { newId } from '../common/ids.js';
import { byColumns, pageByKeyset } from '../database/keyset.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { AuditEntry, AuditKind, AuditQuery, Page } from '../domain.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditRecord {
  kind: AuditKind;
  actor?: string | null;
  subject?: string | null;
  detail?: string | null;
  ip?: string | null;
}

const toEntry = (e: AuditEntryEntity): AuditEntry => ({
  id: e.id,
  at: e.at,
  kind: e.kind,
  actor: e.actor,
  subject: e.subject,
  detail: e.detail,
  ip: e.ip,
});

/** Refused permissions are logged once a minute per caller and route, so a looping client cannot flood the log. */
const REFUSAL_QUIET_MS = 60_000;

/** Sign-ins, their failures, token and user changes, and refused permissions, for admins to read. */
@Injectable()
export class AuditService implements PermissionRefusals {
  private readonly logger = new Logger('Audit');
  private readonly recentRefusals = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    const row: AuditEntryEntity = {
      id: newId('aud'),
      at: this.clock.now(),
      kind: entry.kind,
      actor: entry.actor?.slice(0, 200) ?? null,
      subject: entry.subject?.slice(0, 200) ?? null,
      detail: entry.detail?.slice(0, 2_000) ?? null,
      ip: entry.ip?.slice(0, 64) ?? null,
    };
    await this.unitOfWork.write((m) => m.insert(AuditEntryEntity, row));
  }

  /** Never fails the request it describes: an audit write that fails is logged instead. */
  recordRefusal(actor: string | null, subject: string, detail: string, ip: string | null): void {
    const key = `${actor}|${subject}`;
    const now = Date.now();
    if ((this.recentRefusals.get(key) ?? 0) > now - REFUSAL_QUIET_MS) return;
    if (this.recentRefusals.size > 10_000) this.recentRefusals.clear();
    this.recentRefusals.set(key, now);
    this.record({ kind: 'permission_refused', actor, subject, detail, ip }).catch((error: unknown) =>
      this.logger.warn(`Could not record a refused permission: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (query.kind) qb.where('a.kind = :kind', { kind: query.kind });
    const page = await pageByKeyset(qb, byColumns<AuditEntryEntity>('a', ['at', 'DESC'], ['id', 'DESC']), query.limit, query.cursor);
    return { ...page, items: page.items.map(toEntry) };
  }

  /** Failed sign-ins for a name or from an address since `since`, and the earliest of them. */
  async failuresSince(field: 'subject' | 'ip', value: string, since: string): Promise<{ count: number; earliest: string | null }> {
    const row = await this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .select('COUNT(*)', 'n')
      .addSelect('MIN(a.at)', 'earliest')
      .where(`a.kind = 'sign_in_failed' AND a.${field} = :value AND a.at > :since`, { value, since })
      .getRawOne<{ n: number | string; earliest: string | null }>();
    return { count: Number(row?.n ?? 0), earliest: row?.earliest ?? null };
  }
}
