import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { EnvironmentCreate, EnvironmentQuery, EnvironmentStatusSchema, EnvironmentUpdate, environmentId } from '../contracts.js';
import type { Environment } from '../domain.js';
import {
  DESTRUCTIVE,
  READ_ONLY,
  WRITES,
  defineTool,
  isDetailed,
  listReply,
  responseFormat,
  withoutEmpty,
  type McpToolProvider,
  type ToolDefinition,
} from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { EnvironmentsService } from './environments.service.js';

const ENVIRONMENT_COLUMNS = ['id', 'name', 'environment_type', 'status', 'current_version'] as const;
/** How many names or ids a completion offers. */
const COMPLETIONS_MAX = 20;

/** An environment as an assistant reads it first: what is set, without the health check settings. */
function concise(environment: Environment) {
  const { health_check: _settings, deploy_hook_url: _hook, ...fields } = environment;
  return withoutEmpty(fields);
}

/** Environment tools: the same service and contracts as /api/environments. */
@Injectable()
export class EnvironmentsTools implements McpToolProvider {
  constructor(
    private readonly environments: EnvironmentsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
    registry.addCompleter('environment', async (prefix) => {
      const wanted = prefix.toLowerCase();
      const all = await this.environments.all();
      return all
        .flatMap((e) => [e.name, e.id])
        .filter((value) => value.toLowerCase().startsWith(wanted))
        .slice(0, COMPLETIONS_MAX);
    });
    registry.addResource({
      name: 'environment',
      title: 'Environment',
      description: 'An environment by id or name: settings and versions.',
      toolset: 'environments',
      uriTemplate: 'environment://{environment_id}',
      variable: 'environment_id',
      complete: 'environment',
      read: (reference) => this.environments.get(reference),
    });
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_environment',
        role: 'admin',
        title: 'Create environment',
        description: 'Register a place where services run; with a url it is health-checked. Returns it with its id.',
        toolset: 'environments',
        input: EnvironmentCreate.shape,
        brief: {
          name: 'Unique; usable as environment_id.',
          status: 'Default active.',
          deploy_hook_url: 'Called with the deployment (JSON) when one is executed here.',
          current_version: 'Version running now, if known.',
          health_check:
            'Defaults: target = url, expected_status 200, interval_seconds 30; 3 critical in a row open an incident in production.',
          description: null,
        },
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
        description: 'List environments by name; filters combine. For health use get_system_health.',
        toolset: 'environments',
        input: { ...EnvironmentQuery.shape, ...responseFormat },
        brief: { environment_type: null, status: null, tag: null, search: 'In name, description, url.', sort_by: null },
        annotations: READ_ONLY,
        handler: async ({ response_format, ...query }) =>
          listReply(
            isDetailed({ response_format }),
            'environments',
            'environment',
            await this.environments.list(query),
            ENVIRONMENT_COLUMNS,
            (e) => [e.id, e.name, e.environment_type, e.status, e.current_version],
          ),
      }),
      defineTool({
        name: 'get_environment',
        title: 'Get environment',
        description: 'One environment: settings and versions (detailed adds health check settings). Live state: get_environment_status.',
        toolset: 'environments',
        input: { environment_id: environmentId(), ...responseFormat },
        output: z.looseObject({ id: z.string(), name: z.string(), status: EnvironmentStatusSchema }),
        annotations: READ_ONLY,
        handler: async ({ environment_id, response_format }) => {
          const environment = await this.environments.get(environment_id);
          return {
            data: isDetailed({ response_format }) ? environment : concise(environment),
            summary: `${environment.id}: ${environment.name} (${environment.status}, version ${environment.current_version ?? 'unknown'})`,
          };
        },
      }),
      defineTool({
        name: 'update_environment',
        role: 'admin',
        title: 'Update environment',
        description: 'Change fields in updates, e.g. {status: "maintenance", description}.',
        toolset: 'environments',
        input: { environment_id: environmentId(), updates: EnvironmentUpdate.describe('Fields to change, as in create_environment.') },
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
        role: 'admin',
        title: 'Delete environment',
        description: 'Delete an environment nothing refers to (otherwise refused: set status inactive).',
        // Housekeeping, not part of the guide's workflows: offered with the admin toolset.
        toolset: 'admin',
        input: { environment_id: environmentId() },
        annotations: DESTRUCTIVE,
        handler: async ({ environment_id }, { by }) => {
          await this.environments.remove(environment_id, by);
          return { data: { deleted: true, environment_id }, summary: `Deleted environment ${environment_id}` };
        },
      }),
    ];
  }
}
