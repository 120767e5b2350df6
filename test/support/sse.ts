/** A minimal Server-Sent Events reader over fetch, to read /api/events as a browser's EventSource would. */
export interface SseMessage {
  id: string | null;
  /** The `event:` field (null for plain messages, which EventSource delivers as "message"). */
  event: string | null;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Resolves with the next message, or rejects after `timeoutMs`. */
  next: (timeoutMs?: number) => Promise<SseMessage>;
  /** Resolves with the next comment line (such as the heartbeat), or rejects after `timeoutMs`. */
  nextComment: (timeoutMs?: number) => Promise<string>;
  /** Resolves when the service ends the stream (or the connection drops), or rejects after `timeoutMs`. */
  ended: (timeoutMs?: number) => Promise<void>;
  close: () => void;
}

/** Items arriving in order, each taken once by whoever waits for it. */
function channel<T>() {
  const queue: T[] = [];
  const waiters: Array<(item: T) => void> = [];
  return {
    push(item: T) {
      const waiter = waiters.shift();
      if (waiter) waiter(item);
      else queue.push(item);
    },
    take(timeoutMs: number, what: string): Promise<T> {
      return new Promise((resolve, reject) => {
        if (queue.length > 0) return resolve(queue.shift()!);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(deliver), 1);
          reject(new Error(`no ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        const deliver = (item: T) => {
          clearTimeout(timer);
          resolve(item);
        };
        waiters.push(deliver);
      });
    },
  };
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const messages = channel<SseMessage>();
  const comments = channel<string>();
  let markEnded: () => void = () => undefined;
  const end = new Promise<void>((resolve) => (markEnded = resolve));
  if (response.body) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const lines = block.split('\n');
            for (const line of lines) if (line.startsWith(':')) comments.push(line.slice(1).trim());
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            if (data.length === 0) continue;
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
            const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
            messages.push({ id, event, data: data.join('\n') });
          }
        }
      } catch {
        /* aborted by close(), or the connection dropped */
      } finally {
        markEnded();
      }
    })();
  } else {
    markEnded();
  }
  return {
    status: response.status,
    headers: response.headers,
    next: (timeoutMs = 5_000) => messages.take(timeoutMs, 'event'),
    nextComment: (timeoutMs = 5_000) => comments.take(timeoutMs, 'comment'),
    ended: (timeoutMs = 5_000) =>
      Promise.race([
        end,
        new Promise<void>((_, reject) =>
          setTimeout(() => reject(new Error(`the stream did not end within ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]),
    close: () => controller.abort(),
  };
}
