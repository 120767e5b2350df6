import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SYSTEM } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { Deployment } from '../domain.js';
import { EventsService } from '../events/events.service.js';
import { TimelineService, type TimelineRecord } from '../timeline/timeline.service.js';

export const DEPLOY_HOOK_TIMEOUT_MS = 5_000;

/** Why a call did not get an answer, in words an operator can act on; never the hook's full URL, which may hold a secret. */
function describeFailure(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${DEPLOY_HOOK_TIMEOUT_MS / 1000} s`;
  // Node's fetch reports network failures as "fetch failed" with the real reason in `cause`.
  // Duck-typed, not instanceof: the error may come from another realm (e.g. under a test runner's VM).
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | null)?.cause;
  for (const candidate of [cause, error] as Array<{ message?: unknown; code?: unknown } | null | undefined>) {
    if (typeof candidate?.message === 'string' && candidate.message !== '') return candidate.message;
    if (typeof candidate?.code === 'string') return candidate.code;
  }
  return String(error);
}

/**
 * Tells a pipeline to start a deployment by POSTing the deployment to the environment's hook.
 * Runs after the execute is committed and never holds up the response; the answer, or the
 * lack of one, goes on the deployment's timeline.
 */
@Injectable()
export class DeployHookCaller implements OnModuleDestroy {
  private readonly logger = new Logger(DeployHookCaller.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly events: EventsService,
  ) {}

  call(url: string, deployment: Deployment): void {
    const run: Promise<void> = this.deliver(url, deployment).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  private async deliver(url: string, deployment: Deployment): Promise<void> {
    let record: TimelineRecord;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'workflow-mcp' },
        body: JSON.stringify(deployment),
        signal: AbortSignal.timeout(DEPLOY_HOOK_TIMEOUT_MS),
      });
      // The answer's body is not used; releasing it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      record = response.ok
        ? { kind: 'hook_called', message: `Deploy hook answered ${response.status}`, data: { status: response.status } }
        : {
            kind: 'hook_failed',
            message: `Deploy hook answered ${response.status}; the pipeline may not have started`,
            data: { status: response.status },
          };
    } catch (error) {
      const reason = describeFailure(error);
      record = { kind: 'hook_failed', message: `Deploy hook could not be called: ${reason}`, data: { error: reason } };
    }
    if (record.kind === 'hook_failed') this.logger.warn(`Deployment ${deployment.id}: ${record.message}`);
    try {
      await this.unitOfWork.write(async (m) => {
        await this.timeline.append(m, 'deployment', deployment.id, SYSTEM, record);
        await this.events.record(m, 'deployment', deployment.id, record.kind, SYSTEM);
      });
    } catch (error) {
      this.logger.error(`Deployment ${deployment.id}: could not record the deploy hook's outcome: ${String(error)}`);
    }
  }

  /** Lets calls under way record their outcome before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
