import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { LIMITS } from '../domain.js';
import { READ_ONLY, defineTool, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { environmentSchema, healthStatusSchema, incidentSchema, text } from '../mcp/tool-schemas.js';
import { validateAs } from '../common/validation.js';
import { SystemHealthQuery } from './dto/system-health.dto.js';
import { SystemHealthService } from './system-health.service.js';

const checkSchema = z.object({ environment_id: z.string(), status: healthStatusSchema, response_time: z.number().nullable(), checked_at: z.string() });

const systemHealthSchema = z.object({
  success: z.literal(true),
  system_health: z.object({
    summary: z.object({
      total_environments: z.number(),
      healthy_environments: z.number(),
      warning_environments: z.number(),
      critical_environments: z.number(),
      unknown_environments: z.number(),
      last_check: z.string().nullable(),
    }),
    environments: z.array(z.object({ environment_id: z.string(), name: z.string(), status: healthStatusSchema, environment_status: z.string() })),
    recent_checks: z.array(checkSchema),
    detailed_metrics: z.record(z.string(), z.unknown()).optional(),
  }),
});

const environmentStatusSchema = z.object({
  environment: environmentSchema,
  health: z.object({
    status: healthStatusSchema,
    latest_check: checkSchema.nullable(),
    uptime: z.object({ '24h': z.number().nullable(), '7d': z.number().nullable(), '30d': z.number().nullable() }),
  }),
  current_version: z.string().nullable(),
  open_incidents: z.object({ count: z.number(), items: z.array(incidentSchema) }),
  last_deployment: z
    .object({ id: z.string(), title: z.string(), version: z.string(), status: z.string(), completed_at: z.string().nullable(), created_at: z.string() })
    .nullable(),
});

/** System health tools: the same service as /api/system-health and /api/environments/{id}/status. */
@Injectable()
export class SystemHealthTools implements McpToolProvider {
  constructor(private readonly health: SystemHealthService) {}

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'get_system_health',
        title: 'System health',
        description:
          'Health of all environments (or one, with environment_id): how many are healthy, warning, critical or unknown, the latest checks with response times, and with include_details the measured host metrics. Numbers are only ever measured ones; unknown means not checked yet.',
        input: {
          environment_id: text(LIMITS.nameMax, 'Only this environment (id or name).').optional(),
          include_details: z.boolean().optional().describe('Include detailed_metrics.'),
        },
        output: systemHealthSchema,
        annotations: READ_ONLY,
        handler: async (args) => {
          const query = await validateAs(SystemHealthQuery, args);
          const health = await this.health.systemHealth(query.environment_id, query.include_details ?? false);
          const s = health.system_health.summary;
          return {
            data: health,
            summary: `${s.total_environments} environment(s): ${s.healthy_environments} healthy, ${s.warning_environments} warning, ${s.critical_environments} critical, ${s.unknown_environments} unknown`,
          };
        },
      }),
      defineTool({
        name: 'get_environment_status',
        title: 'Environment status',
        description: 'Everything about one environment now: its health and latest check, uptime, current version, open incidents and the last deployment.',
        input: { environment_id: text(LIMITS.nameMax, 'Environment id or unique name.') },
        output: environmentStatusSchema,
        annotations: READ_ONLY,
        handler: async ({ environment_id }) => {
          const status = await this.health.environmentStatus(environment_id);
          return {
            data: status,
            summary: `${status.environment.name}: ${status.health.status}, version ${status.current_version ?? 'unknown'}, ${status.open_incidents.count} open incident(s)`,
          };
        },
      }),
    ];
  }
}
