import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHealthTarget, type HealthTarget } from './support/health-target.js';
import { connectInProcess, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';

/**
 * System health over a registry of a few hundred environments, each checked for real: the summary
 * counts all of them, the attention list and the page stay bounded, filters and keyset paging walk
 * every environment exactly once, and the MCP reply does not grow with the registry.
 */
describe('system health at a few hundred environments', () => {
  let svc: RunningService;
  let target: HealthTarget;
  let mcp: McpSession;
  const TYPES = ['production', 'staging', 'development', 'testing'] as const;
  /** name → [type, expected status]. */
  const expected = new Map<string, [string, string]>();

  const create = async (name: string, type: string, healthCheck: Record<string, unknown>) => {
    const res = await svc.call('POST', '/api/environments', { name, environment_type: type, url: target.url, health_check: healthCheck });
    expect([name, res.status]).toEqual([name, 201]);
    return res.body.id as string;
  };
  const checkNow = async (id: string) => expect((await svc.call('POST', `/api/environments/${id}/check`)).status).toBe(200);
  const systemHealth = async (query = '') => {
    const res = await svc.call('GET', `/api/system-health${query}`);
    expect(res.status).toBe(200);
    return res.body.system_health;
  };

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService();
    for (let i = 0; i < 300; i++) {
      const type = TYPES[i % 4]!;
      const name = `env-${String(i).padStart(3, '0')}`;
      // 1 in 10 critical, 1 in 15 slow (warning), 1 in 25 never checked, the rest healthy.
      const kind = i % 10 === 3 ? 'critical' : i % 15 === 7 ? 'warning' : i % 25 === 11 ? 'unknown' : 'healthy';
      const check =
        kind === 'critical'
          ? { target: '/status/503' }
          : kind === 'warning'
            ? { target: '/slow?ms=60', slow_threshold_ms: 20 }
            : kind === 'unknown'
              ? { target: '/ok', enabled: false }
              : { target: '/ok' };
      const id = await create(name, type, check);
      expected.set(name, [type, kind]);
      if (kind !== 'unknown') await checkNow(id);
    }
    mcp = await connectInProcess(svc);
  }, 180_000);
  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
    await target?.close();
  });

  const count = (status?: string, type?: string) =>
    [...expected.values()].filter(([t, s]) => (status === undefined || s === status) && (type === undefined || t === type)).length;

  it('counts every environment by status and by type, and lists the ones needing attention first', async () => {
    const health = await systemHealth();
    expect(health.summary).toMatchObject({
      total_environments: 300,
      healthy_environments: count('healthy'),
      warning_environments: count('warning'),
      critical_environments: count('critical'),
      unknown_environments: count('unknown'),
      last_check: expect.any(String),
    });
    for (const type of TYPES) {
      expect(health.summary.by_environment_type[type]).toEqual({
        total: count(undefined, type),
        healthy: count('healthy', type),
        warning: count('warning', type),
        critical: count('critical', type),
        unknown: count('unknown', type),
      });
    }
    // Critical ones first, capped at 20 though there are 30 of them; each drills down to its status.
    expect(count('critical')).toBe(30);
    expect(health.attention).toHaveLength(20);
    expect(health.attention.every((e: { status: string }) => e.status === 'critical')).toBe(true);
    const first = health.attention[0];
    const detail = await svc.call('GET', `/api/environments/${first.environment_id}/status`);
    expect(detail.body.health).toMatchObject({ status: 'critical', status_since: first.status_since });
    // One page, by name, not every environment.
    expect(health.environments).toHaveLength(50);
    expect(health.environments[0].name).toBe('env-000');
    expect(health.page).toMatchObject({ total: 300, has_more: true, limit: 50 });
    expect(health.recent_checks).toHaveLength(20);
  });

  it('walks every environment exactly once through the pages, with filters', async () => {
    const walk = async (filter: string) => {
      const seen: Array<{ name: string; status: string; environment_type: string }> = [];
      let cursor: string | null = null;
      do {
        const page = await systemHealth(`?limit=37${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.environments);
        cursor = page.page.next_cursor;
      } while (cursor);
      return seen;
    };
    const all = await walk('');
    expect(all.map((e) => e.name)).toEqual([...expected.keys()].sort());
    for (const e of all) expect([e.name, e.environment_type, e.status]).toEqual([e.name, ...expected.get(e.name)!]);

    const warningStaging = await walk('&status=warning&environment_type=staging');
    expect(warningStaging.length).toBe(count('warning', 'staging'));
    expect(warningStaging.every((e) => e.status === 'warning' && e.environment_type === 'staging')).toBe(true);
    const unknown = await walk('&status=unknown');
    expect(unknown.length).toBe(count('unknown'));

    const searched = await systemHealth('?search=ENV-10');
    expect(searched.environments.map((e: { name: string }) => e.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `env-10${i}`).filter((n) => expected.has(n)),
    );
    // Filters narrow the list only; the summary still counts every environment.
    expect(searched.summary.total_environments).toBe(300);
    // A wildcard in the search is text, not a pattern.
    expect((await systemHealth('?search=%25')).environments).toEqual([]);
  });

  it('refuses bad filters and cursors with a message naming the field', async () => {
    for (const [query, field] of [
      ['?status=sideways', 'status'],
      ['?environment_type=moon', 'environment_type'],
      ['?limit=0', 'limit'],
      ['?cursor=not-a-cursor', 'cursor'],
    ] as const) {
      const res = await svc.call('GET', `/api/system-health${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect(await mcp.fail('get_system_health', { status: 'sideways' })).toContain('status');
  });

  it('answers the same over MCP, with a concise reply that stays small', async () => {
    const reply = await mcp.call('get_system_health', {});
    // The summary, 10 environments needing attention, 10 latest checks and a page of 20, whatever the registry's size.
    expect(JSON.stringify(reply.structuredContent).length).toBeLessThan(9_000);
    const concise = reply.structuredContent as { system_health: any };
    const rest = await systemHealth();
    expect(concise.system_health.summary).toEqual(rest.summary);
    expect(concise.system_health.attention.map((e: { name: string }) => e.name)).toEqual(
      rest.attention.slice(0, 10).map((e: { name: string }) => e.name),
    );
    expect(concise.system_health.environments).toHaveLength(20);
    expect(concise.system_health.page).toMatchObject({ total: 300, has_more: true, limit: 20 });
    expect((await mcp.ok('get_system_health', { response_format: 'detailed' })).system_health).toEqual(rest);

    const critical = await mcp.ok('get_system_health', {
      response_format: 'detailed',
      status: 'critical',
      environment_type: 'staging',
      limit: 5,
    });
    expect(critical.system_health.environments).toHaveLength(Math.min(5, count('critical', 'staging')));
    expect(critical.system_health.environments).toEqual(
      (await systemHealth('?status=critical&environment_type=staging&limit=5')).environments,
    );
    const next = await mcp.ok('get_system_health', {
      response_format: 'detailed',
      status: 'critical',
      environment_type: 'staging',
      limit: 5,
      cursor: critical.system_health.page.next_cursor,
    });
    expect(next.system_health.environments[0].name > critical.system_health.environments.at(-1).name).toBe(true);

    const one = await mcp.ok('get_system_health', { environment_id: 'env-003' });
    expect(one.system_health.summary).toMatchObject({ total_environments: 1, critical_environments: 1 });
    expect(one.system_health.environments).toEqual([expect.objectContaining({ name: 'env-003', status: 'critical' })]);
  });
});
