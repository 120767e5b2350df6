import type { ChangeSource } from '../domain.js';

/** Who made a change and through which interface; recorded on timelines and events. */
export interface Actor {
  source: ChangeSource;
  actor: string | null;
}

export const SYSTEM: Actor = { source: 'system', actor: null };
