import { afterEach, describe, expect, it } from '@jest/globals';
import { minimalIncident, prodEnvironment } from './support/fixtures.js';
import { startInstances, type Instance, type Instances } from './support/instances.js';

/**
 * A list page's `total` and the environment a filter names are kept on PostgreSQL while nothing is
 * written (database/kept-reads.ts), and must still be right: at once after this instance's own writes, within a notification's delay
 * after another instance's, never kept across a dropped notification connection, and never used
 * longer than its maximum age (1 s), which bounds what a write nobody announced can leave stale.
 *
 * Runs the built bundle (`npm run build:api`), on PostgreSQL only (TEST_POSTGRES_URL).
 */

const suite = process.env.TEST_POSTGRES_URL ? describe : describe.skip;

/** The kept count's maximum age (KEPT_READ_MAX_AGE_MS); a change seen sooner was not seen by ageing out. */
const MAX_AGE_MS = 1_000;
/** The application_name of each instance's listening connection (events/change-notifications.ts). */
const LISTENER = 'workflow-mcp change-events listener';

/** A JSON request that must answer `status` (any 2xx when not given); its body's id. */
async function send(instance: Instance, method: string, path: string, body: unknown, status?: number): Promise<{ id: string }> {
  const res = await fetch(`${instance.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (status === undefined) expect([path, res.status < 300]).toEqual([path, true]);
  else expect([path, res.status]).toEqual([path, status]);
  return (await res.json()) as { id: string };
}

async function create(instance: Instance, title: string): Promise<string> {
  return (await send(instance, 'POST', '/api/incidents', minimalIncident({ title }), 201)).id;
}

async function resolveIncident(instance: Instance, id: string): Promise<void> {
  await send(instance, 'PATCH', `/api/incidents/${id}`, { status: 'resolved', resolution_notes: 'fixed' }, 200);
}

async function total(instance: Instance, query = ''): Promise<number> {
  const res = await fetch(`${instance.baseUrl}/api/incidents?limit=2${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

/** Lists on `instance` until the total is `expected`; returns how long after `since` it first was. */
async function totalBecomes(instance: Instance, expected: number, since: number, query = ''): Promise<number> {
  for (;;) {
    const seen = await total(instance, query);
    const elapsed = performance.now() - since;
    if (seen === expected) return elapsed;
    if (elapsed > 5_000) throw new Error(`total stayed ${seen}, expected ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

suite('list totals kept between pages on PostgreSQL', () => {
  let running: Instances | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  it('follows writes on this instance at once and on another within the notification delay', async () => {
    // Polling once a minute: what is seen within a second from another instance came by notification.
    running = await startInstances(2, { EVENTS_POLL_MS: '60000' });
    const [a, b] = running.instances as [Instance, Instance];
    const listening = async () =>
      (
        await running!.query<{ n: number }>(
          'SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
          [LISTENER],
        )
      )[0]!.n;
    const first = await create(a, 'one');
    await create(a, 'two');
    // Both instances start listening on their first list.
    expect(await total(a)).toBe(2);
    expect(await total(b)).toBe(2);
    for (let waited = 0; (await listening()) < 2; waited += 50) {
      if (waited > 5_000) throw new Error('the instances do not listen');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // This instance's own write: the very next page counts it.
    expect(await total(a)).toBe(2);
    await create(a, 'three');
    expect(await total(a)).toBe(3);
    expect(await total(a, '&status=open')).toBe(3);
    await resolveIncident(a, first);
    expect(await total(a, '&status=open')).toBe(2);

    // Another instance's writes reach the kept counts by notification, well before they would age out.
    expect(await total(a)).toBe(3);
    let kept = performance.now();
    await create(b, 'four');
    expect(await totalBecomes(a, 4, kept)).toBeLessThan(MAX_AGE_MS * 0.8);
    expect(await total(a, '&status=open')).toBe(3);
    kept = performance.now();
    const fourth = (await (await fetch(`${a.baseUrl}/api/incidents?status=open&limit=1`)).json()) as { items: Array<{ id: string }> };
    await resolveIncident(b, fourth.items[0]!.id);
    expect(await totalBecomes(a, 2, kept, '&status=open')).toBeLessThan(MAX_AGE_MS * 0.8);
  }, 60_000);

  it('never keeps a total longer than its maximum age, nor across a dropped notification connection', async () => {
    running = await startInstances(1, { EVENTS_POLL_MS: '60000' });
    const [a] = running.instances as [Instance];
    const { query } = running;
    const ids = [await create(a, 'one'), await create(a, 'two'), await create(a, 'three')];
    expect(await total(a)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await total(a)).toBe(3);

    // A write no instance announced (made in SQL, as an operator might): the kept total is used
    // (so it is kept at all) until it ages out, then counted again.
    const kept = performance.now();
    expect(await total(a)).toBe(3);
    await query('DELETE FROM incidents WHERE id = $1', [ids[0]]);
    expect(await total(a)).toBe(3);
    expect(await totalBecomes(a, 2, kept)).toBeGreaterThanOrEqual(MAX_AGE_MS * 0.9);

    // Without its notification connection the instance cannot hear other writers: it counts every page.
    await query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [
      LISTENER,
    ]);
    for (let waited = 0; !/reconnecting/.test(a.output()); waited += 20) {
      if (waited > 5_000) throw new Error('the instance did not notice its connection dropped');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The connection is back only after a pause (250 ms at first): these pages are all counted.
    expect(await total(a)).toBe(2);
    await query('DELETE FROM incidents WHERE id = $1', [ids[1]]);
    expect(await total(a)).toBe(1);
  }, 60_000);

  it('resolves an environment filter again after a rename, on this instance at once and on another by notification', async () => {
    running = await startInstances(2, { EVENTS_POLL_MS: '60000' });
    const [a, b] = running.instances as [Instance, Instance];
    const first = await send(a, 'POST', '/api/environments', prodEnvironment({ name: 'staging' }));
    await send(a, 'POST', '/api/incidents', minimalIncident({ environment_id: 'staging' }));
    expect(await total(a, '&environment_id=staging')).toBe(1);
    expect(await total(b, '&environment_id=staging')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await total(a, '&environment_id=staging')).toBe(1);

    // Another instance gives the name to a new environment: this one follows by notification.
    const kept = performance.now();
    await send(b, 'PATCH', `/api/environments/${first.id}`, { name: 'staging-old' });
    await send(b, 'POST', '/api/environments', prodEnvironment({ name: 'staging' }));
    expect(await totalBecomes(a, 0, kept, '&environment_id=staging')).toBeLessThan(MAX_AGE_MS * 0.8);
    expect(await total(a, '&environment_id=staging-old')).toBe(1);

    // This instance's own rename: the next page refuses the old name at once.
    await send(a, 'PATCH', `/api/environments/${first.id}`, { name: 'retired' });
    const refused = await fetch(`${a.baseUrl}/api/incidents?environment_id=staging-old`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/no environment has the id or name \\"staging-old\\"/);
    expect(await total(a, '&environment_id=retired')).toBe(1);

    // Renamed in SQL, which nobody announces: the kept answer is used until it ages out.
    const keptSince = performance.now();
    expect(await total(a, '&environment_id=retired')).toBe(1);
    await running.query('UPDATE environments SET name = $1 WHERE id = $2', ['renamed-in-sql', first.id]);
    expect(await total(a, '&environment_id=retired')).toBe(1);
    for (;;) {
      const res = await fetch(`${a.baseUrl}/api/incidents?environment_id=retired`);
      await res.arrayBuffer();
      if (res.status === 400) break;
      if (performance.now() - keptSince > 5_000) throw new Error('the old name was still accepted');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(performance.now() - keptSince).toBeGreaterThanOrEqual(MAX_AGE_MS * 0.9);
  }, 60_000);
});
