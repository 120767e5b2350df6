import { Worker } from 'node:worker_threads';
import { CheckCancelled, type CheckOutcome, type CheckRequest } from './check-request.js';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './check-worker-protocol.js';

interface Waiting {
  resolve: (outcome: CheckOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  waiting: Map<number, Waiting>;
  closed: Promise<void>;
}

/** How long a closing thread may take to cut its checks short before it is terminated. */
const CLOSE_GRACE_MS = 2_000;

/**
 * A few threads (check-worker.ts) that run health checks and post their outcomes back. Each check
 * goes to the thread with the fewest under way; how many run at once is still the caller's to bound.
 * A thread that dies takes its checks with it (they fail, the next ones go to its replacement).
 */
export class CheckThreads {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closing = false;
  private broken = false;

  constructor(
    private readonly entry: URL,
    size: number,
    private readonly settings: WorkerSettings,
    private readonly onProblem: (message: string) => void,
  ) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  /** False once a thread could not even start (the caller then runs checks itself). */
  get usable(): boolean {
    return !this.broken;
  }

  run(request: CheckRequest, checkedAt: string): Promise<CheckOutcome> {
    if (this.closing) return Promise.reject(new CheckCancelled());
    const thread = this.threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    return new Promise<CheckOutcome>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ type: 'check', id, request, checkedAt } satisfies WorkerRequest);
    });
  }

  /** Cuts checks under way short (they reject with CheckCancelled) and ends the threads. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(
      this.threads.map(async (thread) => {
        thread.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([thread.closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
        clearTimeout(timer);
        await thread.worker.terminate();
        this.settle(thread, () => new CheckCancelled());
      }),
    );
  }

  private spawn(): Thread {
    const worker = new Worker(this.entry, { workerData: this.settings, name: 'health-checks' });
    let closed!: () => void;
    let online = false;
    worker.once('online', () => (online = true));
    const thread: Thread = { worker, waiting: new Map(), closed: new Promise<void>((resolve) => (closed = resolve)) };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'closed') return closed();
      const waiting = thread.waiting.get(reply.id);
      if (!waiting) return;
      thread.waiting.delete(reply.id);
      if (reply.type === 'outcome') waiting.resolve(reply.outcome);
      else if (reply.type === 'cancelled') waiting.reject(new CheckCancelled());
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.onProblem(`a health check thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      closed();
      if (this.closing) return;
      this.settle(thread, () => new Error(`the health check thread stopped (exit code ${code}) during the check`));
      // A thread that never started will not start next time either: no restart loop.
      if (!online) {
        this.broken = true;
        return;
      }
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads[index] = this.spawn();
    });
    return thread;
  }

  private settle(thread: Thread, reason: () => Error): void {
    for (const waiting of thread.waiting.values()) waiting.reject(reason());
    thread.waiting.clear();
  }
}
