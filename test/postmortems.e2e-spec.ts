import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventsService } from '../apps/api/src/events/events.service.js';
import { minimalDeployment, minimalIncident } from './support/fixtures.js';
import { startHealthTarget, type HealthTarget } from './support/health-target.js';
import { DETAILED, connectInProcess, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';

/**
 * Postmortems end to end: drafts written from a real incident, its linked deployment and real
 * health checks of a local HTTP server; saving with revisions; the Markdown export; follow-ups
 * across incidents; and the same rules over MCP.
 */

const ENV = 'pm-prod';
const OTHER_ENV = 'pm-staging';

describe('postmortems', () => {
  let svc: RunningService;
  let target: HealthTarget;
  let mcp: McpSession;
  /** The incident the suite writes its postmortem for: resolved, linked to a deployment, with checks around it. */
  let incident: { id: string; title: string };
  let deploymentId: string;

  const ok = async (method: string, path: string, body?: unknown, status = 200, headers: Record<string, string> = {}) => {
    const res = await svc.call(method, path, body, headers);
    expect({ path, status: res.status, body: res.status === status ? null : res.body }).toEqual({ path, status, body: null });
    return res.body;
  };
  const checkNow = (env: string) => ok('POST', `/api/environments/${env}/check`);

  async function resolvedIncident(env: string, title: string, extra: Record<string, unknown> = {}) {
    const created = await ok('POST', '/api/incidents', minimalIncident({ title, environment_id: env, ...extra }), 201);
    await ok('PUT', `/api/incidents/${created.id}`, { status: 'resolved', resolution_notes: 'Rolled back to v1.9.0' });
    return created as { id: string; title: string };
  }

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService();
    for (const name of [ENV, OTHER_ENV]) {
      await ok(
        'POST',
        '/api/environments',
        { name, environment_type: 'production', url: target.url, health_check: { target: `/switch/${name}` } },
        201,
      );
    }
    // Healthy before anything happens.
    await checkNow(ENV);
    const deployment = await ok(
      'POST',
      '/api/deployments',
      minimalDeployment({ title: 'Payments v2', environment_id: ENV, version: 'v2.0.0' }),
      201,
    );
    deploymentId = deployment.id;
    await ok('POST', `/api/deployments/${deploymentId}/execute`);
    await ok('POST', `/api/deployments/${deploymentId}/complete`, {});
    // The new version fails: the incident is opened against the deployment, the checks see the 500s, the rollback heals it.
    target.setStatus(ENV, 500);
    const opened = await ok(
      'POST',
      '/api/incidents',
      {
        title: 'Checkout returns 500',
        severity: 'critical',
        incident_type: 'outage',
        environment_id: ENV,
        deployment_id: deploymentId,
        affected_services: ['checkout-api'],
        impact: 'No customer could pay',
        description: 'Every checkout request failed with 500.',
      },
      201,
      { 'x-actor': 'kim' },
    );
    incident = opened;
    await checkNow(ENV);
    await checkNow(ENV);
    await ok('PUT', `/api/incidents/${incident.id}`, { status: 'investigating' }, 200, { 'x-actor': 'kim' });
    await ok('POST', `/api/incidents/${incident.id}/notes`, { note: 'Error rate jumped right after v2.0.0 went out' }, 201, {
      'x-actor': 'lee',
    });
    target.setStatus(ENV, 200);
    await checkNow(ENV);
    await ok('PUT', `/api/incidents/${incident.id}`, { status: 'resolved', resolution_notes: 'Rolled back to v1.9.0' }, 200, {
      'x-actor': 'kim',
    });
    mcp = await connectInProcess(svc, 'postmortems-e2e', { toolsets: ['postmortems'] });
  });
  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
    await target?.close();
  });

  it('drafts from the incident, its linked deployment and the real checks around it, leaving the root cause open', async () => {
    const draft = await ok('GET', `/api/incidents/${incident.id}/postmortem/draft`);
    expect(draft).toMatchObject({ incident_id: incident.id, root_cause: null, follow_ups: [], saved_revision: null });
    expect(draft.evidence.deployment).toMatchObject({ id: deploymentId, title: 'Payments v2', version: 'v2.0.0', status: 'completed' });
    expect(draft.evidence.environment).toMatchObject({ name: ENV });

    const health = draft.evidence.health;
    // Healthy before, two 500s while it was open (and the check the completion triggered, if it was stored in time), then healthy.
    expect(health.by_status.critical).toBeGreaterThanOrEqual(2);
    expect(health.by_status.healthy).toBeGreaterThanOrEqual(2);
    expect(health.checks).toBe(health.by_status.healthy + health.by_status.warning + health.by_status.critical);
    expect(Date.parse(health.first_failure_at)).toBeLessThan(Date.parse(health.recovered_at));
    expect(health.errors.join(' ')).toContain('500');

    expect(draft.summary).toContain('Checkout returns 500');
    expect(draft.summary).toContain('Resolution: Rolled back to v1.9.0');
    expect(draft.impact).toContain('No customer could pay');
    expect(draft.impact).toContain('Affected services: checkout-api.');
    expect(draft.impact).toMatch(
      new RegExp(`${ENV}: ${health.by_status.critical} critical and 0 warning of ${health.checks} health checks`),
    );
    expect(draft.contributing_factors[0]).toMatch(
      /Linked deployment "Payments v2": rolling of v2\.0\.0, started .* before the incident opened/,
    );
    expect(draft.contributing_factors.join('\n')).toContain(`Health checks of ${ENV} failed from ${health.first_failure_at}`);

    const kinds = draft.timeline_excerpt.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'status_changed', 'note', 'deployment', 'health']));
    const messages = draft.timeline_excerpt.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Error rate jumped right after v2.0.0 went out',
        'Deployment "Payments v2" (v2.0.0) started',
        expect.stringMatching(new RegExp(`^${ENV}: healthy → critical: `)),
        expect.stringMatching(new RegExp(`^${ENV}: critical → healthy, HTTP 200`)),
      ]),
    );
    expect(draft.timeline_excerpt.find((e: { message: string }) => e.message.startsWith('Error rate')).actor).toBe('lee');
    const times = draft.timeline_excerpt.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('refuses postmortems for incidents that are not resolved (409), and unknown incidents (404)', async () => {
    const open = await ok('POST', '/api/incidents', minimalIncident({ title: 'still burning' }), 201);
    const draft = await svc.call('GET', `/api/incidents/${open.id}/postmortem/draft`);
    expect(draft.status).toBe(409);
    expect(draft.body).toMatchObject({ error: 'conflict', current_status: 'open' });
    expect(draft.body.message).toMatch(/is open: postmortems are written once an incident is resolved/);
    const save = await svc.call('PUT', `/api/incidents/${open.id}/postmortem`, { summary: 'x' });
    expect(save.status).toBe(409);
    expect((await svc.call('GET', '/api/incidents/inc-nothing/postmortem/draft')).status).toBe(404);
    const none = await svc.call('GET', `/api/incidents/${open.id}/postmortem`);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/No postmortem saved/);
  });

  it('saves once per incident with revisions, records it on the timeline and the change log, and keeps follow-up ids', async () => {
    const draft = await ok('GET', `/api/incidents/${incident.id}/postmortem/draft`);
    const { evidence: _e, saved_revision: _s, incident_id: _i, ...fields } = draft;
    const first = await ok(
      'PUT',
      `/api/incidents/${incident.id}/postmortem`,
      {
        ...fields,
        root_cause: 'v2.0.0 read a config key that only exists in staging',
        follow_ups: [
          { title: 'Add the config key check to the pipeline', owner: 'kim', due_date: '2020-01-15' },
          { title: 'Canary payments deploys', owner: 'lee', due_date: '2999-03-01', status: 'in_progress' },
        ],
      },
      200,
      { 'x-actor': 'kim' },
    );
    expect(first).toMatchObject({
      incident_id: incident.id,
      revision: 1,
      updated_by: 'kim',
      root_cause: expect.stringContaining('config key'),
    });
    expect(first.timeline_excerpt).toEqual(draft.timeline_excerpt);
    expect(first.follow_ups).toEqual([
      expect.objectContaining({
        title: 'Add the config key check to the pipeline',
        status: 'open',
        overdue: true,
        incident_title: incident.title,
      }),
      expect.objectContaining({ title: 'Canary payments deploys', status: 'in_progress', overdue: false }),
    ]);

    const detail = await ok('GET', `/api/incidents/${incident.id}`);
    expect(detail.timeline.at(-1)).toMatchObject({
      message: 'Postmortem saved (revision 1, 2 follow-ups)',
      actor: 'kim',
      data: { postmortem_revision: 1 },
    });
    const events = await svc.app.get(EventsService).after(0, 10_000);
    expect(events.filter((e) => e.action === 'postmortem_saved')).toEqual([
      expect.objectContaining({ entity: 'incident', entity_id: incident.id }),
    ]);
    // A new draft knows one is saved, and does not quote the save itself.
    const again = await ok('GET', `/api/incidents/${incident.id}/postmortem/draft`);
    expect(again.saved_revision).toBe(1);
    expect(again.timeline_excerpt.map((e: { message: string }) => e.message)).not.toContain('Postmortem saved (revision 1, 2 follow-ups)');

    const blind = await svc.call('PUT', `/api/incidents/${incident.id}/postmortem`, { summary: 'overwrite' });
    expect(blind.status).toBe(409);
    expect(blind.body).toMatchObject({ error: 'revision_conflict' });
    expect(blind.body.message).toMatch(/save with revision 1/);

    const [kept, dropped] = first.follow_ups;
    const second = await ok('PUT', `/api/incidents/${incident.id}/postmortem`, {
      summary: 'Checkout failed for 20 minutes after v2.0.0',
      revision: 1,
      follow_ups: [
        { id: kept.id, title: kept.title, owner: kept.owner, due_date: kept.due_date, status: 'done' },
        { title: 'Alert on checkout 5xx', owner: 'park', due_date: '2999-01-01' },
      ],
    });
    expect(second.revision).toBe(2);
    // Left out: kept as saved.
    expect(second.root_cause).toBe(first.root_cause);
    expect(second.timeline_excerpt).toEqual(first.timeline_excerpt);
    expect(second.follow_ups.map((f: { title: string }) => f.title)).toEqual([kept.title, 'Alert on checkout 5xx']);
    expect(second.follow_ups[0]).toMatchObject({ id: kept.id, created_at: kept.created_at, status: 'done', overdue: false });
    expect(second.follow_ups.map((f: { id: string }) => f.id)).not.toContain(dropped.id);

    const stale = await svc.call('PUT', `/api/incidents/${incident.id}/postmortem`, { summary: 'late', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/you sent revision 1, it is now at 2/);
    expect((await ok('GET', `/api/incidents/${incident.id}/postmortem`)).summary).toBe('Checkout failed for 20 minutes after v2.0.0');
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const before = await ok('GET', `/api/incidents/${incident.id}/postmortem`);
    const put = (body: unknown) => svc.call('PUT', `/api/incidents/${incident.id}/postmortem`, body);
    const cases: Array<[unknown, RegExp]> = [
      [{ revision: before.revision }, /summary/],
      [{ summary: '   ', revision: before.revision }, /summary must not be blank/],
      [
        { summary: 's', revision: before.revision, follow_ups: [{ title: 't', owner: 'o', due_date: '2025-02-30' }] },
        /is not a real calendar day/,
      ],
      [{ summary: 's', revision: before.revision, follow_ups: [{ title: 't', owner: 'o', due_date: 'tomorrow' }] }, /YYYY-MM-DD/],
      [
        { summary: 's', revision: before.revision, follow_ups: [{ title: 't', owner: 'o', due_date: '2025-02-01', status: 'closed' }] },
        /status/,
      ],
      [{ summary: 's', revision: before.revision, follow_ups: [{ title: '', owner: 'o', due_date: '2025-02-01' }] }, /title/],
      [
        { summary: 's', revision: before.revision, follow_ups: [{ id: 'fu-not-mine', title: 't', owner: 'o', due_date: '2025-02-01' }] },
        /not a follow-up of this postmortem/,
      ],
      [{ summary: 's', revision: before.revision, timeline_excerpt: [{ at: 'noon', kind: 'note', message: 'm' }] }, /ISO-8601/],
      [{ summary: 's', revision: before.revision, colour: 'red' }, /colour/],
      [{ summary: 's', revision: 0 }, /revision/],
    ];
    for (const [body, message] of cases) {
      const res = await put(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    expect(await ok('GET', `/api/incidents/${incident.id}/postmortem`)).toEqual(before);
  });

  it('exports Markdown', async () => {
    const res = await svc.call('GET', `/api/incidents/${incident.id}/postmortem.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(res.headers.get('content-disposition')).toContain(`postmortem-${incident.id}.md`);
    const md = res.body as string;
    expect(md.startsWith('# Postmortem: Checkout returns 500\n')).toBe(true);
    expect(md).toContain(`Incident ${incident.id} · critical outage · environment ${ENV}`);
    expect(md).toContain('## Summary\n\nCheckout failed for 20 minutes after v2.0.0\n');
    expect(md).toContain('## Root cause\n\nv2.0.0 read a config key that only exists in staging\n');
    expect(md).toMatch(/## Contributing factors\n\n- Linked deployment "Payments v2"/);
    expect(md).toContain('| Time (UTC) | Event | Who | What |');
    expect(md).toMatch(/\| note \| lee \| Error rate jumped right after v2\.0\.0 went out \|/);
    expect(md).toContain('| Add the config key check to the pipeline | kim | 2020-01-15 | done |');
    expect(md).toContain('| Alert on checkout 5xx | park | 2999-01-01 | open |');
    expect((await svc.call('GET', '/api/incidents/inc-nothing/postmortem.md')).status).toBe(404);
  });

  it('lists follow-ups across incidents: not done by default, by status, owner, overdue and environment, keyset-paged', async () => {
    const other = await resolvedIncident(OTHER_ENV, 'Staging | queue stuck');
    await ok('PUT', `/api/incidents/${other.id}/postmortem`, {
      summary: 'Queue stuck',
      follow_ups: [
        { title: 'Queue depth alert', owner: 'park', due_date: '2020-06-01' },
        { title: 'Runbook for queue', owner: 'choi', due_date: '2999-02-01', status: 'done' },
      ],
    });
    const titles = (page: { items: Array<{ title: string }> }) => page.items.map((f) => f.title);
    const list = (query: string) => ok('GET', `/api/postmortems/follow-ups${query}`);

    // Earliest due first; done ones are left out unless asked for.
    expect(titles(await list(''))).toEqual(['Queue depth alert', 'Alert on checkout 5xx']);
    expect(titles(await list('?status=done'))).toEqual(['Add the config key check to the pipeline', 'Runbook for queue']);
    expect(titles(await list('?owner=park'))).toEqual(['Queue depth alert', 'Alert on checkout 5xx']);
    const overdue = await list('?overdue=true');
    expect(overdue.items).toEqual([
      expect.objectContaining({ title: 'Queue depth alert', overdue: true, incident_id: other.id, incident_title: other.title }),
    ]);
    expect(titles(await list('?overdue=false'))).toEqual(['Alert on checkout 5xx']);
    expect(titles(await list(`?environment_id=${OTHER_ENV}`))).toEqual(['Queue depth alert']);
    expect(titles(await list(`?environment_id=${ENV}&owner=park`))).toEqual(['Alert on checkout 5xx']);
    expect(titles(await list(`?incident_id=${incident.id}&status=done`))).toEqual(['Add the config key check to the pipeline']);

    const first = await list('?status=done&limit=1');
    expect(first).toMatchObject({ total: 2, limit: 1, has_more: true });
    const second = await list(`?status=done&limit=1&cursor=${first.next_cursor}`);
    expect([...titles(first), ...titles(second)]).toEqual(['Add the config key check to the pipeline', 'Runbook for queue']);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });

    for (const [query, message] of [
      ['?status=closed', /status/],
      ['?overdue=maybe', /overdue/],
      ['?environment_id=nowhere', /environment_id/],
      ['?cursor=garbage', /cursor/],
      ['?limit=0', /limit/],
    ] as const) {
      const res = await svc.call('GET', `/api/postmortems/follow-ups${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.message).toMatch(message);
    }

    // An incident deleted takes its postmortem and follow-ups with it.
    await ok('DELETE', `/api/incidents/${other.id}`, undefined, 204);
    expect(titles(await list(''))).toEqual(['Alert on checkout 5xx']);
  });

  describe('MCP', () => {
    it('is an opt-in toolset of four tools', async () => {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual(['get_postmortem', 'get_postmortem_draft', 'list_follow_ups', 'save_postmortem']);
      const defaults = await connectInProcess(svc, 'defaults');
      try {
        expect((await defaults.client.listTools()).tools.map((t) => t.name)).not.toContain('get_postmortem_draft');
      } finally {
        await defaults.close();
      }
    });

    it('drafts, saves with revisions, reads and lists follow-ups as REST does', async () => {
      const restDraft = await ok('GET', `/api/incidents/${incident.id}/postmortem/draft`);
      const draft = await mcp.ok('get_postmortem_draft', { incident_id: incident.id });
      expect(draft).toEqual(restDraft);

      const open = await ok('POST', '/api/incidents', minimalIncident({ title: 'not yet' }), 201);
      expect(await mcp.fail('get_postmortem_draft', { incident_id: open.id })).toMatch(
        /is open: postmortems are written once an incident is resolved/,
      );
      expect(await mcp.fail('save_postmortem', { incident_id: incident.id, summary: 'x' })).toMatch(/has a postmortem already/);
      expect(await mcp.fail('save_postmortem', { incident_id: incident.id, summary: 'x', revision: 1 })).toMatch(/you sent revision 1/);
      expect(
        await mcp.fail('save_postmortem', {
          incident_id: incident.id,
          summary: 'x',
          follow_ups: [{ title: 't', owner: 'o', due_date: '2025-13-01' }],
        }),
      ).toMatch(/due_date/);

      const current = await ok('GET', `/api/incidents/${incident.id}/postmortem`);
      const saved = await mcp.ok('save_postmortem', {
        incident_id: incident.id,
        summary: current.summary,
        root_cause: 'Missing config key in production',
        revision: current.revision,
      });
      expect(saved).toMatchObject({ revision: current.revision + 1, root_cause: 'Missing config key in production' });
      expect(saved.follow_ups).toEqual(
        current.follow_ups.map((f: object) => expect.objectContaining({ ...f, updated_at: expect.any(String) })),
      );
      const detail = await ok('GET', `/api/incidents/${incident.id}`);
      expect(detail.timeline.at(-1)).toMatchObject({
        source: 'mcp',
        message: `Postmortem saved (revision ${saved.revision}, 2 follow-ups)`,
      });

      const concise = await mcp.ok('get_postmortem', { incident_id: incident.id });
      expect(concise).toMatchObject({
        incident_id: incident.id,
        revision: saved.revision,
        root_cause: 'Missing config key in production',
        timeline_entries: current.timeline_excerpt.length,
        follow_up_columns: ['id', 'title', 'owner', 'due_date', 'status', 'overdue', 'incident_id'],
      });
      expect(concise.follow_ups[1]).toEqual([
        current.follow_ups[1].id,
        'Alert on checkout 5xx',
        'park',
        '2999-01-01',
        'open',
        false,
        incident.id,
      ]);
      expect(await mcp.ok('get_postmortem', { incident_id: incident.id, ...DETAILED })).toEqual(
        await ok('GET', `/api/incidents/${incident.id}/postmortem`),
      );

      const table = await mcp.ok('list_follow_ups', { owner: 'park' });
      expect(table.follow_ups).toEqual([
        [current.follow_ups[1].id, 'Alert on checkout 5xx', 'park', '2999-01-01', 'open', false, incident.id],
      ]);
      const full = await mcp.ok('list_follow_ups', { status: 'done', ...DETAILED });
      expect(full.follow_ups).toEqual((await ok('GET', '/api/postmortems/follow-ups?status=done')).items);
      expect(await mcp.fail('list_follow_ups', { overdue: 'yes' })).toMatch(/overdue/);
    });
  });
});
