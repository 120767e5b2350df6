import { describe, expect, it, jest } from '@jest/globals';
import { Subject } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { KEPT_READ_MAX_AGE_MS, KeptReads, type OtherWriters } from './kept-reads.js';
import type { UnitOfWork } from './unit-of-work.js';

function setup(kind: 'postgres' | 'sqlite' = 'postgres') {
  const commits = new Subject<void>();
  const wakes = new Subject<void>();
  const others: OtherWriters & { listening: boolean; start: jest.Mock } = { wakes, listening: true, start: jest.fn() };
  const config = { database: kind === 'postgres' ? { kind, url: 'postgres://x', poolSize: 1 } : { kind, path: ':memory:' } } as AppConfig;
  const kept = new KeptReads(config, { commits } as unknown as UnitOfWork);
  return { kept, commits, wakes, others };
}

describe('KeptReads', () => {
  it('keeps a count only once it hears other writers, and only while it listens', () => {
    const { kept, others } = setup();
    kept.put('open', 7, kept.ticket());
    expect(kept.get('open')).toBeUndefined();
    kept.follow(others);
    kept.put('open', 7, kept.ticket());
    expect(kept.get('open')).toBe(7);
    // Listening starts with the first list that could use a kept count.
    expect(others.start).toHaveBeenCalled();
    others.listening = false;
    expect(kept.get('open')).toBeUndefined();
  });

  it("drops every count at this process's commits and at other writers' notifications", () => {
    const { kept, commits, wakes, others } = setup();
    kept.follow(others);
    kept.put('open', 7, kept.ticket());
    commits.next();
    expect(kept.get('open')).toBeUndefined();
    kept.put('open', 8, kept.ticket());
    wakes.next();
    expect(kept.get('open')).toBeUndefined();
  });

  it('refuses a count read across a write, and one older than its maximum age', () => {
    const { kept, commits, others } = setup();
    kept.follow(others);
    const before = kept.ticket();
    commits.next();
    kept.put('open', 7, before);
    expect(kept.get('open')).toBeUndefined();
    kept.put('open', 7, { ...kept.ticket(), at: performance.now() - KEPT_READ_MAX_AGE_MS - 1 });
    expect(kept.get('open')).toBeUndefined();
  });

  it('keeps nothing on SQLite', () => {
    const { kept, others } = setup('sqlite');
    kept.follow(others);
    kept.put('open', 7, kept.ticket());
    expect(kept.get('open')).toBeUndefined();
  });
});
