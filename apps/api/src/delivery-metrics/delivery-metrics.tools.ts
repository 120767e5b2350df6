import { Injectable } from '@nestjs/common';
import { DeliveryMetricsQuery, type DeliveryMetrics } from '../contracts.js';
import { READ_ONLY, defineTool, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { SEVERITIES } from '../domain.js';
import { DeliveryMetricsService } from './delivery-metrics.service.js';

const SERIES_COLUMNS = [
  'start',
  'deployments',
  'succeeded',
  'failed',
  'rolled_back',
  'change_failures',
  'lead_time_median_seconds',
  ...SEVERITIES,
] as const;

/** "3h 20m", "2d 4h": a duration as people read it in a transcript. */
function duration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h ${Math.round((seconds % 3_600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.round((seconds % 86_400) / 3_600)}h`;
}

function sentence(m: DeliveryMetrics): string {
  const f = m.deployment_frequency;
  const l = m.lead_time;
  const c = m.change_failure_rate;
  const r = m.time_to_restore;
  const band = (b: string | null) => b ?? 'no data';
  const rate = c.rate === null ? 'n/a' : `${Math.round(c.rate * 1000) / 10}%`;
  return [
    `Last ${m.window.days} day(s)${m.environment_id ? ` in ${m.environment_id}` : ''}:`,
    `deployment frequency ${f.per_day}/day (${f.deployments}) ${band(f.band)};`,
    `lead time median ${duration(l.median_seconds)} ${band(l.band)};`,
    `change failure rate ${rate} (${c.failures}/${c.finished}) ${band(c.band)};`,
    `time to restore median ${duration(r.median_seconds)} (${r.count} resolved) ${band(r.band)}.`,
  ].join(' ');
}

/** Delivery tools: the same service and contract as GET /api/delivery-metrics. */
@Injectable()
export class DeliveryMetricsTools implements McpToolProvider {
  constructor(
    private readonly metrics: DeliveryMetricsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'get_delivery_metrics',
        title: 'Get delivery metrics (DORA)',
        description:
          'DORA metrics over the last days: deployment frequency, lead time, change failure rate, time to restore, each with its band (elite/high/medium/low) and raw counts, plus a per-day or per-week series (a table: series_columns, then one row per bucket).',
        toolset: 'delivery',
        input: DeliveryMetricsQuery.shape,
        brief: { environment_id: 'id or name; default all', days: 'Default 30, 1-365.', bucket: 'Series step; default day up to 31 days.' },
        annotations: READ_ONLY,
        handler: async (args) => {
          const { series, ...metrics } = await this.metrics.metrics(args);
          const rows = series.map((p) => [
            p.start,
            p.deployments,
            p.outcomes.succeeded,
            p.outcomes.failed,
            p.outcomes.rolled_back,
            p.change_failures,
            p.lead_time_median_seconds,
            ...SEVERITIES.map((s) => p.incidents[s]),
          ]);
          return { data: { ...metrics, series_columns: SERIES_COLUMNS, series: rows }, summary: sentence({ ...metrics, series }) };
        },
      }),
    ];
  }
}
