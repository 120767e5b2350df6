import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SYSTEM } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError, type Deployment, type Environment, type HealthCheck, type HealthCheckTrigger } from '../domain.js';
import { DomainEvents } from '../events/domain-events.js';
import { EventsService } from '../events/events.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { HealthCheckMetrics } from './health-check-metrics.js';
import { checkRequestFor, checkUrl, httpRequestFor } from './checks/check-plan.js';
import { describeTarget, type CheckRequest } from './checks/check-request.js';
import { HealthChecker } from './health-checker.js';
import { HealthResultsService } from './health-results.service.js';
import { HealthEnvironments } from './health.ports.js';

/** Everything needed to check one environment once. */
export interface CheckPlan {
  environmentId: string;
  /** Where the check goes (an HTTP URL, or tcp://, tls://, dns://), as stored with its result. */
  url: string;
  request: CheckRequest;
}

/**
 * The check an environment's own settings describe (of its kind), or, given a deployment's
 * health_check_url, an HTTP GET of that; null when there is nowhere to check.
 */
export function planFor(environment: Environment, deploymentUrl?: string): CheckPlan | null {
  let request: CheckRequest | null;
  if (deploymentUrl === undefined) {
    request = checkRequestFor(environment.url, environment.health_check);
  } else {
    const url = checkUrl(environment.url, deploymentUrl);
    request = url ? httpRequestFor(url, environment.health_check) : null;
  }
  return request ? { environmentId: environment.id, url: describeTarget(request), request } : null;
}

/**
 * Runs checks of environments, whoever asks (the scheduler, "check now", a completed deployment),
 * and never two of one environment at once: a check asked for while one of the same URL is under
 * way gets that one's result, and a check of another URL (a deployment's health_check_url) waits
 * for it to finish.
 */
@Injectable()
export class HealthCheckRunner implements OnModuleDestroy {
  private readonly logger = new Logger(HealthCheckRunner.name);
  private readonly inFlight = new Map<string, { url: string; result: Promise<HealthCheck | null> }>();
  private readonly afterDeployments = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly checker: HealthChecker,
    private readonly results: HealthResultsService,
    private readonly environments: HealthEnvironments,
    private readonly unitOfWork: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly events: EventsService,
    private readonly metrics: HealthCheckMetrics,
    domainEvents: DomainEvents,
  ) {
    domainEvents.on('deployment.completed', ({ deployment }) => this.checkAfterDeployment(deployment));
  }

  /** Checks in flight now. */
  get running(): number {
    return this.inFlight.size;
  }

  /**
   * Resolves with the stored check, or null when it was cut short by shutdown or the environment is
   * gone. `onAnswered` is called as soon as this call needs no more of the network (the answer, or
   * the lack of one, is in; storing it follows), so a bound on concurrent requests can be freed early.
   */
  async run(
    plan: CheckPlan,
    trigger: HealthCheckTrigger,
    deploymentId: string | null = null,
    onAnswered?: () => void,
  ): Promise<HealthCheck | null> {
    for (let current = this.inFlight.get(plan.environmentId); current; current = this.inFlight.get(plan.environmentId)) {
      if (deploymentId === null && current.url === plan.url) {
        onAnswered?.();
        return current.result;
      }
      await current.result.catch(() => undefined);
    }
    const result = this.execute(plan, trigger, deploymentId, onAnswered).finally(() => {
      if (this.inFlight.get(plan.environmentId)?.result === result) this.inFlight.delete(plan.environmentId);
    });
    this.inFlight.set(plan.environmentId, { url: plan.url, result });
    return result;
  }

  /** "Check now": checks at once, whatever the schedule or settings say, and returns the stored result. */
  async checkNow(idOrName: string): Promise<HealthCheck> {
    const environment = await this.environments.require(idOrName);
    const plan = planFor(environment);
    if (!plan) {
      throw new DomainError(
        'conflict',
        `Environment "${environment.name}" has nowhere to check: set its url, or health_check.target (a full URL, or for tcp, tls and dns checks the host to check).`,
      );
    }
    const check = await this.run(plan, 'manual');
    if (!check) throw DomainError.notFound('environment', idOrName, 'It was deleted while being checked.');
    return check;
  }

  /**
   * After a deployment completed (and its transaction committed): checks its environment at once,
   * at deployment_config.health_check_url if set, else where the environment's own checks go.
   * The result goes on the deployment's timeline. Never holds up the caller.
   */
  checkAfterDeployment(deployment: Deployment): void {
    const run: Promise<void> = this.afterDeployment(deployment)
      .catch((error: unknown) =>
        this.logger.error(`Deployment ${deployment.id}: the post-deployment health check failed to run: ${String(error)}`),
      )
      .finally(() => this.afterDeployments.delete(run));
    this.afterDeployments.add(run);
  }

  private async afterDeployment(deployment: Deployment): Promise<void> {
    const environment = await this.environments.find(deployment.environment_id);
    if (!environment || this.shutdown.signal.aborted) return;
    const asked = deployment.deployment_config.health_check_url;
    if (typeof asked === 'string' && asked !== '') {
      const plan = planFor(environment, asked);
      if (plan) {
        await this.run(plan, 'deployment', deployment.id);
        return;
      }
      await this.unitOfWork.write(async (m) => {
        await this.timeline.append(m, 'deployment', deployment.id, SYSTEM, {
          kind: 'health_check',
          message: `No health check after deployment: health_check_url ${asked} is a path and ${environment.name} has no url to join it to`,
          data: { status: null, url: null, health_check_url: asked, environment_name: environment.name },
        });
        await this.events.record(m, 'deployment', deployment.id, 'health_check', SYSTEM);
      });
      return;
    }
    // Without a URL of its own, the deployment is checked like its environment, if that is checked at all.
    const plan = environment.health_check.enabled ? planFor(environment) : null;
    if (plan) await this.run(plan, 'deployment', deployment.id);
  }

  private async execute(
    plan: CheckPlan,
    trigger: HealthCheckTrigger,
    deploymentId: string | null,
    onAnswered?: () => void,
  ): Promise<HealthCheck | null> {
    let outcome;
    try {
      if (this.shutdown.signal.aborted || this.checker.closed) return null;
      outcome = await this.checker.check(plan.request);
    } catch (error) {
      if (this.shutdown.signal.aborted || this.checker.closed) return null;
      throw error;
    } finally {
      onAnswered?.();
    }
    const check = await this.results.record({ environmentId: plan.environmentId, outcome, trigger, deploymentId });
    if (check) this.metrics.observe(check);
    return check;
  }

  /** Cuts checks under way short (an interrupted check is no result) and lets post-deployment checks finish recording. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    await this.checker.close();
    await Promise.allSettled([...[...this.inFlight.values()].map((f) => f.result), ...this.afterDeployments]);
  }
}
