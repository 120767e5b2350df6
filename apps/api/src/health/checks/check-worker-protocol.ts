import type { CheckOutcome, CheckRequest } from './check-request.js';

/** What the check threads are started with. */
export interface WorkerSettings {
  dnsServers: readonly string[];
}

/** Messages to a check thread: run a check, or stop (checks under way are cut short). */
export type WorkerRequest = { type: 'check'; id: number; request: CheckRequest; checkedAt: string } | { type: 'close' };

/** Messages from a check thread. */
export type WorkerReply =
  | { type: 'outcome'; id: number; outcome: CheckOutcome }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };
