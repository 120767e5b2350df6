import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { validateAs } from '../common/validation.js';
import { ENVIRONMENT_SORTS, ENVIRONMENT_STATUSES, ENVIRONMENT_TYPES, LIMITS } from '../domain.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { optionalize } from '../mcp/optionalize.js';
import { cursor, environmentSchema, limit, oneOf, orNull, pageSchema, revision, tags, text } from '../mcp/tool-schemas.js';
import { CreateEnvironmentDto, ListEnvironmentsQuery, UpdateEnvironmentDto } from './dto/environment.dto.js';
import { EnvironmentsService } from './environments.service.js';

const environmentId = () => text(LIMITS.nameMax, 'Environment id (env-…) or its unique name, e.g. "prod-env-123".');

const healthCheck = z
  .strictObject({
    target: z
      .string()
      .max(LIMITS.urlMax)
      .nullable()
      .optional()
      .describe("A path joined to the environment's url (e.g. /health), or a full URL; null checks the url itself."),
    expected_status: z
      .number()
      .int()
      .min(LIMITS.expectedStatusMin)
      .max(LIMITS.expectedStatusMax)
      .optional()
      .describe('HTTP status a healthy answer has (default 200).'),
    timeout_ms: z
      .number()
      .int()
      .min(LIMITS.healthCheckTimeoutMsMin)
      .max(LIMITS.healthCheckTimeoutMsMax)
      .optional()
      .describe('Give up after this many ms (default 5000).'),
    interval_seconds: z
      .number()
      .int()
      .min(LIMITS.healthCheckIntervalSecondsMin)
      .max(LIMITS.healthCheckIntervalSecondsMax)
      .optional()
      .describe('Seconds between checks (default 30).'),
    slow_threshold_ms: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.healthCheckTimeoutMsMax)
      .optional()
      .describe('Slower answers are a warning (default 1000).'),
    enabled: z.boolean().optional().describe('Whether to check at all (default: on when there is a URL).'),
    auto_incident_enabled: orNull(
      z
        .boolean()
        .describe(
          'Open an incident by itself after critical_threshold critical checks in a row. Null (default) follows the type: on for production only.',
        ),
    ).optional(),
    critical_threshold: z
      .number()
      .int()
      .min(LIMITS.criticalThresholdMin)
      .max(LIMITS.criticalThresholdMax)
      .optional()
      .describe(`Critical checks in a row that open an incident (default ${LIMITS.criticalThresholdDefault}).`),
  })
  .describe('Health check settings; only the ones given change.');

const fields = {
  name: text(LIMITS.nameMax, 'Unique name; usable wherever an environment_id is asked for.'),
  environment_type: oneOf(ENVIRONMENT_TYPES, 'development, staging, production or testing.'),
  description: text(LIMITS.textMax, 'What runs here.'),
  url: orNull(text(LIMITS.urlMax, 'Base URL, e.g. https://api.company.com.')),
  status: oneOf(ENVIRONMENT_STATUSES, 'active, inactive, or maintenance (checked, but raises nothing).'),
  tags: tags(),
  health_check: healthCheck,
  deploy_hook_url: orNull(text(LIMITS.urlMax, 'Called with the deployment as JSON when a deployment here is executed.')),
  current_version: orNull(text(LIMITS.versionMax, 'Version running now, if known.')),
};
const OPTIONAL = ['description', 'url', 'status', 'tags', 'health_check', 'deploy_hook_url', 'current_version'] as const;

/** Environment tools: the same service and request rules as /api/environments. */
@Injectable()
export class EnvironmentsTools implements McpToolProvider {
  constructor(private readonly environments: EnvironmentsService) {}

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_environment',
        title: 'Create environment',
        description:
          'Register a place where services run. Requires a unique name and environment_type; status defaults to active. With a url, it is health-checked. Returns the environment with its id.',
        input: { name: fields.name, environment_type: fields.environment_type, ...optionalize(fields, OPTIONAL) },
        output: environmentSchema,
        annotations: WRITES,
        handler: async (args, { by }) => {
          const environment = await this.environments.create(await validateAs(CreateEnvironmentDto, args), by);
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
        input: {
          environment_type: fields.environment_type.optional(),
          status: fields.status.optional(),
          tag: text(LIMITS.tagMax, 'Only environments with this tag.').optional(),
          search: text(LIMITS.searchMax, 'Text to find in name, description or url.').optional(),
          sort_by: oneOf(ENVIRONMENT_SORTS, 'Order; default name_asc.').optional(),
          limit: limit().optional(),
          cursor: cursor().optional(),
        },
        output: pageSchema('environments', environmentSchema),
        annotations: READ_ONLY,
        handler: async (args) => {
          const { items, ...rest } = await this.environments.list(await validateAs(ListEnvironmentsQuery, args));
          return {
            data: { environments: items, ...rest },
            summary: `${items.length} of ${rest.total} environment(s)${rest.has_more ? '; more with cursor=next_cursor' : ''}`,
          };
        },
      }),
      defineTool({
        name: 'get_environment',
        title: 'Get environment',
        description:
          'Read one environment: type, url, status, tags, health check settings, current and previous version. For live health, open incidents and last deployment use get_environment_status.',
        input: { environment_id: environmentId() },
        output: environmentSchema,
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
          updates: z
            .strictObject({ ...optionalize(fields, ['name', 'environment_type', ...OPTIONAL]), revision: revision().optional() })
            .describe('The fields to change.'),
        },
        output: environmentSchema,
        annotations: WRITES,
        handler: async ({ environment_id, updates }, { by }) => {
          const environment = await this.environments.update(environment_id, await validateAs(UpdateEnvironmentDto, updates), by);
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
