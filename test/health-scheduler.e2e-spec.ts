import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FOLLOW_MS } from '../apps/api/src/health/health-check.scheduler.js';
import { performance } from 'node:perf_hooks';
import { startHealthTarget, waitFor, type HealthTarget } from './support/health-target.js';
import { startService, type RunningService } from './support/service.js';

/**
 * The scheduler on the real clock, watched from the target's side: when requests arrive and end.
 * Waits are bounded; bounds on timing are loose on purpose (this proves behaviour, not speed:
 * the capacity figures come from `npm run bench:health`).
 */
describe('scheduled health checks', () => {
  let svc: RunningService;
  let target: HealthTarget;

  const environment = async (name: string, healthCheck: Record<string, unknown>) => {
    const res = await svc.call('POST', '/api/environments', {
      name,
      environment_type: 'staging',
      url: target.url,
      health_check: { interval_seconds: 5, ...healthCheck },
    });
    expect([name, res.status]).toEqual([name, 201]);
    return res.body;
  };

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { HEALTH_CHECKS_ENABLED: 'true' } });
  });
  afterAll(async () => {
    await svc.close();
    await target.close();
  });

  it('checks each environment at its interval, never two of one at once, and follows environments as they change', async () => {
    const steady = await environment('steady', { target: '/ok' });
    // Answers after 6.5 s, longer than its 5 s interval.
    await environment('sluggish', { target: '/slow?ms=6500', timeout_ms: 10_000, slow_threshold_ms: 10_000 });
    const quiet = await environment('never-checked', { target: '/status/200', enabled: false });
    expect(quiet.health_check.enabled).toBe(false);

    // The first check of each comes within one interval (jitter), the next one interval later.
    const steadyRequests = await waitFor(() => target.seen('/ok').length >= 2 && target.seen('/ok'), 16_000, 100);
    expect(steadyRequests).toBeTruthy();
    const [a, b] = target.seen('/ok');
    expect(b!.startedAt - a!.startedAt).toBeGreaterThanOrEqual(4_500);
    expect(b!.startedAt - a!.startedAt).toBeLessThan(8_000);

    // The slow one is checked again only after its previous check was answered.
    await waitFor(() => target.seen('/slow').length >= 2, 16_000, 100);
    const [first, second] = target.seen('/slow');
    expect(second).toBeDefined();
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt!);
    expect(target.seen('/status/200')).toEqual([]);

    const status = (await svc.call('GET', '/api/system-health?include_details=true')).body.system_health;
    expect(status.environments.find((e: { name: string }) => e.name === 'steady').status).toBe('healthy');
    expect(status.environments.find((e: { name: string }) => e.name === 'never-checked').status).toBe('unknown');
    // The scheduler's own measured figures, as it runs in this process.
    expect(status.detailed_metrics.health_checks).toMatchObject({ scheduled_environments: 2, checks_started: expect.any(Number) });
    expect(status.detailed_metrics.health_checks.start_lag_ms.samples).toBeGreaterThanOrEqual(3);
    expect(status.detailed_metrics.health_checks.start_lag_ms.p50).toBeGreaterThanOrEqual(0);

    // Changes reach the scheduler: checks turned off stop, a new environment is picked up.
    await svc.call('PATCH', `/api/environments/${steady.id}`, { health_check: { enabled: false } });
    const offAt = performance.now();
    await environment('newcomer', { target: '/status/204', expected_status: 204 });
    expect(await waitFor(() => target.seen('/status/204').length >= 1, 8_000, 100)).toBe(true);
    // The scheduler reads changes every FOLLOW_MS: a check may still start until it has, never after.
    expect(target.seen('/ok').filter((r) => r.startedAt > offAt + FOLLOW_MS + 500)).toEqual([]);
    const scheduled = async () =>
      (await svc.call('GET', '/api/system-health?include_details=true')).body.system_health.detailed_metrics.health_checks
        .scheduled_environments;
    expect(await scheduled()).toBe(2);
    await svc.call('DELETE', '/api/environments/newcomer');
    expect(await waitFor(async () => (await scheduled()) === 1, 3_000)).toBe(true);
  }, 60_000);

  it('stops at shutdown without waiting for checks under way', async () => {
    const own = await startService({ env: { HEALTH_CHECKS_ENABLED: 'true' } });
    const res = await own.call('POST', '/api/environments', {
      name: 'hanging',
      environment_type: 'production',
      url: target.url,
      health_check: { target: '/hang?shutdown', interval_seconds: 5, timeout_ms: 60_000 },
    });
    expect(res.status).toBe(201);
    expect(await waitFor(() => target.seen('/hang?shutdown').length > 0, 8_000, 50)).toBe(true);
    const started = performance.now();
    await own.close();
    // A check that would wait a minute for its answer is cut short; nothing is recorded for it.
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 30_000);
});
