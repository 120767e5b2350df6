import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Environment, EnvironmentCreate, EnvironmentQuery, EnvironmentUpdate, environmentId, pageOf } from '../contracts.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { EnvironmentsService } from './environments.service.js';

/** Environment tools: the same service and contracts as /api/environments. */
@Injectable()
export class EnvironmentsTools implements McpToolProvider {
  constructor(
    private readonly environments: EnvironmentsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_environment',
        title: 'Create environment',
        description:
          'Register a place where services run. Requires a unique name and environment_type; status defaults to active. With a url, it is health-checked. Returns the environment with its id.',
        input: EnvironmentCreate.shape,
        output: Environment,
        annotations: WRITES,
        handler: async (args, { by }) => {
          const environment = await this.environments.create(args, by);
          return {
            data: environment,
            summary: `Created ${environment.id}: ${environment.name} (${environment.environment_type}, ${environment.status})`,
          };
        },
      }),
      defineTool({
        name: 'list_environments',
        title: 'List environments',
        description:
          'List environments by name. Optional filters: environment_type, status, tag, search (name, description or url). Returns environments, total, has_more and next_cursor.',
        input: EnvironmentQuery.shape,
        output: pageOf(Environment, 'environments'),
        annotations: READ_ONLY,
        handler: async (args) => pageReply('environments', 'environment', await this.environments.list(args)),
      }),
      defineTool({
        name: 'get_environment',
        title: 'Get environment',
        description:
          'Read one environment: type, url, status, tags, health check settings, current and previous version. For live health, open incidents and last deployment use get_environment_status.',
        input: { environment_id: environmentId() },
        output: Environment,
        annotations: READ_ONLY,
        handler: async ({ environment_id }) => {
          const environment = await this.environments.get(environment_id);
          return {
            data: environment,
            summary: `${environment.id}: ${environment.name} (${environment.status}, version ${environment.current_version ?? 'unknown'})`,
          };
        },
      }),
      defineTool({
        name: 'update_environment',
        title: 'Update environment',
        description:
          'Change an environment; only the fields in `updates` change. E.g. before maintenance: updates {status: "maintenance", description: "…"}. Returns the updated environment.',
        input: {
          environment_id: environmentId(),
          updates: EnvironmentUpdate.describe('The fields to change.'),
        },
        output: Environment,
        annotations: WRITES,
        handler: async ({ environment_id, updates }, { by }) => {
          const environment = await this.environments.update(environment_id, updates, by);
          return {
            data: environment,
            summary: `Updated ${environment.id}: ${environment.name} (${environment.status}), revision ${environment.revision}`,
          };
        },
      }),
      defineTool({
        name: 'delete_environment',
        title: 'Delete environment',
        description: 'Delete an environment that no incident or deployment refers to (otherwise refused; set status inactive instead).',
        input: { environment_id: environmentId() },
        output: z.object({ deleted: z.boolean(), environment_id: z.string() }),
        annotations: DESTRUCTIVE,
        handler: async ({ environment_id }, { by }) => {
          await this.environments.remove(environment_id, by);
          return { data: { deleted: true, environment_id }, summary: `Deleted environment ${environment_id}` };
        },
      }),
    ];
  }
}
