import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CheckCancelled } from './check-request.js';

/** A connection that was made: the socket (to read from, then destroy) and how long it took. */
export interface Connected<S extends Socket> {
  socket: S;
  ms: number;
}

/** Thrown when the connection was not made in time. */
export class ConnectTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no connection within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Opens a connection (TCP or TLS) and waits for `readyEvent`, within a timeout; shutdown cuts it
 * short with CheckCancelled. The caller destroys the socket once it has read what it needs.
 */
export function attempt<S extends Socket>(
  open: () => S,
  readyEvent: 'connect' | 'secureConnect',
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<Connected<S>> {
  return new Promise((resolve, reject) => {
    if (shutdown.aborted) return reject(new CheckCancelled());
    const started = performance.now();
    const socket = open();
    const finish = (error: Error | null) => {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', onShutdown);
      socket.removeAllListeners(readyEvent);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve({ socket, ms: Math.round(performance.now() - started) });
      }
    };
    const onShutdown = () => finish(new CheckCancelled());
    const timer = setTimeout(() => finish(new ConnectTimeout(timeoutMs)), timeoutMs);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    socket.once(readyEvent, () => finish(null));
    // Errors after the answer (a reset while closing) mean nothing to the check.
    socket.on('error', (error) => finish(error));
  });
}
