import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INCIDENT_STATUSES, LIMITS, allowedIncidentStatuses, type IncidentCreate } from '../libs/domain/src/index.js';
import { PROD_ENV, guideIncident, guideResolution, minimalIncident, prodEnvironment } from './support/fixtures.js';
import { SettableClock, startService, type RunningService } from './support/service.js';
import { addTimelineEntries, pageBack, timelineIds } from './support/timeline.js';
import { UnitOfWork } from '../apps/api/src/database/unit-of-work.js';
import { sendTogether } from './support/together.js';

describe('incidents over REST', () => {
  let svc: RunningService;
  let envId: string;
  beforeAll(async () => {
    svc = await startService();
    envId = (await svc.call('POST', '/api/environments', prodEnvironment())).body.id;
  });
  afterAll(async () => svc.close());

  const create = async (overrides: Partial<IncidentCreate> = {}) => {
    const res = await svc.call('POST', '/api/incidents', minimalIncident(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates the guide example, resolving the environment by name, with a created timeline entry', async () => {
    const res = await svc.call('POST', '/api/incidents', guideIncident(), { 'x-actor': 'kim' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...guideIncident(), environment_id: envId, revision: 1, acknowledged_at: null, resolved_at: null });
    expect(res.body.id).toMatch(/^inc-/);
    expect(res.body.timeline).toEqual([expect.objectContaining({ kind: 'created', source: 'rest', actor: 'kim' })]);
  });

  it('resolves with PUT exactly as the guide shows, keeping the timeline', async () => {
    const incident = await create({ severity: 'critical', incident_type: 'outage' });
    const res = await svc.call('PUT', `/api/incidents/${incident.id}`, guideResolution());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...guideResolution(), revision: 2 });
    expect(res.body.resolved_at).not.toBeNull();
    expect(res.body.acknowledged_at).toBe(res.body.resolved_at);
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status_changed', 'updated']);
    expect(res.body.timeline[1].changes).toEqual({ status: { from: 'open', to: 'resolved' } });
    expect(res.body.timeline[2].changes).toEqual({ resolution_notes: { from: null, to: guideResolution().resolution_notes } });
    const reread = await svc.call('GET', `/api/incidents/${incident.id}`);
    expect(reread.body.status).toBe('resolved');
  });

  it('records a reopen and clears resolved_at, keeping acknowledged_at', async () => {
    const incident = await create();
    await svc.call('PUT', `/api/incidents/${incident.id}`, { status: 'investigating' });
    const resolved = (await svc.call('PUT', `/api/incidents/${incident.id}`, { status: 'resolved' })).body;
    const reopened = await svc.call('PATCH', `/api/incidents/${incident.id}`, { status: 'monitoring' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.resolved_at).toBeNull();
    expect(reopened.body.acknowledged_at).toBe(resolved.acknowledged_at);
    expect(reopened.body.timeline.at(-1)).toMatchObject({ kind: 'reopened', changes: { status: { from: 'resolved', to: 'monitoring' } } });
  });

  it('follows the lifecycle table for every pair of statuses', async () => {
    for (const from of INCIDENT_STATUSES) {
      for (const to of INCIDENT_STATUSES) {
        if (from === to) continue;
        const incident = await create({ status: from });
        const res = await svc.call('PUT', `/api/incidents/${incident.id}`, { status: to });
        if (allowedIncidentStatuses(from).includes(to)) {
          expect([from, to, res.status]).toEqual([from, to, 200]);
        } else {
          expect([from, to, res.status]).toEqual([from, to, 409]);
          expect(res.body).toMatchObject({ error: 'invalid_transition', current_status: from });
          expect(res.body.message).toContain(`From ${from} it can move to`);
        }
      }
    }
    // Forward skips are allowed; going back to open is not, except from resolved.
    expect(allowedIncidentStatuses('open')).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(allowedIncidentStatuses('monitoring')).toEqual(['investigating', 'identified', 'resolved']);
    expect(allowedIncidentStatuses('resolved')).toEqual(['open', 'investigating', 'identified', 'monitoring']);
  });

  it('records who and what is affected (impact), and clears it with null', async () => {
    const impact = 'EU customers cannot pay; about 30% of checkouts fail';
    const incident = await create({ impact });
    expect(incident.impact).toBe(impact);
    expect((await create()).impact).toBeNull();
    const edited = await svc.call('PATCH', `/api/incidents/${incident.id}`, { impact: null });
    expect(edited.body.impact).toBeNull();
    expect(edited.body.timeline.at(-1).changes).toEqual({ impact: { from: impact, to: null } });
    const tooLong = await svc.call('POST', '/api/incidents', minimalIncident({ impact: 'x'.repeat(10_001) }));
    expect(tooLong.body.fields).toEqual([{ field: 'impact', messages: ['impact must be at most 10000 characters'] }]);
    const doc = (await svc.call('GET', '/api/openapi.json')).body;
    expect(doc.components.schemas.IncidentCreate.properties.impact).toMatchObject({ type: 'string', nullable: true, maxLength: 10_000 });
    expect(doc.components.schemas.Incident.required).toContain('impact');
  });

  it('adds notes to the timeline', async () => {
    const incident = await create();
    const res = await svc.call(
      'POST',
      `/api/incidents/${incident.id}/notes`,
      { note: 'DB pool exhausted' },
      { 'x-client': 'dashboard', 'x-actor': 'lee' },
    );
    expect(res.status).toBe(201);
    expect(res.body.timeline.at(-1)).toMatchObject({ kind: 'note', message: 'DB pool exhausted', source: 'dashboard', actor: 'lee' });
    expect((await svc.call('POST', `/api/incidents/${incident.id}/notes`, { note: '' })).status).toBe(400);
    expect((await svc.call('POST', '/api/incidents/inc-missing/notes', { note: 'x' })).status).toBe(404);
  });

  it('answers bad input with 400 naming each field', async () => {
    const res = await svc.call('POST', '/api/incidents', {
      title: 'x'.repeat(201),
      severity: 'urgent',
      incident_type: 'outage',
      tags: 'api',
      nope: true,
    });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(res.body.fields.map((f: { field: string; messages: string[] }) => [f.field, f.messages.join(' ')]));
    expect(Object.keys(byField).sort()).toEqual(['nope', 'severity', 'tags', 'title']);
    expect(byField.severity).toContain('critical, high, medium, low');
    const unknownEnv = await svc.call('POST', '/api/incidents', minimalIncident({ environment_id: 'nowhere' }));
    expect(unknownEnv.status).toBe(400);
    expect(unknownEnv.body.fields[0].field).toBe('environment_id');
    const unknownDeployment = await svc.call('POST', '/api/incidents', minimalIncident({ deployment_id: 'dep-none' }));
    expect(unknownDeployment.body.fields[0].field).toBe('deployment_id');
    expect((await svc.call('PUT', '/api/incidents/inc-unknown', { status: 'resolved' })).status).toBe(404);
  });

  it("keeps both writers' changes to different fields and refuses a stale revision", async () => {
    const incident = await create({ description: 'd0' });
    const [a, b] = await Promise.all([
      svc.call('PATCH', `/api/incidents/${incident.id}`, { commander: 'park' }),
      svc.call('PATCH', `/api/incidents/${incident.id}`, { root_cause: 'disk full' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = (await svc.call('GET', `/api/incidents/${incident.id}`)).body;
    expect(now).toMatchObject({ commander: 'park', root_cause: 'disk full', revision: 3 });
    const stale = await svc.call('PATCH', `/api/incidents/${incident.id}`, { description: 'mine', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('revision_conflict');
    expect((await svc.call('GET', `/api/incidents/${incident.id}`)).body.description).toBe('d0');
  });

  it('deletes an incident with its timeline', async () => {
    const incident = await create();
    expect((await svc.call('DELETE', `/api/incidents/${incident.id}`)).status).toBe(204);
    expect((await svc.call('GET', `/api/incidents/${incident.id}`)).status).toBe(404);
    expect((await svc.call('DELETE', `/api/incidents/${incident.id}`)).status).toBe(404);
  });

  it('refuses to delete an environment while an incident refers to it', async () => {
    const res = await svc.call('DELETE', `/api/environments/${PROD_ENV}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/still referred to by \d+ incident/);
  });

  it('answers writes sent at once each by its own outcome: the refused ones leave nothing, the others are all stored', async () => {
    // On SQLite the writes that arrive together share one transaction (database/unit-of-work.ts), so
    // a refusal in the middle of them must undo only its own write.
    const target = await create({ title: 'edited at once' });
    const commits = { n: 0 };
    const subscription = svc.app.get(UnitOfWork).commits.subscribe(() => commits.n++);
    const answers = await sendTogether(svc.baseUrl, svc.app.getHttpServer(), [
      ...Array.from({ length: 24 }, (_, i) => ({
        method: 'POST',
        path: '/api/incidents',
        body: minimalIncident({ title: `burst ${i}`, tags: ['burst-at-once'], ...(i % 4 === 1 ? { environment_id: 'env-none' } : {}) }),
      })),
      ...Array.from({ length: 4 }, (_, i) => ({
        method: 'PATCH',
        path: `/api/incidents/${target.id}`,
        body: { description: `edit ${i}`, revision: target.revision },
      })),
    ]);
    const [created, edited] = [answers.slice(0, 24), answers.slice(24)];
    subscription.unsubscribe();

    created.forEach((res, i) => expect([i, res.status]).toEqual([i, i % 4 === 1 ? 400 : 201]));
    expect(created[1]!.body.message).toMatch(/env-none/);
    expect(edited.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
    const stored = await svc.call('GET', '/api/incidents?tag=burst-at-once&limit=100&sort_by=created_asc');
    expect(stored.body.items.map((i: { title: string }) => i.title).sort()).toEqual(
      created
        .filter((res) => res.status === 201)
        .map((res) => res.body.title as string)
        .sort(),
    );
    for (const res of created.filter((r) => r.status === 201)) {
      const detail = await svc.call('GET', `/api/incidents/${res.body.id}`);
      expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    }
    const after = await svc.call('GET', `/api/incidents/${target.id}`);
    expect(after.body.revision).toBe(target.revision + 1);
    expect(after.body.description).toBe(edited.find((res) => res.status === 200)!.body.description);
    // 19 writes were stored (18 creates, 1 edit): on SQLite they shared commits (on PostgreSQL each is its own).

    expect(commits.n).toBeGreaterThan(0);
    if (!process.env.TEST_POSTGRES_URL) expect(commits.n).toBeLessThan(10);
  });
});

describe('incident lists', () => {
  let svc: RunningService;
  const clock = new SettableClock('2025-01-01T00:00:00.000Z');
  beforeAll(async () => {
    svc = await startService({ clock });
    await svc.call('POST', '/api/environments', { name: 'staging-1', environment_type: 'staging' });
    const rows = [
      { title: 'Checkout 500s', severity: 'critical', incident_type: 'outage', status: 'open', tags: ['pay'] },
      { title: 'Slow search', severity: 'low', incident_type: 'performance', status: 'investigating', tags: ['search'] },
      {
        title: 'Leaked key 100%_done',
        severity: 'high',
        incident_type: 'security',
        status: 'resolved',
        tags: ['sec'],
        environment_id: 'staging-1',
      },
      { title: 'Replica lag', severity: 'medium', incident_type: 'data', status: 'monitoring', tags: ['pay', 'db'] },
      { title: 'Bad deploy', severity: 'critical', incident_type: 'deployment', status: 'identified', tags: [] },
    ];
    for (const [i, row] of rows.entries()) {
      clock.set(`2025-01-01T0${i}:00:00.000Z`);
      await svc.call('POST', '/api/incidents', row);
    }
  });
  afterAll(async () => svc.close());

  const titles = async (query: string) => {
    const res = await svc.call('GET', `/api/incidents?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((i: { title: string }) => i.title);
  };

  it('sorts every way the spec names', async () => {
    expect(await titles('')).toEqual(['Bad deploy', 'Replica lag', 'Leaked key 100%_done', 'Slow search', 'Checkout 500s']);
    expect(await titles('sort_by=created_asc')).toEqual([
      'Checkout 500s',
      'Slow search',
      'Leaked key 100%_done',
      'Replica lag',
      'Bad deploy',
    ]);
    expect(await titles('sort_by=severity')).toEqual(['Bad deploy', 'Checkout 500s', 'Leaked key 100%_done', 'Replica lag', 'Slow search']);
    expect(await titles('sort_by=status')).toEqual(['Checkout 500s', 'Slow search', 'Bad deploy', 'Replica lag', 'Leaked key 100%_done']);
    expect((await svc.call('GET', '/api/incidents?sort_by=oldest')).status).toBe(400);
  });

  it('filters by each field, tag and text (wildcards in text are literal)', async () => {
    expect(await titles('severity=critical')).toEqual(['Bad deploy', 'Checkout 500s']);
    expect(await titles('status=monitoring')).toEqual(['Replica lag']);
    expect(await titles('incident_type=security')).toEqual(['Leaked key 100%_done']);
    expect(await titles('environment_id=staging-1')).toEqual(['Leaked key 100%_done']);
    expect(await titles('tag=pay')).toEqual(['Replica lag', 'Checkout 500s']);
    expect(await titles('search=SLOW')).toEqual(['Slow search']);
    expect(await titles('search=%25_')).toEqual(['Leaked key 100%_done']);
    expect(await titles('severity=critical&status=open')).toEqual(['Checkout 500s']);
  });

  it('pages with a cursor through every sort without gaps or repeats', async () => {
    for (const sort of ['created_desc', 'created_asc', 'updated_desc', 'severity', 'status']) {
      const all = await titles(`sort_by=${sort}`);
      const seen: string[] = [];
      let cursor = '';
      for (let guard = 0; guard < 10; guard++) {
        const res = await svc.call('GET', `/api/incidents?sort_by=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.body.total).toBe(5);
        seen.push(...res.body.items.map((i: { title: string }) => i.title));
        if (!res.body.has_more) break;
        cursor = res.body.next_cursor;
      }
      expect(seen).toEqual(all);
    }
  });

  it('refuses a cursor that is not one of its own, numbers out of range included', async () => {
    const forged = (json: string) => Buffer.from(json).toString('base64url');
    const cases: Array<[sort: string, cursor: string]> = [
      ['created_desc', forged('[1e400,"x"]')],
      ['severity', forged('[-1e400,"x","y"]')],
      ['created_desc', forged('[null,"x"]')],
      ['created_desc', forged('{}')],
      ['created_desc', 'not-base64!'],
    ];
    for (const [sort, cursor] of cases) {
      const res = await svc.call('GET', `/api/incidents?sort_by=${sort}&cursor=${encodeURIComponent(cursor)}`);
      expect([cursor, res.status, res.body.fields?.[0]?.field]).toEqual([cursor, 400, 'cursor']);
    }
  });
});

describe('counting large lists', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => svc.close());

  it('counts matches up to LIMITS.listTotalMax and says when more match, on every page', async () => {
    const cap = LIMITS.listTotalMax;
    for (let made = 0; made < cap + 5; made += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => svc.call('POST', '/api/incidents', minimalIncident({ title: `bulk ${made + i}` }))),
      );
    }
    const first = (await svc.call('GET', '/api/incidents?limit=200')).body;
    expect([first.total, first.total_capped, first.items.length]).toEqual([cap, true, 200]);
    const next = (await svc.call('GET', `/api/incidents?limit=200&cursor=${first.next_cursor}`)).body;
    expect([next.total, next.total_capped]).toEqual([cap, true]);
    const few = (await svc.call('GET', '/api/incidents?search=bulk%2010&limit=200')).body;
    expect([few.total, few.total_capped]).toEqual([few.items.length, false]);
  }, 60_000);
});

describe('incident statistics', () => {
  it('computes counts, MTTA and MTTR from known timelines', async () => {
    const clock = new SettableClock();
    const svc = await startService({ clock });
    try {
      const at = (iso: string) => clock.set(iso);
      const open = async (severity: string) =>
        (await svc.call('POST', '/api/incidents', { title: severity, severity, incident_type: 'outage' })).body.id;
      // A: acked after 60 s, resolved after 600 s. B: acked after 120 s, resolved after 1800 s. C: acked after 300 s, open.
      at('2025-01-10T10:00:00Z');
      const a = await open('critical');
      const b = await open('high');
      const c = await open('high');
      at('2025-01-10T10:01:00Z');
      await svc.call('PUT', `/api/incidents/${a}`, { status: 'investigating' });
      at('2025-01-10T10:02:00Z');
      await svc.call('PUT', `/api/incidents/${b}`, { status: 'identified' });
      at('2025-01-10T10:05:00Z');
      await svc.call('PUT', `/api/incidents/${c}`, { status: 'investigating' });
      at('2025-01-10T10:10:00Z');
      await svc.call('PUT', `/api/incidents/${a}`, { status: 'resolved' });
      at('2025-01-10T10:30:00Z');
      await svc.call('PUT', `/api/incidents/${b}`, { status: 'resolved' });
      // D: long ago, outside the window, still open.
      at('2024-06-01T00:00:00Z');
      await open('low');

      at('2025-01-11T00:00:00Z');
      const stats = (await svc.call('GET', '/api/incidents/stats')).body;
      expect(stats.window).toEqual({ since: '2024-12-12T00:00:00.000Z', until: '2025-01-11T00:00:00.000Z' });
      expect(stats.total).toBe(3);
      expect(stats.by_severity).toEqual({ critical: 1, high: 2, medium: 0, low: 0 });
      expect(stats.by_status).toEqual({ open: 0, investigating: 1, identified: 0, monitoring: 0, resolved: 2 });
      expect(stats.open_count).toBe(2);
      expect(stats.open_by_severity).toEqual({ critical: 0, high: 1, medium: 0, low: 1 });
      expect(stats.mtta).toEqual({ count: 3, median_seconds: 120, p90_seconds: 300 });
      expect(stats.mttr).toEqual({ count: 2, median_seconds: 1200, p90_seconds: 1800 });

      const wide = (await svc.call('GET', '/api/incidents/stats?since=2024-01-01T00:00:00Z&until=2025-02-01T00:00:00Z')).body;
      expect(wide.total).toBe(4);
      expect((await svc.call('GET', '/api/incidents/stats?since=yesterday')).status).toBe(400);
      expect((await svc.call('GET', '/api/incidents/stats?since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z')).status).toBe(400);
    } finally {
      await svc.close();
    }
  });
});

describe('incident timeline paging', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => svc.close());

  const ids = (entries: Array<{ id: number }>) => entries.map((e) => e.id);

  it('pages through notes added over the API, a small page at a time, each entry exactly once in order', async () => {
    const incident = (await svc.call('POST', '/api/incidents', minimalIncident({ title: 'chatty' }))).body;
    for (let i = 1; i <= 12; i++)
      expect((await svc.call('POST', `/api/incidents/${incident.id}/notes`, { note: `note ${i}` })).status).toBe(201);
    const detail = (await svc.call('GET', `/api/incidents/${incident.id}`)).body;
    expect(detail).toMatchObject({ timeline_has_more: false, timeline_next_cursor: null });
    expect(detail.timeline).toHaveLength(13);

    const { ids: paged, pages } = await pageBack(async (cursor) => {
      const res = await svc.call('GET', `/api/incidents/${incident.id}/timeline?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 13, limit: 5 });
      return res.body;
    }, null);
    expect(pages.map((p) => p.items!.length)).toEqual([5, 5, 3]);
    // The first page is the newest entries, oldest first within it.
    expect(pages[0]!.items!.map((e: any) => e.message)).toEqual(['note 8', 'note 9', 'note 10', 'note 11', 'note 12']);
    expect(paged).toEqual(ids(detail.timeline));
  });

  it(`shows the newest ${LIMITS.timelineMax} entries with a cursor that leads back through the rest`, async () => {
    const incident = (await svc.call('POST', '/api/incidents', minimalIncident({ title: 'long-running' }))).body;
    await addTimelineEntries(svc, 'incident', incident.id, LIMITS.timelineMax + 50);
    const last = await svc.call('POST', `/api/incidents/${incident.id}/notes`, { note: 'newest' });
    const all = await timelineIds(svc, 'incident', incident.id);
    expect(all).toHaveLength(LIMITS.timelineMax + 52);

    // Every answer that carries the detail says the same: the note's answer and a read.
    for (const detail of [last.body, (await svc.call('GET', `/api/incidents/${incident.id}`)).body]) {
      expect(ids(detail.timeline)).toEqual(all.slice(-LIMITS.timelineMax));
      expect(detail.timeline.at(-1)).toMatchObject({ kind: 'note', message: 'newest' });
      expect(detail.timeline_has_more).toBe(true);
    }
    const detail = last.body;
    const older = await pageBack(
      async (cursor) => (await svc.call('GET', `/api/incidents/${incident.id}/timeline?limit=20&cursor=${cursor}`)).body,
      detail.timeline_next_cursor,
    );
    expect(older.pages.map((p) => p.items!.length)).toEqual([20, 20, 12]);
    expect([...older.ids, ...ids(detail.timeline)]).toEqual(all);
  });

  it('refuses a cursor that is not one, a page too large, and unknown incidents', async () => {
    const incident = (await svc.call('POST', '/api/incidents', minimalIncident())).body;
    const bad = await svc.call('GET', `/api/incidents/${incident.id}/timeline?cursor=${Buffer.from('["x"]').toString('base64url')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ field: 'cursor', messages: [expect.stringContaining('timeline_next_cursor')] }]);
    expect((await svc.call('GET', `/api/incidents/${incident.id}/timeline?limit=${LIMITS.timelineMax + 1}`)).status).toBe(400);
    expect((await svc.call('GET', `/api/incidents/${incident.id}/timeline?sort_by=created_desc`)).status).toBe(400);
    const missing = await svc.call('GET', '/api/incidents/inc-missing/timeline');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('inc-missing');
  });

  it('documents the route and the page in OpenAPI', async () => {
    const doc = (await svc.call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/incidents/{id}/timeline'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TimelinePage',
    });
    expect(doc.components.schemas.IncidentDetail.properties).toHaveProperty('timeline_has_more');
    expect(doc.components.schemas.IncidentDetail.properties).toHaveProperty('timeline_next_cursor');
  });
});
