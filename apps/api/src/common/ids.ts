import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Opaque id with a type prefix, e.g. `inc-3k9x0c2m8q4w`: readable in logs, unguessable. */
export function newId(prefix: 'inc' | 'env' | 'dep' | 'usr' | 'tok' | 'aud' | (string & {})): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${prefix}-${out}`;
}
