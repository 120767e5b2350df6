import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

/** Seconds: from a quick read to a slow write; the event stream's long-lived requests land in +Inf. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The route a request matched as its pattern (`/api/incidents/:id`), never its raw URL, so ids and
 * query strings cannot make new series. The dashboard's files are one route each, named by build
 * hashes, so they count together as `dashboard`; requests no route matched as `unmatched`.
 */
export function routeLabel(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return 'unmatched';
  if (pattern.startsWith('/api/') || pattern === '/mcp' || pattern === '/metrics') return pattern;
  return 'dashboard';
}

/**
 * Request rate and latency by method, route and status (`http_request_duration_seconds`, whose
 * `_count` is the request count), and `GET /metrics` in Prometheus' text format. Refused requests
 * (401, 403) count too. Measured when the response finishes, so routes that answer on the raw socket
 * (`/mcp`, the event stream) count as well.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP requests by method, route pattern and status code, and how long they took.',
    ['method', 'route', 'status_code'],
    BUCKETS,
  );
  // One series handle per method, route and status: observing through a label object works the
  // series out again on every request.
  const series = new Map<string, { observe(seconds: number): void }>();
  const seriesOf = (method: string, route: string, status: number) => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      found = duration.labels({ method, route, status_code: String(status) });
      series.set(key, found);
    }
    return found;
  };
  // Fastify already listens for each response's end and times it: a listener of our own per request cost more than the count.
  fastify.addHook('onResponse', (request, reply, done) => {
    seriesOf(request.method, routeLabel(request), reply.statusCode).observe(reply.elapsedTime / 1000);
    done();
  });
  fastify.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
