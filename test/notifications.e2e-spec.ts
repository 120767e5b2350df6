import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { guideIncident, minimalDeployment, prodEnvironment, PROD_ENV } from './support/fixtures.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServerFactory } from '../apps/api/src/mcp/mcp-server.factory.js';
import { SYSTEM } from '../apps/api/src/common/request-context.js';
import { UnitOfWork } from '../apps/api/src/database/unit-of-work.js';
import { IncidentsService } from '../apps/api/src/incidents/incidents.service.js';
import { DeliveryEntity } from '../apps/api/src/notifications/notification.entities.js';
import { NotificationDispatcher } from '../apps/api/src/notifications/notification-dispatcher.js';
import { session } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';
import { refusedUrl } from './support/loopback.js';
import { digest, startReceiver, verifyStandardWebhook, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Notifications end to end, with real receivers on loopback: signed webhooks checked by the
 * suite's own implementation of Standard Webhooks and by the reference package, retries against
 * a receiver that fails and recovers, the outbound safety rules, the chat formats, and
 * maintenance windows.
 */

const FAST = {
  NOTIFICATIONS_RETRY_BASE_MS: '100',
  NOTIFICATIONS_POLL_MS: '100',
  NOTIFICATIONS_TIMEOUT_MS: '1000',
  NOTIFICATIONS_MAX_ATTEMPTS: '4',
  PUBLIC_URL: 'https://ops.example.com',
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notifications', () => {
  let service: RunningService;
  const receivers: WebhookReceiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    service = await startService({ env: FAST });
    expect((await service.call('POST', '/api/environments', prodEnvironment({ tags: ['payments'] }))).status).toBe(201);
    expect((await service.call('POST', '/api/environments', { name: 'staging-1', environment_type: 'staging' })).status).toBe(201);
  });
  afterEach(async () => {
    // Each test sets up its own channels and rules; none is left to receive another test's events.
    const { body } = await service.call('GET', '/api/notifications/channels');
    for (const c of body.items) await service.call('DELETE', `/api/notifications/channels/${c.id}`);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await service.close();
  });

  async function webhookChannel(url: string, extra: Record<string, unknown> = {}) {
    const created = await service.call('POST', '/api/notifications/channels', {
      name: `hook-${Date.now()}-${Math.random()}`,
      kind: 'webhook',
      url,
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body as { channel: { id: string; secret_hint: string }; signing_secret: string };
  }

  async function rule(channel_id: string, events: string[], extra: Record<string, unknown> = {}) {
    const created = await service.call('POST', '/api/notifications/rules', { channel_id, events, ...extra });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('signs each webhook per Standard Webhooks, verified by an independent implementation and by the reference package', async () => {
    const hook = await receiver();
    const { channel, signing_secret } = await webhookChannel(hook.url);
    expect(signing_secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await rule(channel.id, ['incident.opened'], { min_severity: 'high', environments: [PROD_ENV] });

    // Below the threshold, and in another environment: nothing is sent.
    expect((await service.call('POST', '/api/incidents', guideIncident({ severity: 'low', title: 'low one' }))).status).toBe(201);
    expect(
      (await service.call('POST', '/api/incidents', guideIncident({ environment_id: 'staging-1', title: 'staging one' }))).status,
    ).toBe(201);
    const incident = await service.call('POST', '/api/incidents', guideIncident({ severity: 'critical' }));
    expect(incident.status).toBe(201);

    const [request] = await hook.waitFor(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.received).toHaveLength(1);
    expect(verifyStandardWebhook(signing_secret, request!.headers, request!.body)).toBe(true);
    expect(() => new Webhook(signing_secret).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();
    // A changed body or another secret fails both checks.
    const tampered = request!.body.replace('critical', 'low');
    expect(verifyStandardWebhook(signing_secret, request!.headers, tampered)).toBe(false);
    expect(() => new Webhook(signing_secret).verify(tampered, request!.headers as Record<string, string>)).toThrow();
    const other = await webhookChannel(hook.url);
    expect(verifyStandardWebhook(other.signing_secret, request!.headers, request!.body)).toBe(false);

    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'incident.opened',
      data: {
        url: `https://ops.example.com/operations/incidents/${incident.body.id}`,
        environment: { name: PROD_ENV },
        incident: { id: incident.body.id, severity: 'critical', status: 'open' },
      },
    });
    const log = await service.call('GET', `/api/notifications/deliveries?channel_id=${channel.id}`);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      id: request!.headers['webhook-id'],
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
    });
    expect(typeof log.body.items[0].latency_ms).toBe('number');
  });

  it('never shows a secret again, and a rotated secret signs alongside the old one', async () => {
    const hook = await receiver();
    const { channel, signing_secret } = await webhookChannel(`${hook.url}/in?token=s3cr3t-query`);
    const slack = await service.call('POST', '/api/notifications/channels', {
      name: 'slack-secret',
      kind: 'slack',
      url: 'https://hooks.slack.com/services/T000/B000/SECRETPART',
    });
    expect(slack.body.signing_secret).toBeNull();
    for (const path of ['/api/notifications/channels', `/api/notifications/channels/${channel.id}`]) {
      const text = JSON.stringify((await service.call('GET', path)).body);
      expect(text).not.toContain(signing_secret);
      expect(text).not.toContain('s3cr3t-query');
      expect(text).not.toContain('SECRETPART');
    }
    expect(channel.secret_hint).toBe(`…${signing_secret.slice(-4)}`);

    const rotated = await service.call('POST', `/api/notifications/channels/${channel.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.signing_secret as string;
    expect(fresh).not.toBe(signing_secret);
    const test = await service.call('POST', `/api/notifications/channels/${channel.id}/test`);
    expect(test.body).toMatchObject({ status: 'delivered', event_type: 'test' });
    const [request] = await hook.waitFor(1);
    expect(request!.headers['webhook-signature']!.toString().split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(fresh, request!.headers, request!.body)).toBe(true);
    expect(verifyStandardWebhook(signing_secret, request!.headers, request!.body)).toBe(true);
    expect(() => new Webhook(fresh).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();
  });

  it('retries a failing receiver with backoff until it recovers, with the same webhook-id and body each time', async () => {
    const hook = await receiver((n) => (n < 2 ? { status: 503, body: 'down for a moment' } : { status: 204 }));
    const { channel, signing_secret } = await webhookChannel(hook.url);
    await rule(channel.id, ['deployment.started']);
    const deployment = await service.call('POST', '/api/deployments', minimalDeployment({ environment_id: PROD_ENV }));
    expect(deployment.status).toBe(201);
    expect((await service.call('POST', `/api/deployments/${deployment.body.id}/execute`, {})).status).toBe(200);

    const requests = await hook.waitFor(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(requests.map((r) => digest(r.body))).size).toBe(1);
    for (const r of requests) expect(verifyStandardWebhook(signing_secret, r.headers, r.body)).toBe(true);
    // Waits grow: the second gap is longer than the shortest possible first one (jitter keeps each within [½, 1] × base·2ⁿ).
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(45);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(95);

    const delivery = await until('the delivery to be marked delivered', async () => {
      const { body } = await service.call('GET', `/api/notifications/deliveries?channel_id=${channel.id}`);
      return body.items[0]?.status === 'delivered' ? body.items[0] : undefined;
    });
    expect(delivery.id).toBe(requests[0]!.headers['webhook-id']);
    expect(delivery.attempts).toBe(3);
    expect(delivery.attempt_log.map((a: { status_code: number; ok: boolean }) => [a.status_code, a.ok])).toEqual([
      [503, false],
      [503, false],
      [204, true],
    ]);
    expect(delivery.attempt_log[0].error).toBe('down for a moment');
  });

  it('tells of each deployment step and incident status change asked for, and nothing else', async () => {
    // An environment of its own: another test leaves a deployment running on prod.
    expect((await service.call('POST', '/api/environments', { name: 'deploy-env', environment_type: 'staging' })).status).toBe(201);
    const hook = await receiver();
    const { channel } = await webhookChannel(hook.url);
    await rule(channel.id, ['deployment.completed', 'deployment.failed', 'deployment.rolled_back', 'incident.status_changed']);
    const first = await service.call('POST', '/api/deployments', minimalDeployment({ environment_id: 'deploy-env', version: 'v1' }));
    expect((await service.call('POST', `/api/deployments/${first.body.id}/execute`, {})).status).toBe(200);
    expect((await service.call('POST', `/api/deployments/${first.body.id}/complete`, {})).status).toBe(200);
    const second = await service.call('POST', '/api/deployments', minimalDeployment({ environment_id: 'deploy-env', version: 'v2' }));
    expect((await service.call('POST', `/api/deployments/${second.body.id}/execute`, {})).status).toBe(200);
    expect((await service.call('POST', `/api/deployments/${second.body.id}/fail`, { reason: 'migrations timed out' })).status).toBe(200);
    expect((await service.call('POST', `/api/deployments/${second.body.id}/rollback`, { reason: 'back to v1' })).status).toBe(200);
    const incident = await service.call('POST', '/api/incidents', guideIncident());
    await service.call('PATCH', `/api/incidents/${incident.body.id}`, { status: 'investigating' });

    const requests = await hook.waitFor(4);
    await new Promise((r) => setTimeout(r, 500));
    const bodies = hook.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type)).toEqual([
      'deployment.completed',
      'deployment.failed',
      'deployment.rolled_back',
      'incident.status_changed',
    ]);
    expect(requests).toHaveLength(4);
    expect(bodies[0].data.deployment).toMatchObject({ id: first.body.id, version: 'v1', status: 'completed' });
    expect(bodies[1].data.deployment).toMatchObject({ id: second.body.id, failure_reason: 'migrations timed out' });
    expect(bodies[1].data.url).toBe(`https://ops.example.com/deployments/${second.body.id}`);
    expect(bodies[3].data.incident).toMatchObject({ previous_status: 'open', status: 'investigating' });
  });

  it('queues a message in the transaction of its change: a change rolled back sends nothing', async () => {
    const hook = await receiver();
    const { channel } = await webhookChannel(hook.url);
    await rule(channel.id, ['incident.opened']);
    const unitOfWork = service.app.get(UnitOfWork);
    const incidents = service.app.get(IncidentsService);
    let openedId = '';
    await expect(
      unitOfWork.write(async (m) => {
        openedId = (await incidents.createWith(m, guideIncident({ title: 'never committed' }), SYSTEM)).id;
        // Queued inside the transaction, next to the change itself.
        expect(await m.count(DeliveryEntity, { where: { subject_id: openedId } })).toBe(1);
        throw new Error('something later in the same change failed');
      }),
    ).rejects.toThrow('something later');
    expect((await service.call('GET', `/api/incidents/${openedId}`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.received).toHaveLength(0);
    expect((await service.call('GET', `/api/notifications/deliveries?channel_id=${channel.id}`)).body.items).toHaveLength(0);
  });

  it('gives up after the last attempt and marks the delivery dead', async () => {
    const hook = await receiver(() => ({ status: 500, body: 'x'.repeat(100_000) }));
    const { channel } = await webhookChannel(hook.url);
    const test = await service.call('POST', `/api/notifications/channels/${channel.id}/test`);
    expect(test.body.attempts).toBeGreaterThanOrEqual(1);
    const dead = await until('the delivery to die', async () => {
      const { body } = await service.call('GET', `/api/notifications/deliveries/${test.body.id}`);
      return body.status === 'dead' ? body : undefined;
    });
    expect(dead.attempts).toBe(4);
    expect(hook.received).toHaveLength(4);
    // Only a short excerpt of the 100 kB answer is kept.
    expect(dead.error.length).toBeLessThanOrEqual(500);
    const pending = await service.call('GET', '/api/notifications/deliveries?status=pending');
    expect(pending.body.items.find((d: { id: string }) => d.id === test.body.id)).toBeUndefined();
  });

  it('follows no redirect to another host, and gives up on a receiver that does not answer in time', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver(() => ({
      status: 307,
      headers: { location: elsewhere.url.replace('127.0.0.1', 'localhost') + '/steal' },
    }));
    const { channel } = await webhookChannel(redirecting.url);
    const test = await service.call('POST', `/api/notifications/channels/${channel.id}/test`);
    expect(test.body).toMatchObject({ status: 'pending', last_status_code: 307 });
    expect(test.body.error).toMatch(/another host/);
    expect(elsewhere.received).toHaveLength(0);

    const silent = await receiver(() => 'hang');
    const slow = await webhookChannel(silent.url);
    const started = Date.now();
    const timedOut = await service.call('POST', `/api/notifications/channels/${slow.channel.id}/test`);
    expect(timedOut.body.error).toMatch(/no answer within 1000 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);

    const nowhere = await webhookChannel(await refusedUrl());
    const refused = await service.call('POST', `/api/notifications/channels/${nowhere.channel.id}/test`);
    expect(refused.body.error).toMatch(/ECONNREFUSED/);
  });

  it('posts Slack Block Kit, Teams and Discord messages in the channel language, linking to the dashboard', async () => {
    const chat = await receiver();
    const ids: Record<string, string> = {};
    for (const [kind, language] of [
      ['slack', 'en'],
      ['teams', 'ko'],
      ['discord', 'ko'],
    ] as const) {
      const created = await service.call('POST', '/api/notifications/channels', {
        name: `${kind}-chat`,
        kind,
        language,
        url: `${chat.url}/${kind}`,
      });
      expect(created.status).toBe(201);
      ids[kind] = created.body.channel.id;
      await rule(created.body.channel.id, ['incident.resolved'], { tags: ['payments'] });
    }
    const incident = await service.call('POST', '/api/incidents', guideIncident({ tags: [] }));
    expect((await service.call('PATCH', `/api/incidents/${incident.body.id}`, { status: 'resolved' })).status).toBe(200);
    const requests = await chat.waitFor(3);
    const by = Object.fromEntries(requests.map((r) => [r.path.slice(1), JSON.parse(r.body)]));
    const link = `https://ops.example.com/operations/incidents/${incident.body.id}`;

    expect(by.slack.text).toBe('Incident resolved: API 서버 응답 지연');
    expect(by.slack.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(by.slack.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: link }] });

    const card = by.teams.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[0].text).toBe('인시던트 해결됨: API 서버 응답 지연');
    expect(card.content.actions[0]).toMatchObject({ type: 'Action.OpenUrl', title: '대시보드에서 열기', url: link });

    expect(by.discord.embeds[0]).toMatchObject({ title: '인시던트 해결됨: API 서버 응답 지연', url: link });
    expect(by.discord.allowed_mentions).toEqual({ parse: [] });
  });

  it('sends nothing while a maintenance window is on, and again once it is gone', async () => {
    const hook = await receiver();
    const { channel } = await webhookChannel(hook.url);
    await rule(channel.id, ['incident.opened']);
    const now = Date.now();
    const window = await service.call('POST', '/api/maintenance-windows', {
      environment_id: PROD_ENV,
      kind: 'once',
      reason: 'database upgrade',
      starts_at: new Date(now - 60_000).toISOString(),
      ends_at: new Date(now + 3_600_000).toISOString(),
    });
    expect(window.status).toBe(201);
    expect(window.body).toMatchObject({ active: true, reason: 'database upgrade' });
    const weekly = await service.call('POST', '/api/maintenance-windows', {
      environment_id: 'staging-1',
      kind: 'weekly',
      days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      start_time: new Date(now - 120_000).toISOString().slice(11, 16),
      duration_minutes: 60,
    });
    expect(weekly.body.active).toBe(true);

    await service.call('POST', '/api/incidents', guideIncident({ title: 'during maintenance' }));
    await service.call('POST', '/api/incidents', guideIncident({ title: 'during weekly maintenance', environment_id: 'staging-1' }));
    await new Promise((r) => setTimeout(r, 600));
    expect(hook.received).toHaveLength(0);

    const listed = await service.call('GET', `/api/maintenance-windows?environment_id=${PROD_ENV}`);
    expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([window.body.id]);
    expect((await service.call('DELETE', `/api/maintenance-windows/${window.body.id}`)).status).toBe(204);
    expect((await service.call('DELETE', `/api/maintenance-windows/${weekly.body.id}`)).status).toBe(204);
    await service.call('POST', '/api/incidents', guideIncident({ title: 'after maintenance' }));
    const [request] = await hook.waitFor(1);
    expect(JSON.parse(request!.body).data.incident.title).toBe('after maintenance');
  });

  it('opens no incident from failing checks during a maintenance window, and tells nobody', async () => {
    const hook = await receiver();
    const { channel } = await webhookChannel(hook.url);
    await rule(channel.id, ['incident.opened', 'health.changed']);
    const env = await service.call('POST', '/api/environments', {
      name: 'checked-prod',
      environment_type: 'production',
      url: await refusedUrl(),
      health_check: { critical_threshold: 1, auto_incident_enabled: true },
    });
    expect(env.status).toBe(201);
    const window = await service.call('POST', '/api/maintenance-windows', {
      environment_id: 'checked-prod',
      kind: 'once',
      starts_at: new Date(Date.now() - 60_000).toISOString(),
      ends_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(window.body.active).toBe(true);
    const check = await service.call('POST', '/api/environments/checked-prod/check');
    expect(check.body.status).toBe('critical');
    const during = await service.call('GET', `/api/incidents?environment_id=${env.body.id}`);
    expect(during.body.items).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.received).toHaveLength(0);

    expect((await service.call('DELETE', `/api/maintenance-windows/${window.body.id}`)).status).toBe(204);
    await service.call('POST', '/api/environments/checked-prod/check');
    const after = await service.call('GET', `/api/incidents?environment_id=${env.body.id}`);
    expect(after.body.items).toHaveLength(1);
    const [request] = await hook.waitFor(1);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'incident.opened', data: { incident: { id: after.body.items[0].id } } });
  });

  it('tells of health moving between healthy, warning and critical', async () => {
    const target = await receiver((n) => (n === 0 ? { status: 200 } : { status: 500 }));
    await service.call('POST', '/api/environments', {
      name: 'health-watched',
      environment_type: 'staging',
      url: target.url,
      health_check: { auto_incident_enabled: false },
    });
    const hook = await receiver();
    const { channel } = await webhookChannel(hook.url);
    await rule(channel.id, ['health.changed'], { environments: ['health-watched'] });
    await service.call('POST', '/api/environments/health-watched/check');
    await service.call('POST', '/api/environments/health-watched/check');
    await service.call('POST', '/api/environments/health-watched/check');
    const [request] = await hook.waitFor(1);
    await new Promise((r) => setTimeout(r, 500));
    // The first check (unknown → healthy) is not news; healthy → critical is, once.
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: 'health.changed',
      data: { environment: { name: 'health-watched' }, health: { from: 'healthy', to: 'critical' } },
    });
  });

  it('is set up, tested and read through the MCP notifications toolset', async () => {
    const hook = await receiver();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const server = service.app.get(McpServerFactory).create({ toolsets: ['notifications'] });
    await server.connect(serverTransport);
    const client = new Client({ name: 'notifications-e2e', version: '1.0.0' });
    await client.connect(clientTransport);
    const mcp = session(client, async () => {
      await client.close();
      await server.close();
    });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['create_notification_channel', 'send_test_notification', 'list_notification_deliveries']),
      );
      const created = await mcp.ok('create_notification_channel', { name: 'mcp-hook', kind: 'webhook', url: hook.url, language: 'ko' });
      expect(created.signing_secret).toMatch(/^whsec_/);
      const rule = await mcp.ok('create_notification_rule', {
        channel_id: created.channel.id,
        events: ['deployment.failed'],
        environments: [PROD_ENV],
      });
      expect(rule.environment_ids).toHaveLength(1);
      const changed = await mcp.ok('update_notification_rule', { rule_id: rule.id, updates: { tags: ['payments'], enabled: false } });
      expect(changed).toMatchObject({ tags: ['payments'], enabled: false, events: ['deployment.failed'] });
      const test = await mcp.ok('send_test_notification', { channel_id: created.channel.id });
      expect(test).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 });
      const [request] = await hook.waitFor(1);
      expect(verifyStandardWebhook(created.signing_secret, request!.headers, request!.body)).toBe(true);
      expect(JSON.parse(request!.body)).toMatchObject({ type: 'test', data: { channel: { name: 'mcp-hook' } } });
      const log = await mcp.ok('list_notification_deliveries', { channel_id: created.channel.id });
      expect(log.deliveries.map((d: { id: string }) => d.id)).toEqual([test.id]);
      const channels = await mcp.ok('list_notification_channels', {});
      expect(JSON.stringify(channels)).not.toContain(created.signing_secret);
      const windows = await mcp.ok('create_maintenance_window', {
        environment_id: PROD_ENV,
        kind: 'weekly',
        days: ['sat'],
        start_time: '02:00',
        duration_minutes: 120,
      });
      expect(windows).toMatchObject({ kind: 'weekly', days: ['sat'] });
      expect(await mcp.fail('send_test_notification', { channel_id: 'nch-missing' })).toMatch(
        /No notification channel with id "nch-missing"/,
      );
      await mcp.ok('delete_maintenance_window', { window_id: windows.id });
    } finally {
      await mcp.close();
    }
  });

  it('deletes finished deliveries after the retention period, and keeps pending ones', async () => {
    const ok = await receiver();
    const down = await receiver(() => ({ status: 500 }));
    const delivered = await webhookChannel(ok.url);
    const failing = await webhookChannel(down.url);
    expect((await service.call('POST', `/api/notifications/channels/${delivered.channel.id}/test`)).body.status).toBe('delivered');
    const dead = await service.call('POST', `/api/notifications/channels/${failing.channel.id}/test`);
    await until('the failing delivery to die', async () => {
      const { body } = await service.call('GET', `/api/notifications/deliveries/${dead.body.id}`);
      return body.status === 'dead' ? body : undefined;
    });
    // With sending stopped (as in a process that does not deliver), a new message stays pending.
    const dispatcher = service.app.get(NotificationDispatcher);
    await dispatcher.onModuleDestroy();
    const pending = await service.call('POST', `/api/notifications/channels/${delivered.channel.id}/test`);
    expect(pending.body).toMatchObject({ status: 'pending', attempts: 0 });

    expect(await dispatcher.prune(new Date())).toBe(0);
    expect(await dispatcher.prune(new Date(Date.now() + 31 * 24 * 3_600_000))).toBeGreaterThanOrEqual(2);
    const left = await service.call('GET', '/api/notifications/deliveries');
    expect(left.body.items.map((d: { id: string }) => d.id)).toEqual([pending.body.id]);
  });

  it('refuses channels and rules that could not work, naming the field', async () => {
    const noUrl = await service.call('POST', '/api/notifications/channels', { name: 'x', kind: 'webhook' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.fields[0].field).toBe('url');
    const noEmail = await service.call('POST', '/api/notifications/channels', { name: 'y', kind: 'email' });
    expect(noEmail.status).toBe(400);
    const badRule = await service.call('POST', '/api/notifications/rules', { channel_id: 'nch-nope', events: ['incident.opened'] });
    expect(badRule.status).toBe(400);
    const badEvent = await service.call('POST', '/api/notifications/rules', { channel_id: 'nch-nope', events: ['incident.exploded'] });
    expect(badEvent.status).toBe(400);
    const badWindow = await service.call('POST', '/api/maintenance-windows', { environment_id: PROD_ENV, kind: 'weekly', days: ['mon'] });
    expect(badWindow.status).toBe(400);
  });
});
