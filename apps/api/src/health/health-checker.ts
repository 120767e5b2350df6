import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CheckCancelled, type CheckContext, type CheckOutcome, type CheckRequest } from './checks/check-request.js';
import { CheckThreads } from './checks/check-threads.js';
import type { performCheck } from './checks/perform-check.js';

export { checkUrl } from './checks/check-plan.js';
export { describeCheckError } from './checks/check-errors.js';
export type { CheckOutcome, CheckRequest } from './checks/check-request.js';

/** Connections kept open per target between checks; more are opened when checks of one host overlap. */
const KEEP_ALIVE_MS = 30_000;

/**
 * Where the check thread's code is: beside the bundle (dist/api/health-check-worker.bundle.mjs, see
 * apps/api/bundle.mjs), or beside this module when run as compiled JavaScript. Null when run from
 * TypeScript source (under the test runner), which a thread cannot load.
 */
function checkThreadEntry(): URL | null {
  for (const candidate of ['./health-check-worker.bundle.mjs', './checks/check-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

/**
 * Runs health checks of every kind (checks/perform-check.ts) in threads of their own, so a check's
 * response time is measured on a thread that does nothing else: on the service's own thread, busy
 * with storing results and serving requests, an answer that took 1 ms could be noticed (and timed)
 * tens of milliseconds later. The threads start with the first check; where none can be started,
 * checks run on this thread.
 */
@Injectable()
export class HealthChecker implements OnModuleDestroy {
  private readonly logger = new Logger(HealthChecker.name);
  private readonly shutdown = new AbortController();
  private readonly dnsServers: string[];
  private readonly threadCount: number;
  private context: CheckContext | null = null;
  private here: Promise<{ perform: typeof performCheck; context: CheckContext }> | undefined;
  private threads: CheckThreads | null | undefined;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dnsServers = config.health.dnsServers;
    this.threadCount = config.health.checkThreads;
  }

  /** Resolves with what the check found; rejects only when cut short by shutdown (no result, not a failure). */
  async check(request: CheckRequest): Promise<CheckOutcome> {
    if (this.closed) throw new CheckCancelled();
    const checkedAt = this.clock.now();
    const threads = this.checkThreads();
    if (threads?.usable) return threads.run(request, checkedAt);
    const here = await this.checksHere();
    return here.perform(request, here.context, checkedAt);
  }

  /** True once shutting down: a check cut short then has no result. */
  get closed(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Whether checks run in threads of their own (false: on this thread). */
  get threaded(): boolean {
    return this.checkThreads()?.usable ?? false;
  }

  /** Cuts checks under way short, ends the check threads and closes kept connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.shutdown.abort();
    await Promise.all([this.threads?.close(), this.context?.agent.destroy().catch(() => undefined)]);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private checkThreads(): CheckThreads | null {
    if (this.threads !== undefined) return this.threads;
    const entry = this.threadCount > 0 ? checkThreadEntry() : null;
    if (!entry) {
      this.logger.log(
        this.threadCount > 0
          ? 'Health checks run on the service thread: no compiled check thread beside this module (running from source)'
          : 'Health checks run on the service thread (HEALTH_CHECK_THREADS=0)',
      );
      this.threads = null;
      return null;
    }
    this.threads = new CheckThreads(entry, this.threadCount, { dnsServers: this.dnsServers }, (problem) => this.logger.error(problem));
    this.logger.log(`Health checks run in ${this.threadCount} thread(s) of their own`);
    return this.threads;
  }

  /**
   * The check code and what checks on this thread share, loaded once, on first use: with check
   * threads (the default) this thread never needs them, and not loading them keeps the service smaller.
   */
  private checksHere(): Promise<{ perform: typeof performCheck; context: CheckContext }> {
    this.here ??= import('./checks/checks-here.js').then(({ performCheck, Agent }) => {
      this.context = {
        agent: new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS }),
        dnsServers: this.dnsServers,
        shutdown: this.shutdown.signal,
      };
      return { perform: performCheck, context: this.context };
    });
    return this.here;
  }
}
