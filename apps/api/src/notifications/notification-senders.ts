import { NOTIFICATION_LIMITS } from '../domain.js';
import type { ChannelEntity } from './notification.entities.js';
import { chatPayload, emailContent, messageFor, type EventBody } from './notification-messages.js';
import { signatureOf } from './webhook-signature.js';

/** What one attempt to deliver came to. */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, or the start of the receiver's answer. */
  detail: string | null;
}

export interface SendRequest {
  /** The delivery id: the webhook-id, the same on every attempt. */
  id: string;
  /** The stored event body, sent as is to webhook channels. */
  payload: string;
  timeoutMs: number;
  now: Date;
}

const MAX_REDIRECTS = 3;
const USER_AGENT = 'workflow-mcp-notifications';

export const excerpt = (text: string) => {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= NOTIFICATION_LIMITS.excerptMax ? clean : `${clean.slice(0, NOTIFICATION_LIMITS.excerptMax - 1)}…`;
};

/** Why a request got no answer, in words an operator can act on; never the URL, which may hold a secret. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | null)?.cause;
  for (const candidate of [cause, error] as Array<{ message?: unknown; code?: unknown } | null | undefined>) {
    if (typeof candidate?.code === 'string' && typeof candidate.message === 'string')
      return excerpt(`${candidate.code}: ${candidate.message}`);
    if (typeof candidate?.message === 'string' && candidate.message !== '') return excerpt(candidate.message);
  }
  return excerpt(String(error));
}

/** Reads at most a few kB of an answer: a receiver cannot make this process hold a large body. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 4 * NOTIFICATION_LIMITS.excerptMax) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return excerpt(Buffer.concat(chunks).toString('utf8'));
}

/**
 * POSTs JSON with a deadline for the whole exchange. Redirects are not followed to another host
 * (that would send a signed or secret-bearing request where nobody configured it); a 307/308 to
 * the same host is followed a few times, as the method and body stay the same.
 */
async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let target = new URL(url);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
        body,
        redirect: 'manual',
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        const next = location ? new URL(location, target) : null;
        const sameHost = next !== null && next.host === target.host && next.protocol === target.protocol;
        if (sameHost && (response.status === 307 || response.status === 308) && hop < MAX_REDIRECTS) {
          target = next;
          continue;
        }
        return {
          ok: false,
          statusCode: response.status,
          detail: sameHost
            ? `redirected (${response.status}); not followed`
            : `redirected to another host (${response.status}); not followed`,
        };
      }
      const answer = await readExcerpt(response);
      return { ok: response.ok, statusCode: response.status, detail: answer || null };
    }
  } catch (error) {
    return { ok: false, statusCode: null, detail: describeFailure(error, timeoutMs) };
  }
}

async function sendEmail(channel: ChannelEntity, body: EventBody, request: SendRequest): Promise<SendOutcome> {
  const settings = channel.email_settings;
  if (!settings) return { ok: false, statusCode: null, detail: 'the channel has no SMTP settings' };
  const content = emailContent(messageFor(body, channel.language));
  // Loaded with the first email: most services send none, and the mail client is large.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.smtp_host,
    port: settings.smtp_port,
    secure: settings.security === 'tls',
    // STARTTLS is required, not merely tried: no mail goes out in plain text unless asked for.
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
    connectionTimeout: request.timeoutMs,
    greetingTimeout: request.timeoutMs,
    socketTimeout: request.timeoutMs,
  });
  // Each SMTP step has its own timeout; this bounds the whole exchange, so an attempt always ends
  // well within the sender's claim on the delivery.
  let deadline: NodeJS.Timeout | undefined;
  const overall = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => {
      transport.close();
      reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    }, request.timeoutMs * 2);
  });
  try {
    const info = await Promise.race([
      overall,
      transport.sendMail({
        from: settings.from,
        to: settings.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        // The same id on every attempt lets a mailbox (and a person) see a repeat for what it is.
        messageId: `<${request.id}@workflow-mcp>`,
        headers: { 'X-Webhook-Id': request.id },
      }),
    ]);
    return { ok: true, statusCode: null, detail: excerpt(String(info.response ?? 'accepted')) };
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode;
    const detail =
      (error as { name?: unknown }).name === 'TimeoutError'
        ? `no answer within ${request.timeoutMs * 2} ms`
        : describeFailure(error, request.timeoutMs);
    return { ok: false, statusCode: typeof code === 'number' ? code : null, detail };
  } finally {
    clearTimeout(deadline);
    transport.close();
  }
}

/** Sends one delivery to its channel, once. */
export async function send(channel: ChannelEntity, request: SendRequest): Promise<SendOutcome> {
  const body = JSON.parse(request.payload) as EventBody;
  if (channel.kind === 'email') return sendEmail(channel, body, request);
  if (!channel.url) return { ok: false, statusCode: null, detail: 'the channel has no URL' };
  if (channel.kind === 'webhook') {
    const timestamp = Math.floor(request.now.getTime() / 1000);
    const secrets = [
      channel.secret,
      channel.previous_secret && channel.previous_secret_until && channel.previous_secret_until > request.now.toISOString()
        ? channel.previous_secret
        : null,
    ];
    const signatures = secrets.filter((s): s is string => !!s).map((s) => signatureOf(s, request.id, timestamp, request.payload));
    return postJson(
      channel.url,
      request.payload,
      { 'webhook-id': request.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') },
      request.timeoutMs,
    );
  }
  const message = messageFor(body, channel.language);
  return postJson(channel.url, JSON.stringify(chatPayload(channel.kind, message)), {}, request.timeoutMs);
}
