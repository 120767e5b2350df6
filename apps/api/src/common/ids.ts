import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_BYTES = 12;

// Random bytes are drawn 4 KB at a time and each byte is used once, as Node does for randomUUID:
// a call into the generator per id was 3% of a create's CPU.
const pool = Buffer.alloc(4096);
let next = pool.length;

/** Opaque id with a type prefix, e.g. `inc-3k9x0c2m8q4w`: readable in logs, unguessable. */
export function newId(prefix: 'inc' | 'env' | 'dep' | 'usr' | 'tok' | 'aud' | (string & {})): string {
  if (next + ID_BYTES > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  let out = '';
  for (let i = next; i < next + ID_BYTES; i++) out += ALPHABET[pool[i]! & 31];
  next += ID_BYTES;
  return `${prefix}-${out}`;
}
