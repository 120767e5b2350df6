import { INCIDENT_SORTS, type IncidentSort } from '../libs/domain/src/index.js';
import type { LoadSettings, Target } from './load.js';

/** How one scenario is measured: `rounds` of product-then-reference (or the other way round), each with its own warm-up. */
export type ScenarioSettings = LoadSettings & { rounds: number; idleSeconds: number };

/**
 * Load settings of `npm run bench`; `--quick` is the short version. The list matrix (every sort with
 * every common filter) gets shorter runs than the four core scenarios, so the whole run stays within
 * about 20 minutes (quick: a few) with both databases; but two rounds each, in both orders, like the
 * core ones: on a shared machine one 4-second round per side put the same list anywhere from 81% to
 * 135% (5 December). Lists are driven by 10 connections, not 50:
 * the sorts with no index for their filter (updated_desc with one) take about 0.2 s a page on both
 * sides, and 50 waiting connections would time out and leave a backlog for the next scenario.
 */
export interface BenchSettings {
  core: ScenarioSettings;
  list: ScenarioSettings;
}

export function benchSettings(quick: boolean): BenchSettings {
  return quick
    ? {
        core: { connections: 50, warmupSeconds: 1, durationSeconds: 3, rounds: 1, idleSeconds: 0.5 },
        list: { connections: 10, warmupSeconds: 1, durationSeconds: 2, rounds: 1, idleSeconds: 0.5 },
      }
    : {
        core: { connections: 50, warmupSeconds: 2, durationSeconds: 5, rounds: 2, idleSeconds: 1 },
        list: { connections: 10, warmupSeconds: 1, durationSeconds: 3, rounds: 2, idleSeconds: 1 },
      };
}

/** The filters people put on the incident list most, and none. */
export const LIST_FILTERS = ['none', 'status', 'severity', 'environment'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** What the bench asks of both sides; the reference answers the same paths on the same data. */
export interface BenchData {
  incidentId: string;
  environmentId: string;
}

function filterQuery(filter: ListFilter, data: BenchData): string {
  switch (filter) {
    case 'none':
      return '';
    case 'status':
      return '&status=open';
    case 'severity':
      return '&severity=high';
    case 'environment':
      return `&environment_id=${data.environmentId}`;
  }
}

export const listPath = (sort: IncidentSort, filter: ListFilter, data: BenchData) =>
  `/api/incidents?sort_by=${sort}${filterQuery(filter, data)}&limit=50`;

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

/** Where each side answers: the product serves REST and /mcp; the reference has a REST process and an MCP process. */
export interface Endpoints {
  rest: string;
  mcp: string;
}

export interface Scenario {
  name: string;
  kind: 'list' | 'core';
  target: (side: Endpoints) => Target;
  /** Measured against the reference on a copy whose incidents table has only the lean indexes (lean-table.ts). */
  leanReference?: boolean;
  /** Targets from the issue, as ratios to the reference. */
  minRpsRatio: number;
  maxP99Ratio: number;
}

const P99 = 2;

/** Every scenario: each list sort with each common filter, then get, create (against both reference tables) and an MCP tool call. */
export function scenarios(data: BenchData): Scenario[] {
  const lists: Scenario[] = INCIDENT_SORTS.flatMap((sort) =>
    LIST_FILTERS.map((filter) => ({
      name: `list sort=${sort} filter=${filter}`,
      kind: 'list' as const,
      target: (side: Endpoints) => ({ url: side.rest + listPath(sort, filter, data) }),
      minRpsRatio: 0.8,
      maxP99Ratio: P99,
    })),
  );
  return [
    ...lists,
    {
      name: 'get incident with timeline',
      kind: 'core',
      target: (side) => ({ url: `${side.rest}/api/incidents/${data.incidentId}` }),
      minRpsRatio: 0.85,
      maxP99Ratio: P99,
    },
    {
      name: 'create incident with a timeline row',
      kind: 'core',
      target: (side) => ({ url: `${side.rest}/api/incidents`, method: 'POST', body: incidentBody }),
      minRpsRatio: 0.7,
      maxP99Ratio: P99,
    },
    {
      name: 'create incident, reference table with one index per sort',
      kind: 'core',
      target: (side) => ({ url: `${side.rest}/api/incidents`, method: 'POST', body: incidentBody }),
      leanReference: true,
      minRpsRatio: 0.7,
      maxP99Ratio: P99,
    },
    {
      name: 'MCP tools/call list_incidents',
      kind: 'core',
      target: (side) => mcpCall(side.mcp),
      minRpsRatio: 0.8,
      maxP99Ratio: P99,
    },
  ];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
};
