import { describe, expect, it } from '@jest/globals';
import { newId } from './ids.js';

describe('newId', () => {
  it('gives distinct ids of 12 characters from the alphabet, across many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('inc'));
    for (const id of ids) expect(id).toMatch(/^inc-[0-9a-hjkmnp-tv-z]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every letter of its alphabet', () => {
    const letters = new Set(
      Array.from({ length: 500 }, () => newId('x').slice(2))
        .join('')
        .split(''),
    );
    expect(letters.size).toBe(32);
  });
});
