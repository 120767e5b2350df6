/** A minimal Server-Sent Events reader over fetch, to read /api/events as a browser's EventSource would. */
export interface SseMessage {
  id: string | null;
  data: string;
}

export interface SseConnection {
  status: number;
  /** Resolves with the next message, or rejects after `timeoutMs`. */
  next: (timeoutMs?: number) => Promise<SseMessage>;
  close: () => void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const queue: SseMessage[] = [];
  const waiters: Array<(m: SseMessage) => void> = [];
  if (response.body) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            if (data.length === 0) continue;
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
            const message = { id, data: data.join('\n') };
            const waiter = waiters.shift();
            if (waiter) waiter(message);
            else queue.push(message);
          }
        }
      } catch {
        /* aborted by close() */
      }
    })();
  }
  return {
    status: response.status,
    next: (timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const ready = queue.shift();
        if (ready) return resolve(ready);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(deliver), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const deliver = (m: SseMessage) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiters.push(deliver);
      }),
    close: () => controller.abort(),
  };
}
