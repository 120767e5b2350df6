import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { runSingletonJob } from '../database/singleton-job.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { DeliveryAttempt } from '../domain.js';
import { ChannelEntity, DeliveryEntity } from './notification.entities.js';
import { send, type SendOutcome } from './notification-senders.js';
import { HOUR_MS } from '../common/durations.js';

const BATCH = 10;
const MAX_BACKOFF_MS = HOUR_MS;
/** Finished deliveries deleted per transaction, so a backlog never holds the write lock for long. */
const DELETE_BATCH = 1_000;
/** A commit wakes the sender after this pause, so a burst of commits costs one look at the outbox. */
const WAKE_DELAY_MS = 10;

/**
 * The wait before attempt n+1 after n failed ones: the base doubled per attempt, up to an hour,
 * with jitter (between half and all of it) so receivers coming back are not hit by every sender at once.
 */
export function retryDelayMs(baseMs: number, attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Sends what the outbox holds. Each due delivery is claimed first (PostgreSQL: FOR UPDATE SKIP
 * LOCKED, so instances never take the same row; SQLite: one writer at a time), for a lease a little
 * longer than an attempt can take; a process that dies mid-attempt leaves its claim to expire and
 * the delivery is sent again, with the same webhook-id, by whichever instance comes next.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly instance = `${hostname().slice(0, 30)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private commits: Subscription | null = null;
  private retention: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get settings() {
    return this.config.notifications;
  }

  onApplicationBootstrap(): void {
    if (!this.settings.deliveryEnabled) return;
    // A commit may have queued something: look now rather than at the next poll.
    this.commits = this.unitOfWork.commits.subscribe(() => this.wake());
    this.schedule(0);
    this.retention = setInterval(
      () => void this.prune().catch((e: unknown) => this.logger.error(`Pruning deliveries failed: ${String(e)}`)),
      HOUR_MS,
    );
    this.retention.unref?.();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.commits?.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    if (this.retention) clearInterval(this.retention);
    await this.running?.catch(() => undefined);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.timer) this.schedule(WAKE_DELAY_MS);
  }

  /**
   * Deletes delivered and dead deliveries older than NOTIFICATIONS_RETENTION_DAYS, on one instance at
   * a time; pending ones stay whatever their age. Returns how many.
   */
  async prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * 24 * HOUR_MS).toISOString();
    const deleted = await runSingletonJob(this.dataSource, 'notification-retention', async () => {
      let total = 0;
      for (;;) {
        const batch = await this.unitOfWork.write(async (m) => {
          const result = await m
            .createQueryBuilder()
            .delete()
            .from(DeliveryEntity)
            .where(
              `id IN (SELECT id FROM notification_deliveries WHERE status IN ('delivered', 'dead') AND created_at < :cutoff LIMIT :limit)`,
              { cutoff, limit: DELETE_BATCH },
            )
            .execute();
          return result.affected ?? 0;
        });
        total += batch;
        if (batch < DELETE_BATCH || this.stopped) return total;
      }
    });
    return deleted ?? 0;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick()
        .catch((error: unknown) => this.logger.error(`Sending notifications failed: ${String(error)}`))
        .finally(() => {
          this.running = null;
          const more = this.again;
          this.again = false;
          this.schedule(more ? 0 : this.settings.pollMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      // Channels in parallel; one channel's messages one after another, oldest first, so a receiver
      // hears of things in the order they happened (retries aside).
      const byChannel = new Map<string, DeliveryEntity[]>();
      for (const row of claimed) byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row]);
      await Promise.all(
        [...byChannel.values()].map(async (rows) => {
          for (const row of rows.sort((a, b) => a.created_at.localeCompare(b.created_at))) await this.attempt(row);
        }),
      );
      if (claimed.length < BATCH) return;
    }
  }

  /** Takes up to BATCH due deliveries for this instance; nobody else takes them until the lease ends. */
  private async claim(): Promise<DeliveryEntity[]> {
    const now = new Date();
    // A read first: most looks find nothing due, and then take no write lock (on SQLite, the whole file's).
    const due = await this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.id')
      .where("d.status = 'pending' AND d.next_attempt_at <= :now AND (d.claimed_until IS NULL OR d.claimed_until < :now)", {
        now: now.toISOString(),
      })
      .limit(1)
      .getRawMany();
    if (due.length === 0) return [];
    const leaseUntil = new Date(now.getTime() + this.settings.timeoutMs * 2 + 5_000).toISOString();
    const postgres = this.dataSource.options.type === 'postgres';
    const sql = `UPDATE notification_deliveries SET claimed_by = :me, claimed_until = :lease
      WHERE id IN (SELECT id FROM notification_deliveries
        WHERE status = 'pending' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
        ORDER BY next_attempt_at, created_at LIMIT :batch${postgres ? ' FOR UPDATE SKIP LOCKED' : ''})
      RETURNING id`;
    const ids = await this.unitOfWork.write(async (m) => {
      const [query, values] = m.connection.driver.escapeQueryWithParameters(sql, {
        me: this.instance,
        lease: leaseUntil,
        now: now.toISOString(),
        batch: BATCH,
      });
      const rows = (await m.query(query, values)) as Array<{ id: string }> | [Array<{ id: string }>, number];
      // PostgreSQL answers an UPDATE … RETURNING as [rows, count].
      const list = postgres && Array.isArray(rows[0]) ? (rows[0] as Array<{ id: string }>) : (rows as Array<{ id: string }>);
      return list.map((r) => r.id);
    });
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(DeliveryEntity).find({ where: ids.map((id) => ({ id })) });
  }

  private async attempt(row: DeliveryEntity): Promise<void> {
    const channel = await this.dataSource.getRepository(ChannelEntity).findOneBy({ id: row.channel_id });
    const started = Date.now();
    let outcome: SendOutcome;
    if (!channel) outcome = { ok: false, statusCode: null, detail: 'the channel was deleted' };
    else if (!channel.enabled && row.event_type !== 'test') outcome = { ok: false, statusCode: null, detail: 'the channel is disabled' };
    else {
      outcome = await send(channel, { id: row.id, payload: row.payload, timeoutMs: this.settings.timeoutMs, now: new Date() }).catch(
        (error: unknown) => ({ ok: false, statusCode: null, detail: String(error).slice(0, 200) }),
      );
    }
    const latency = Date.now() - started;
    const at = new Date().toISOString();
    const attempts = row.attempts + 1;
    const giveUp = !outcome.ok && (attempts >= this.settings.maxAttempts || !channel || (!channel.enabled && row.event_type !== 'test'));
    const entry: DeliveryAttempt = {
      attempt: attempts,
      at,
      ok: outcome.ok,
      status_code: outcome.statusCode,
      latency_ms: latency,
      error: outcome.detail,
    };
    const status = outcome.ok ? 'delivered' : giveUp ? 'dead' : 'pending';
    const next = status === 'pending' ? new Date(Date.now() + retryDelayMs(this.settings.retryBaseMs, attempts)).toISOString() : null;
    await this.unitOfWork.write(async (m) => {
      // Only while the claim is still ours: a lease that ran out may have passed the row to another instance.
      await m
        .createQueryBuilder()
        .update(DeliveryEntity)
        .set({
          status,
          attempts,
          next_attempt_at: next,
          claimed_by: null,
          claimed_until: null,
          delivered_at: outcome.ok ? at : null,
          last_status_code: outcome.statusCode,
          latency_ms: latency,
          error: outcome.ok ? null : outcome.detail,
          attempt_log: [...row.attempt_log, entry].slice(-50),
        })
        .where('id = :id AND claimed_by = :me', { id: row.id, me: this.instance })
        .execute();
    });
    if (status === 'dead')
      this.logger.warn(`Delivery ${row.id} (${row.event_type}) gave up after ${attempts} attempt(s): ${outcome.detail ?? ''}`);
  }
}
