import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startInstances, type Instances } from './support/instances.js';
import { startReceiver, verifyStandardWebhook, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Three built instances on one PostgreSQL database share one outbox (SPEC §11 "Scale-out"): every
 * delivery is claimed by one instance and sent once, though all three poll it at once, and one
 * instance's first attempt failing leaves the retry to whichever instance comes next.
 * PostgreSQL only (TEST_POSTGRES_URL).
 */
const POSTGRES = process.env.TEST_POSTGRES_URL;
const INCIDENTS = 60;

(POSTGRES ? describe : describe.skip)('notifications with several instances on one PostgreSQL database', () => {
  let cluster: Instances;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    // A slow receiver keeps claims open while the other instances poll.
    hook = await startReceiver();
    cluster = await startInstances(3, {
      NOTIFICATIONS_POLL_MS: '50',
      NOTIFICATIONS_RETRY_BASE_MS: '100',
      NOTIFICATIONS_TIMEOUT_MS: '2000',
    });
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
    await hook?.close();
  });

  const call = async (i: number, method: string, path: string, body?: unknown) => {
    const res = await fetch(cluster.instances[i % cluster.instances.length]!.baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it(`sends each of ${INCIDENTS} notifications once, whichever instance wrote or claimed it`, async () => {
    let failedOnce = new Set<string>();
    hook.respond((_n, request) => {
      // Every delivery's first attempt fails, so retries go through the shared claim too.
      const id = String(request.headers['webhook-id']);
      if (!failedOnce.has(id)) {
        failedOnce = new Set([...failedOnce, id]);
        return { status: 503, body: 'try again' };
      }
      return { status: 200, body: 'ok' };
    });
    const channel = await call(0, 'POST', '/api/notifications/channels', { name: 'shared', kind: 'webhook', url: hook.url });
    expect(channel.status).toBe(201);
    expect(
      (await call(1, 'POST', '/api/notifications/rules', { channel_id: channel.body.channel.id, events: ['incident.opened'] })).status,
    ).toBe(201);

    const created = await Promise.all(
      Array.from({ length: INCIDENTS }, (_, i) =>
        call(i, 'POST', '/api/incidents', { title: `incident ${i}`, severity: 'high', incident_type: 'outage' }),
      ),
    );
    expect(created.every((c) => c.status === 201)).toBe(true);

    await hook.waitFor(2 * INCIDENTS, 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const successes = hook.received.filter((r) => failedOnce.has(String(r.headers['webhook-id'])));
    const byId = new Map<string, number>();
    for (const r of successes) byId.set(String(r.headers['webhook-id']), (byId.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    // Exactly two requests per delivery (the failed first attempt and the retry), none more.
    expect(hook.received).toHaveLength(2 * INCIDENTS);
    expect(byId.size).toBe(INCIDENTS);
    expect([...byId.values()].every((n) => n === 2)).toBe(true);
    const secret = channel.body.signing_secret as string;
    expect(hook.received.every((r) => verifyStandardWebhook(secret, r.headers, r.body))).toBe(true);
    const ids = new Set(hook.received.map((r) => JSON.parse(r.body).data.incident.id));
    expect(ids).toEqual(new Set(created.map((c) => c.body.id)));

    const rows = await cluster.query<{ status: string; attempts: number; n: string }>(
      'SELECT status, attempts, COUNT(*) AS n FROM notification_deliveries GROUP BY status, attempts',
    );
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ status: 'delivered', attempts: 2, n: INCIDENTS }]);
  }, 120_000);
});
