import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { guideEnvironment, guideMaintenanceUpdate } from './support/fixtures.js';
import { startService, type RunningService } from './support/service.js';

describe('environments over REST', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(async () => svc.close());

  it('creates an environment with the guide example and reads it by id and by name', async () => {
    const guide = guideEnvironment();
    const created = await svc.call('POST', '/api/environments', guide);
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^env-/);
    expect(created.body.health_check).toMatchObject({ target: null, expected_status: 200, enabled: true });
    const byId = await svc.call('GET', `/api/environments/${created.body.id}`);
    expect(byId.body.name).toBe(guide.name);
    const byName = await svc.call('GET', `/api/environments/${encodeURIComponent(guide.name)}`);
    expect(byName.body.id).toBe(created.body.id);
  });

  it('refuses a duplicate name with 409', async () => {
    await svc.call('POST', '/api/environments', { name: 'dup', environment_type: 'staging' });
    const again = await svc.call('POST', '/api/environments', { name: 'dup', environment_type: 'testing' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');
    expect(again.body.message).toContain('"dup" already exists');
  });

  it('names every bad field in a 400', async () => {
    const bad = await svc.call('POST', '/api/environments', { name: '', environment_type: 'prod', url: 'ftp://x', extra: 1 });
    expect(bad.status).toBe(400);
    const fields = bad.body.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['environment_type', 'extra', 'name', 'url']);
  });

  it('updates only the given fields, as in the guide, and refuses a stale revision', async () => {
    const env = (
      await svc.call('POST', '/api/environments', { name: 'env-upd', environment_type: 'staging', description: 'before', tags: ['a'] })
    ).body;
    const updated = await svc.call('PATCH', `/api/environments/${env.id}`, guideMaintenanceUpdate());
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ ...guideMaintenanceUpdate(), tags: ['a'], revision: 2 });
    const stale = await svc.call('PATCH', `/api/environments/${env.id}`, { description: 'late', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('revision_conflict');
    expect((await svc.call('GET', `/api/environments/${env.id}`)).body.description).toBe(guideMaintenanceUpdate().description);
  });

  it('refuses null and blank values for fields that cannot be empty, changing nothing', async () => {
    const env = (await svc.call('POST', '/api/environments', { name: 'nulls', environment_type: 'testing', description: 'kept' })).body;
    const res = await svc.call('PATCH', `/api/environments/${env.id}`, { description: null, name: '   ', tags: null });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['description', 'name', 'tags']);
    expect((await svc.call('GET', `/api/environments/${env.id}`)).body).toMatchObject({ name: 'nulls', description: 'kept', revision: 1 });
  });

  it('refuses to enable health checks with nowhere to check', async () => {
    const res = await svc.call('POST', '/api/environments', {
      name: 'no-url',
      environment_type: 'testing',
      health_check: { enabled: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('health_check.enabled');
  });

  it('lists with filters and pages with a cursor', async () => {
    for (let i = 0; i < 5; i++)
      await svc.call('POST', '/api/environments', { name: `page-${i}`, environment_type: 'development', tags: ['paged'] });
    const first = await svc.call('GET', '/api/environments?tag=paged&limit=2');
    expect(first.body).toMatchObject({ total: 5, has_more: true, limit: 2 });
    expect(first.body.items.map((e: { name: string }) => e.name)).toEqual(['page-0', 'page-1']);
    const second = await svc.call('GET', `/api/environments?tag=paged&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items.map((e: { name: string }) => e.name)).toEqual(['page-2', 'page-3']);
    const last = await svc.call('GET', `/api/environments?tag=paged&limit=2&cursor=${second.body.next_cursor}`);
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    expect((await svc.call('GET', '/api/environments?environment_type=production&search=company')).body.total).toBe(1);
    expect((await svc.call('GET', '/api/environments?limit=0')).status).toBe(400);
    expect((await svc.call('GET', '/api/environments?cursor=garbage')).status).toBe(400);
  });

  it('deletes an environment nothing refers to; 404 afterwards', async () => {
    const env = (await svc.call('POST', '/api/environments', { name: 'to-delete', environment_type: 'testing' })).body;
    expect((await svc.call('DELETE', `/api/environments/${env.id}`)).status).toBe(204);
    const gone = await svc.call('GET', `/api/environments/${env.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('not_found');
  });
});
