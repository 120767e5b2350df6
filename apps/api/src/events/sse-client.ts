import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export type ResponseHeaders = Record<string, string | number | string[] | undefined>;

/** How long EventSource waits before reconnecting after the stream ends. */
const RECONNECT_MS = 2_000;

export interface SseClientOptions {
  /** Headers set on the reply before it was taken over (CORS, security headers). */
  headers: ResponseHeaders;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** A socket that has not drained for this long is disconnected. */
  stalledMs: number;
  /** The socket took everything written: more may be written now. */
  onWritable: () => void;
  /** Disconnected because the socket did not drain in time (called before `onClose`). */
  onStalled: () => void;
  /** The response is gone (client left, stalled, or ended at shutdown); called once. */
  onClose: () => void;
}

/**
 * One Server-Sent Events response, written only as fast as its client reads. `write` reports when
 * the socket's buffer is full; nothing more should be written until `onWritable`. A client whose
 * socket stays full for `stalledMs` is disconnected, so a reader that stopped reading holds at
 * most one write's worth of memory, and only for that long.
 */
export class SseClient {
  private blocked = false;
  private closed = false;
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly raw: ServerResponse,
    private readonly options: SseClientOptions,
  ) {
    // Errors of a socket that went away end in 'close', which is what matters here.
    raw.on('error', () => undefined);
    raw.once('close', () => this.onClosed());
    raw.on('drain', () => this.onDrained());
    const inherited = Object.fromEntries(Object.entries(options.headers).filter(([, value]) => value !== undefined)) as OutgoingHttpHeaders;
    raw.writeHead(200, {
      ...inherited,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // A stream ends only at shutdown or disconnect; its socket is never reused.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    this.heartbeat = setInterval(() => {
      if (this.writable) this.write(': keep-alive\n\n');
    }, options.heartbeatMs);
    this.write(`retry: ${RECONNECT_MS}\n\n`);
    if (raw.destroyed) this.onClosed();
  }

  /** Still connected. */
  get open(): boolean {
    return !this.closed;
  }

  /** Connected, and the socket has taken everything written so far. */
  get writable(): boolean {
    return !this.closed && !this.blocked && !this.raw.writableEnded && !this.raw.destroyed;
  }

  /** Writes `text` (always, while connected); false when the socket's buffer is full or the client is gone. */
  write(text: string): boolean {
    if (this.closed || this.raw.destroyed || this.raw.writableEnded) return false;
    if (!this.raw.write(text) && !this.blocked) {
      this.blocked = true;
      this.stallTimer = setTimeout(() => {
        this.options.onStalled();
        this.raw.destroy();
      }, this.options.stalledMs);
    }
    return !this.blocked;
  }

  /** Ends the stream (at shutdown): gracefully when the socket keeps up, at once when it does not. */
  end(): void {
    if (this.closed) return;
    if (this.blocked) this.raw.destroy();
    else this.raw.end();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.raw.destroy();
  }

  private onDrained(): void {
    if (!this.blocked || this.closed) return;
    this.blocked = false;
    this.clearStallTimer();
    this.options.onWritable();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.clearStallTimer();
    this.options.onClose();
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}
