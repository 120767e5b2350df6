import type { LoadSettings, Target } from './load.js';

/** Load settings shared by every part of `npm run bench`; `--quick` is the short version. */
export type BenchSettings = LoadSettings & { rounds: number; idleSeconds: number };

export function benchSettings(quick: boolean): BenchSettings {
  return quick
    ? { connections: 50, warmupSeconds: 1, durationSeconds: 3, rounds: 2, idleSeconds: 1 }
    : { connections: 50, warmupSeconds: 3, durationSeconds: 10, rounds: 2, idleSeconds: 3 };
}

export const LIST_QUERY = '/api/incidents?status=open&sort_by=severity&limit=50';

export const incidentBody = JSON.stringify({
  title: 'checkout latency spike',
  description: 'p99 above 2 s on the checkout API since 10:02',
  severity: 'high',
  incident_type: 'performance',
  affected_services: ['checkout-service', 'payment-api'],
  tags: ['api', 'payment'],
});

export const mcpCall = (url: string): Target => ({
  url,
  method: 'POST',
  headers: { accept: 'application/json, text/event-stream' },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'list_incidents', arguments: { severity: 'high', status: 'open', limit: 50 } },
  }),
});

/** The product's targets for the scenarios measured on every database. */
export function productTargets(product: string, incidentId: string): Array<{ name: string; target: Target }> {
  return [
    { name: 'list 50 incidents (filtered, sorted)', target: { url: product + LIST_QUERY } },
    { name: 'get incident with timeline', target: { url: `${product}/api/incidents/${incidentId}` } },
    { name: 'create incident', target: { url: `${product}/api/incidents`, method: 'POST', body: incidentBody } },
    { name: 'MCP tools/call list_incidents', target: mcpCall(`${product}/mcp`) },
  ];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
};
