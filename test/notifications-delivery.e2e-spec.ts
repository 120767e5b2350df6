import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { startBundle, type RunningBundle } from './support/bundle.js';
import { guideIncident, prodEnvironment } from './support/fixtures.js';
import { databaseEnv, tempDatabasePath } from './support/service.js';
import { startReceiver, verifyStandardWebhook } from './support/webhook-receiver.js';

/**
 * Notifications from the built service in its own process: mail through a real SMTP server that
 * offers STARTTLS (with a certificate the service trusts only through NODE_EXTRA_CA_CERTS, as an
 * operator would add a private CA), and deliveries that survive `kill -9`.
 */

const FAST = { NOTIFICATIONS_RETRY_BASE_MS: '200', NOTIFICATIONS_POLL_MS: '100', NOTIFICATIONS_TIMEOUT_MS: '1000' };

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function stop(bundle: RunningBundle): Promise<void> {
  if (bundle.child.exitCode !== null) return;
  bundle.child.kill('SIGKILL');
  await new Promise((r) => bundle.child.once('exit', r));
}

interface Mail {
  recipients: string[];
  secure: boolean;
  raw: string;
}

async function smtpServer(options: { key: Buffer; cert: Buffer; offerStartTls: boolean }) {
  const mails: Mail[] = [];
  const logins: Array<{ username?: string; password?: string }> = [];
  const server = new SMTPServer({
    key: options.key,
    cert: options.cert,
    authOptional: true,
    disabledCommands: options.offerStartTls ? [] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push({ username: auth.username ?? undefined, password: auth.password ?? undefined });
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          recipients: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Subject header, its RFC 2047 encoded words (B or Q, possibly folded) decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  const bytes: Buffer[] = [];
  for (const [, encoding, text] of header.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi)) {
    bytes.push(
      encoding!.toUpperCase() === 'B'
        ? Buffer.from(text!, 'base64')
        : Buffer.from(
            text!.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ),
    );
  }
  return bytes.length ? Buffer.concat(bytes).toString('utf8') : header.trim();
}

describe('notifications from the built service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-notify-'));
  let key: Buffer;
  let cert: Buffer;

  beforeAll(() => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mails over STARTTLS in the channel language, and sends nothing where the server offers no STARTTLS', async () => {
    const db = tempDatabasePath();
    const good = await smtpServer({ key, cert, offerStartTls: true });
    const plain = await smtpServer({ key, cert, offerStartTls: false });
    const bundle = await startBundle({
      ...(await databaseEnv(db.path)),
      ...FAST,
      NOTIFICATIONS_MAX_ATTEMPTS: '2',
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      PUBLIC_URL: 'https://ops.example.com',
    });
    try {
      const base = bundle.baseUrl;
      expect((await call(base, 'POST', '/api/environments', prodEnvironment())).status).toBe(201);
      const email = (port: number, name: string) =>
        call(base, 'POST', '/api/notifications/channels', {
          name,
          kind: 'email',
          language: 'ko',
          email: {
            smtp_host: 'localhost',
            smtp_port: port,
            username: 'notifier',
            password: 'mail-secret-pw',
            from: 'ops@example.com',
            to: ['oncall@example.com'],
          },
        });
      const channel = await email(good.port, 'mail-ok');
      expect(channel.status).toBe(201);
      expect(channel.body.channel.email).toMatchObject({ security: 'starttls', has_password: true, username: 'notifier' });
      expect(JSON.stringify(channel.body)).not.toContain('mail-secret-pw');
      const refused = await email(plain.port, 'mail-plain');
      for (const c of [channel, refused]) {
        expect(
          (await call(base, 'POST', '/api/notifications/rules', { channel_id: c.body.channel.id, events: ['incident.opened'] })).status,
        ).toBe(201);
      }

      const incident = await call(base, 'POST', '/api/incidents', guideIncident({ severity: 'critical' }));
      expect(incident.status).toBe(201);

      const deadline = Date.now() + 15_000;
      while (good.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(good.mails).toHaveLength(1);
      const mail = good.mails[0]!;
      expect(mail.secure).toBe(true);
      expect(good.logins).toEqual([{ username: 'notifier', password: 'mail-secret-pw' }]);
      expect(mail.recipients).toEqual(['oncall@example.com']);
      expect(subjectOf(mail.raw)).toBe('인시던트 발생: API 서버 응답 지연');
      expect(mail.raw).toContain(`ops.example.com/operations/incidents/${incident.body.id}`);

      // The server without STARTTLS gets no mail at all: the delivery fails, then dies.
      const dead = await (async () => {
        for (;;) {
          const log = await call(base, 'GET', `/api/notifications/deliveries?channel_id=${refused.body.channel.id}`);
          if (log.body.items[0]?.status === 'dead' || Date.now() > deadline) return log.body.items[0];
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
      expect(dead.error).toMatch(/STARTTLS/i);
      expect(plain.mails).toHaveLength(0);

      const test = await call(base, 'POST', `/api/notifications/channels/${channel.body.channel.id}/test`);
      expect(test.body).toMatchObject({ status: 'delivered', event_type: 'test' });
      expect(good.mails).toHaveLength(2);
    } finally {
      await stop(bundle);
      await good.close();
      await plain.close();
      db.cleanup();
    }
  }, 60_000);

  it('kill -9 between commit and delivery: delivered after restart, with the same webhook-id', async () => {
    const db = tempDatabasePath();
    const env = { ...(await databaseEnv(db.path)), ...FAST };
    // The receiver takes the first request and never answers: the process dies mid-attempt.
    const hook = await startReceiver((n) => (n === 0 ? 'hang' : { status: 200, body: 'ok' }));
    let bundle = await startBundle(env);
    try {
      const created = await call(bundle.baseUrl, 'POST', '/api/notifications/channels', { name: 'hook', kind: 'webhook', url: hook.url });
      const secret = created.body.signing_secret as string;
      await call(bundle.baseUrl, 'POST', '/api/notifications/rules', { channel_id: created.body.channel.id, events: ['incident.opened'] });
      const incident = await call(bundle.baseUrl, 'POST', '/api/incidents', {
        title: 'disk full',
        severity: 'high',
        incident_type: 'outage',
      });
      expect(incident.status).toBe(201);
      const [first] = await hook.waitFor(1);
      await stop(bundle);

      bundle = await startBundle(env);
      const [, second] = await hook.waitFor(2, 20_000);
      expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(second!.body).toBe(first!.body);
      expect(verifyStandardWebhook(secret, second!.headers, second!.body)).toBe(true);
      expect(JSON.parse(second!.body).data.incident.id).toBe(incident.body.id);
      // Recorded as delivered before this process goes too (else the next one would rightly send it again).
      for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const log = await call(bundle.baseUrl, 'GET', `/api/notifications/deliveries/${first!.headers['webhook-id']}`);
        if (log.body.status === 'delivered') break;
      }

      // A change committed while delivery is off (as in a process killed right after the commit)
      // waits in the outbox, and is sent by the next process that delivers.
      await stop(bundle);
      bundle = await startBundle({ ...env, NOTIFICATIONS_DELIVERY_ENABLED: 'false' });
      const later = await call(bundle.baseUrl, 'POST', '/api/incidents', {
        title: 'queue full',
        severity: 'high',
        incident_type: 'outage',
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(hook.received).toHaveLength(2);
      await stop(bundle);
      bundle = await startBundle(env);
      const [, , third] = await hook.waitFor(3);
      expect(JSON.parse(third!.body).data.incident.id).toBe(later.body.id);

      // The receiver has it; the sender records it as delivered a moment later.
      let log = await call(bundle.baseUrl, 'GET', '/api/notifications/deliveries');
      for (
        const until = Date.now() + 10_000;
        Date.now() < until && log.body.items.some((d: { status: string }) => d.status !== 'delivered');
      ) {
        await new Promise((r) => setTimeout(r, 100));
        log = await call(bundle.baseUrl, 'GET', '/api/notifications/deliveries');
      }
      expect(log.body.items.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
      expect(log.body.items[1].id).toBe(first!.headers['webhook-id']);
      await new Promise((r) => setTimeout(r, 500));
      expect(hook.received).toHaveLength(3);
    } finally {
      await stop(bundle);
      await hook.close();
      db.cleanup();
    }
  }, 90_000);
});
