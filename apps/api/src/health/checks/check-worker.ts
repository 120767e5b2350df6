import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';
import { CheckCancelled, type CheckContext } from './check-request.js';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './check-worker-protocol.js';
import { performCheck } from './perform-check.js';

/**
 * A thread that only runs health checks: its event loop does nothing else, so a response time it
 * measures is the target's, not the time a busy service thread took to notice the answer.
 */

const KEEP_ALIVE_MS = 30_000;
const settings = workerData as WorkerSettings;
const shutdown = new AbortController();
const context: CheckContext = {
  agent: new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS }),
  dnsServers: settings.dnsServers,
  shutdown: shutdown.signal,
};
const port = parentPort!;
const reply = (message: WorkerReply) => port.postMessage(message);

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'close') {
    shutdown.abort();
    void context.agent
      .destroy()
      .catch(() => undefined)
      .finally(() => reply({ type: 'closed' }));
    return;
  }
  const { id, request, checkedAt } = message;
  performCheck(request, context, checkedAt).then(
    (outcome) => reply({ type: 'outcome', id, outcome }),
    (error: unknown) =>
      reply(
        error instanceof CheckCancelled || shutdown.signal.aborted
          ? { type: 'cancelled', id }
          : { type: 'failed', id, message: error instanceof Error ? error.message : String(error) },
      ),
  );
});
