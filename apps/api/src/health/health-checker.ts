import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent } from 'undici';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CheckCancelled, type CheckContext, type CheckOutcome, type CheckRequest } from './checks/check-request.js';
import { performCheck } from './checks/perform-check.js';

export { checkUrl } from './checks/check-plan.js';
export { describeCheckError } from './checks/check-errors.js';
export { judgeAnswer } from './checks/http-check.js';
export type { CheckOutcome, CheckRequest } from './checks/check-request.js';

/** Connections kept open per target between checks; more are opened when checks of one host overlap. */
const KEEP_ALIVE_MS = 30_000;

/** Runs health checks of every kind (checks/perform-check.ts) for the service, and cuts them short on shutdown. */
@Injectable()
export class HealthChecker implements OnModuleDestroy {
  private readonly shutdown = new AbortController();
  private readonly context: CheckContext;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.context = {
      agent: new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS }),
      dnsServers: config.health.dnsServers,
      shutdown: this.shutdown.signal,
    };
  }

  /** Resolves with what the check found; rejects only when cut short by shutdown (no result, not a failure). */
  async check(request: CheckRequest): Promise<CheckOutcome> {
    if (this.closed) throw new CheckCancelled();
    return performCheck(request, this.context, this.clock.now());
  }

  /** True once shutting down: a check cut short then has no result. */
  get closed(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Cuts checks under way short and closes kept connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.shutdown.abort();
    await this.context.agent.destroy().catch(() => undefined);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
