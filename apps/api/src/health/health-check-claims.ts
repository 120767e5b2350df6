import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { Subject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { postgresClient } from '../database/postgres-client.js';
import { lockKey } from '../database/singleton-job.js';

/** Environments are spread over this many buckets; an instance checks the environments of the buckets it holds. */
export const HEALTH_CHECK_BUCKETS = 64;
/** First key of the buckets' advisory locks ('WFHC'); the second is the bucket number. */
export const HEALTH_CHECK_LOCK_NAMESPACE = 0x57464843;
/** How often an instance counts the live instances and takes (or gives back) buckets: the failover time. */
export const HEALTH_CHECK_LEASE_MS = 10_000;
/** application_name of the sessions holding buckets; live instances are counted by it. */
export const HEALTH_CHECK_APPLICATION = 'workflow-mcp health-checks';

/** The bucket of an environment: a stable hash of its id, the same in every instance. */
export function bucketOf(environmentId: string): number {
  return (lockKey(environmentId) >>> 0) % HEALTH_CHECK_BUCKETS;
}

/**
 * Which environments this instance schedules checks for. On SQLite (one process runs scheduled
 * checks) that is all of them. On PostgreSQL, instances sharing the database split the environments
 * into HEALTH_CHECK_BUCKETS buckets, each held as a session-level advisory lock
 * (`pg_try_advisory_lock`) on a connection of its own: every lease period an instance counts the
 * live instances (sessions named HEALTH_CHECK_APPLICATION), gives back buckets above its share
 * (ceil(buckets / live)) and takes free ones up to it, plus any bucket nobody holds. When an
 * instance dies its session ends and its locks with it, and the others take its buckets on their
 * next lease tick; when its lock connection fails it stops checking everything at once.
 * So each environment is checked by one instance, whatever their number.
 */
@Injectable()
export class HealthCheckClaims implements OnModuleDestroy {
  private readonly logger = new Logger(HealthCheckClaims.name);
  private readonly held = new Set<number>();
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private active = false;
  /** Buckets nobody held at the previous tick. */
  private freeBefore = new Set<number>();
  /** Emits when the set of held buckets changed. */
  readonly changes = new Subject<void>();
  readonly instance = `${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether buckets are shared with other instances (PostgreSQL) rather than all local (SQLite). */
  get shared(): boolean {
    return this.config.database.kind === 'postgres';
  }

  get heldBuckets(): number {
    return this.shared ? this.held.size : HEALTH_CHECK_BUCKETS;
  }

  owns(environmentId: string): boolean {
    return !this.shared || this.held.has(bucketOf(environmentId));
  }

  /** Takes this instance's first buckets, then keeps the lease every HEALTH_CHECK_LEASE_MS. */
  async start(): Promise<void> {
    if (!this.shared || this.active) return;
    this.active = true;
    await this.tick();
    if (!this.active) return;
    this.timer = setInterval(() => void this.tick(), HEALTH_CHECK_LEASE_MS);
    this.timer.unref();
  }

  /** One lease round; concurrent callers share it. */
  tick(): Promise<void> {
    if (!this.active) return Promise.resolve();
    this.ticking ??= this.balance()
      .catch((error: unknown) => {
        this.logger.error(`Could not renew health-check buckets: ${String(error)}`);
        this.lose();
      })
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    if (this.config.database.kind !== 'postgres') throw new Error('health-check buckets need PostgreSQL');
    const client = await postgresClient({
      connectionString: this.config.database.url,
      application_name: `${HEALTH_CHECK_APPLICATION} ${this.instance}`,
      keepAlive: true,
    });
    // A broken session has lost its locks: stop checking at once, reconnect on the next tick.
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.logger.error(`Health-check lock connection failed: ${String(error)}`);
      this.lose();
    });
    client.on('end', () => {
      if (this.client === client) this.lose();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async balance(): Promise<void> {
    const client = await this.connect();
    const live = await client.query<{ live: string }>(
      `SELECT count(*) AS live FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1`,
      [`${HEALTH_CHECK_APPLICATION} %`],
    );
    const share = Math.ceil(HEALTH_CHECK_BUCKETS / Math.max(1, Number(live.rows[0]?.live ?? 1)));
    let changed = false;
    let released = false;
    // Above the share (another instance joined): give back the highest buckets, after unscheduling them.
    if (this.held.size > share) {
      const extra = [...this.held].sort((a, b) => b - a).slice(0, this.held.size - share);
      for (const bucket of extra) this.held.delete(bucket);
      this.changes.next();
      for (const bucket of extra) await client.query('SELECT pg_advisory_unlock($1, $2)', [HEALTH_CHECK_LOCK_NAMESPACE, bucket]);
      released = true;
    }
    const taken = await client.query<{ bucket: number }>(
      `SELECT objid::int AS bucket FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [HEALTH_CHECK_LOCK_NAMESPACE],
    );
    const busy = new Set(taken.rows.map((r) => Number(r.bucket)));
    const free = [...Array(HEALTH_CHECK_BUCKETS).keys()].filter((b) => !busy.has(b));
    // Start at a different place in each instance, so that instances taking buckets at once seldom collide.
    const offset = parseInt(this.instance.slice(-6), 16) % Math.max(1, free.length);
    const order = [...free.slice(offset), ...free.slice(0, offset)];
    // Up to the share; beyond it only buckets nobody has held for a whole lease (the count of live
    // instances may still include one that just died), never ones just given back for a newcomer.
    for (const bucket of order) {
      if (this.held.size >= share && (released || !this.freeBefore.has(bucket))) continue;
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [HEALTH_CHECK_LOCK_NAMESPACE, bucket]);
      if (got.rows[0]?.ok) {
        this.held.add(bucket);
        changed = true;
      }
    }
    this.freeBefore = new Set(free.filter((b) => !this.held.has(b)));
    if (changed) this.changes.next();
  }

  /** The session (and every lock) is gone or in doubt: hold nothing until the next tick reconnects. */
  private lose(): void {
    const client = this.client;
    this.client = null;
    if (client) void client.end().catch(() => undefined);
    if (this.held.size > 0) {
      this.held.clear();
      this.changes.next();
    }
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    const client = this.client;
    this.client = null;
    this.held.clear();
    // Ending the session releases every lock at once.
    if (client) await client.end().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
