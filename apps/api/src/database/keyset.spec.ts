import { describe, expect, it } from '@jest/globals';
import { rowLimit } from './keyset.js';

describe('rowLimit', () => {
  it('writes whole positive row counts into SQL text', () => {
    expect(rowLimit(51)).toBe('51');
    expect(rowLimit(1)).toBe('1');
  });

  it('refuses anything that is not a whole positive number, so nothing else reaches the text', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => rowLimit(bad)).toThrow('Not a row limit');
  });
});
