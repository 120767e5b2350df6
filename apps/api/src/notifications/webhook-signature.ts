import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of random
 * bytes; the signature is `v1,` + base64 HMAC-SHA256, keyed with those bytes, of
 * `${webhook-id}.${webhook-timestamp}.${body}`. Several signatures are separated by spaces.
 */
const PREFIX = 'whsec_';

export function newSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The last characters of a secret: enough to tell two apart, too few to use. */
export function secretHint(secret: string | null): string | null {
  return secret ? `…${secret.slice(-4)}` : null;
}
