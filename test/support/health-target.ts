import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from './loopback.js';

/** One request as the target saw it, in performance.now() milliseconds of this process. */
export interface SeenRequest {
  path: string;
  startedAt: number;
  endedAt: number | null;
}

/**
 * A service to health-check, on 127.0.0.1 and a free port:
 *   /ok                200 at once
 *   /slow?ms=N         200 after N ms
 *   /status/NNN        that status
 *   /redirect          302 to /ok
 *   /hang              never answers
 *   /switch/KEY        the status set with setStatus(KEY, …) (200 until then)
 * Every request is recorded with when it arrived and when it was answered.
 */
export interface HealthTarget {
  url: string;
  requests: SeenRequest[];
  setStatus: (key: string, status: number) => void;
  seen: (pathPrefix: string) => SeenRequest[];
  close: () => Promise<void>;
}

export async function startHealthTarget(): Promise<HealthTarget> {
  const requests: SeenRequest[] = [];
  const switches = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://target');
    const seen: SeenRequest = { path: url.pathname + url.search, startedAt: performance.now(), endedAt: null };
    requests.push(seen);
    const answer = (status: number, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(String(status));
      seen.endedAt = performance.now();
    };
    const [, route, arg] = url.pathname.split('/');
    if (route === 'ok') return answer(200);
    if (route === 'slow') {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          answer(200);
        },
        Number(url.searchParams.get('ms') ?? 100),
      );
      return void timers.add(timer);
    }
    if (route === 'status') return answer(Number(arg));
    if (route === 'redirect') return answer(302, { location: '/ok' });
    if (route === 'hang') return;
    if (route === 'switch') return answer(switches.get(arg ?? '') ?? 200);
    answer(404);
  });
  const baseUrl = await listenOnLoopback(server);
  return {
    url: baseUrl,
    requests,
    setStatus: (key, status) => void switches.set(key, status),
    seen: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `probe` until it returns something truthy, at most `timeoutMs`; the last value is returned either way. */
export async function waitFor<T>(probe: () => Promise<T> | T, timeoutMs = 5_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!value && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await probe();
  }
  return value;
}
