import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { performance } from 'node:perf_hooks';
import type { Subscription } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ChangeEvent, Environment, HealthSchedulerStats } from '../domain.js';
import { HealthEnvironments } from './health.ports.js';
import { EventsService } from '../events/events.service.js';
import { HealthCheckClaims } from './health-check-claims.js';
import { HealthCheckRunner, planFor, type CheckPlan } from './health-check.runner.js';

interface Entry {
  plan: CheckPlan;
  intervalMs: number;
  /** performance.now() time the next check is due. */
  dueAt: number;
  timer: NodeJS.Timeout | null;
  running: boolean;
  removed: boolean;
  lastStartedAt: number | null;
}

export type SchedulerStats = HealthSchedulerStats;

const LAG_SAMPLES = 10_000;
export const FOLLOW_MS = 1_000;
/** A full re-read of the environments, in case a change event was missed (events are the fast path). */
const RECONCILE_MS = 5 * 60_000;

/** Checks may start only while a slot is free; waiting checks start in the order they became due. */
class Slots {
  private active = 0;
  private readonly waiting: Array<(granted: boolean) => void> = [];
  private closed = false;

  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves true with a slot, or false once closed. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.active < this.size) {
      this.active += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.active -= 1;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(false);
  }
}

function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Checks every environment whose checks are enabled (and that is not inactive) at its own interval.
 * The first check of each comes at a random point within its interval, so a restart does not fire
 * them all at once; after that each is due one interval after the previous one was due. A check
 * waits for a free slot (HEALTH_MAX_CONCURRENT_CHECKS requests in flight), and the next one of an
 * environment is only timed once the previous has been answered and stored, so one environment's
 * checks never overlap.
 * Environments created, changed or deleted anywhere (this process or another on the same database)
 * reach it through the change log within about a second.
 * With several instances on one PostgreSQL database, each schedules only the environments of the
 * buckets it holds (HealthCheckClaims), so every environment is checked by one of them, and its
 * schedule follows the buckets as instances come and go.
 */
@Injectable()
export class HealthCheckScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HealthCheckScheduler.name);
  private readonly entries = new Map<string, Entry>();
  private readonly slots: Slots;
  private readonly lags: number[] = [];
  private lagCursor = 0;
  private started = 0;
  private active = false;
  /** The change log read so far. */
  private seenSeq = 0;
  private following: Promise<void> | null = null;
  private readonly changed = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private claimsChanged: Subscription | null = null;
  private reconciling: Promise<void> | null = null;
  private reconcileAgain = false;

  constructor(
    private readonly environments: HealthEnvironments,
    private readonly claims: HealthCheckClaims,
    private readonly runner: HealthCheckRunner,
    private readonly events: EventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new Slots(config.health.maxConcurrentChecks);
  }

  get isRunning(): boolean {
    return this.active;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.health.checksEnabled) await this.start();
  }

  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.seenSeq = await this.events.latestSeq();
    this.claimsChanged = this.claims.changes.subscribe(() => this.onClaimsChanged());
    await this.claims.start();
    await this.reconcile();
    this.logger.log(`Checking ${this.entries.size} environment(s) on schedule`);
  }

  stats(): SchedulerStats | null {
    if (!this.active) return null;
    const sorted = [...this.lags].sort((a, b) => a - b);
    return {
      scheduled_environments: this.entries.size,
      checks_in_flight: this.slots.inUse,
      checks_waiting: this.slots.queued,
      checks_started: this.started,
      start_lag_ms:
        sorted.length === 0
          ? null
          : {
              samples: sorted.length,
              p50: Math.round(nearestRank(sorted, 0.5)),
              p99: Math.round(nearestRank(sorted, 0.99)),
              max: Math.round(sorted.at(-1)!),
            },
    };
  }

  /** Safety net behind the change events: re-reads every environment's settings now and then. */
  @Interval('health-checks-reconcile', RECONCILE_MS)
  async reconcileNow(): Promise<void> {
    if (this.active) await this.reconcile();
  }

  /** Buckets lost stop being checked at once; buckets gained are read and scheduled. */
  private onClaimsChanged(): void {
    if (!this.active) return;
    for (const id of [...this.entries.keys()]) if (!this.claims.owns(id)) this.remove(id);
    void this.reconcile().catch((error: unknown) => this.logger.error(`Could not re-read environments: ${String(error)}`));
  }

  /** One full re-read at a time; a request meanwhile runs once more after it. */
  private reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      try {
        do {
          this.reconcileAgain = false;
          await this.reconcileOnce();
        } while (this.reconcileAgain && this.active);
      } finally {
        this.reconciling = null;
      }
    })();
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const rows = await this.environments.all();
    const seen = new Set(rows.map((r) => r.id));
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.remove(id);
    for (const row of rows) this.upsert(row);
  }

  /**
   * Follows environment changes in the change log, written by this process or any other on the same
   * database. Once a second is soon enough for a schedule, and costs one indexed read whatever the
   * write rate (checks themselves write to the log only when a status changes).
   */
  @Interval('health-checks-follow-changes', FOLLOW_MS)
  followChanges(): Promise<void> | void {
    if (!this.active || this.following) return this.following ?? undefined;
    this.following = (async () => {
      try {
        for (;;) {
          const batch = await this.events.after(this.seenSeq, 500);
          for (const event of batch) {
            this.seenSeq = event.seq;
            this.onChange(event);
          }
          if (batch.length < 500) break;
        }
      } catch (error) {
        this.logger.error(`Could not read the change log: ${String(error)}`);
      } finally {
        this.following = null;
      }
    })();
    return this.following;
  }

  private onChange(event: ChangeEvent): void {
    if (event.entity !== 'environment' || !this.active) return;
    this.changed.add(event.entity_id);
    this.refreshing ??= this.refreshChanged().finally(() => (this.refreshing = null));
  }

  private async refreshChanged(): Promise<void> {
    while (this.changed.size > 0 && this.active) {
      const ids = [...this.changed];
      this.changed.clear();
      try {
        const rows = await this.environments.byIds(ids);
        const found = new Set(rows.map((r) => r.id));
        for (const id of ids) if (!found.has(id)) this.remove(id);
        for (const row of rows) this.upsert(row);
      } catch (error) {
        this.logger.error(`Could not re-read changed environments: ${String(error)}`);
      }
    }
  }

  private upsert(environment: Environment): void {
    const scheduled = environment.health_check.enabled && environment.status !== 'inactive' && this.claims.owns(environment.id);
    const plan = scheduled ? planFor(environment) : null;
    if (!plan) return this.remove(environment.id);
    const intervalMs = environment.health_check.interval_seconds * 1000;
    const entry = this.entries.get(environment.id);
    if (!entry) {
      const created: Entry = {
        plan,
        intervalMs,
        dueAt: performance.now() + Math.random() * intervalMs,
        timer: null,
        running: false,
        removed: false,
        lastStartedAt: null,
      };
      this.entries.set(environment.id, created);
      return this.arm(created);
    }
    entry.plan = plan;
    if (entry.intervalMs !== intervalMs) {
      entry.intervalMs = intervalMs;
      entry.dueAt =
        entry.lastStartedAt === null
          ? performance.now() + Math.random() * intervalMs
          : Math.max(performance.now(), entry.lastStartedAt + intervalMs);
      this.arm(entry);
    }
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.removed = true;
    if (entry.timer) clearTimeout(entry.timer);
    this.entries.delete(id);
  }

  /** Times the entry's next check; a running check times its successor itself when it ends. */
  private arm(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.running || entry.removed || !this.active) return;
    entry.timer = setTimeout(() => void this.fire(entry), Math.max(0, entry.dueAt - performance.now()));
  }

  private async fire(entry: Entry): Promise<void> {
    entry.timer = null;
    if (entry.removed || !this.active) return;
    entry.running = true;
    const due = entry.dueAt;
    try {
      if (!(await this.slots.acquire())) return;
      // The slot bounds requests in flight: it is freed once the answer is in, before it is stored.
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.slots.release();
      };
      try {
        if (entry.removed || !this.active) return;
        const startedAt = performance.now();
        this.recordLag(startedAt - due);
        entry.lastStartedAt = startedAt;
        this.started += 1;
        await this.runner.run(entry.plan, 'scheduled', null, release);
      } finally {
        release();
      }
    } catch (error) {
      this.logger.error(`Scheduled check of ${entry.plan.environmentId} failed: ${String(error)}`);
    } finally {
      entry.running = false;
      // Due one interval after the previous was due; if that has passed already, now.
      entry.dueAt = Math.max(due + entry.intervalMs, performance.now());
      this.arm(entry);
    }
  }

  private recordLag(lateBy: number): void {
    // Timers may fire a fraction of a millisecond early; that is on time, not negative lateness.
    const ms = Math.max(0, lateBy);
    if (this.lags.length < LAG_SAMPLES) this.lags.push(ms);
    else this.lags[this.lagCursor] = ms;
    this.lagCursor = (this.lagCursor + 1) % LAG_SAMPLES;
  }

  async onModuleDestroy(): Promise<void> {
    this.active = false;
    this.claimsChanged?.unsubscribe();
    this.claimsChanged = null;
    this.slots.close();
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
    await this.following;
    await this.reconciling?.catch(() => undefined);
    await this.claims.stop();
  }
}
