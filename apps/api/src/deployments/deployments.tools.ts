import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  DeploymentCompletion,
  DeploymentCreate,
  DeploymentFailure,
  DeploymentQuery,
  DeploymentRollback,
  DeploymentStats,
  DeploymentStatsQuery,
  DeploymentStatusSchema,
  DeploymentUpdate,
  ProgressReport,
  TimelineQuery,
  deploymentId,
} from '../contracts.js';
import type { Deployment, DeploymentDetail } from '../domain.js';
import {
  DESTRUCTIVE,
  READ_ONLY,
  TIMELINE_COLUMNS,
  WRITES,
  age,
  defineTool,
  isDetailed,
  listReply,
  responseFormat,
  timelineRow,
  withoutEmpty,
  type McpToolProvider,
  type ToolDefinition,
} from '../mcp/mcp-tool.js';
import { Clock } from '../common/clock.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { DeploymentEnvironments } from './deployment.ports.js';
import { DeploymentsService } from './deployments.service.js';

const summary = (d: { id: string; title: string; version: string; status: string; allowed_actions: string[] }) =>
  `${d.id}: ${d.title} (${d.version}) — ${d.status}; next: ${d.allowed_actions.join(', ') || 'nothing'}`;

/** `reason`: why it failed or was rolled back; `age`: since its last change. */
const DEPLOYMENT_COLUMNS = ['id', 'title', 'version', 'status', 'environment', 'age', 'reason'] as const;
const CONCISE_TIMELINE = 5;

/** What every deployment reply of a read tool holds in both formats. */
const DeploymentKeyFields = z.looseObject({
  id: z.string(),
  version: z.string(),
  status: DeploymentStatusSchema,
  allowed_actions: z.array(z.string()),
});

/** Deployment tools: the same service, lifecycle and contracts as /api/deployments. */
@Injectable()
export class DeploymentsTools implements McpToolProvider {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly clock: Clock,
    private readonly environments: DeploymentEnvironments,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  private names(deployments: Array<Pick<Deployment, 'environment_id'>>): Promise<Map<string, string>> {
    return this.environments.names(deployments.map((d) => d.environment_id));
  }

  /** A deployment as an assistant reads it first: what is set, the environment by name, the last few timeline entries. */
  private async concise(deployment: DeploymentDetail) {
    const { timeline, timeline_has_more, timeline_next_cursor: _cursor, ...fields } = deployment;
    const names = await this.names([deployment]);
    const recent = timeline.slice(-CONCISE_TIMELINE);
    return {
      ...withoutEmpty({ ...fields, environment: names.get(deployment.environment_id) ?? null }),
      allowed_actions: deployment.allowed_actions,
      timeline_columns: TIMELINE_COLUMNS,
      timeline: recent.map(timelineRow),
      ...(timeline_has_more || timeline.length > recent.length ? { timeline_more: true } : {}),
    };
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_deployment',
        title: 'Plan deployment',
        description: 'Plan a deployment of a version to an environment (status planned); start it with execute_deployment.',
        toolset: 'deployments',
        input: DeploymentCreate.shape,
        brief: {
          deployment_config: 'Rollout settings, e.g. {instances, rollout_percentage, health_check_url}.',
          status: null,
          rollback_version: 'Version to restore on rollback (default: the one running before).',
          scheduled_at: 'When it is meant to run.',
          commit_at: 'When the change was committed (not in the future); lead time starts there.',
          notes: null,
          description: null,
        },
        annotations: WRITES,
        handler: async (args, { by }) => {
          const deployment = await this.deployments.create(args, by);
          return { data: deployment, summary: `Planned ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'list_deployments',
        title: 'List deployments',
        description: 'Find deployments; filters combine. Concise rows give why one failed or was rolled back (reason).',
        toolset: 'deployments',
        input: { ...DeploymentQuery.shape, ...responseFormat },
        brief: {
          environment_id: 'id or name',
          status: null,
          deployment_type: null,
          tag: null,
          search: 'In title, description, version.',
          sort_by: 'Default created_desc.',
        },
        annotations: READ_ONLY,
        handler: async ({ response_format, ...query }) => {
          const page = await this.deployments.list(query);
          const names = await this.names(page.items);
          const now = Date.parse(this.clock.now());
          return listReply(isDetailed({ response_format }), 'deployments', 'deployment', page, DEPLOYMENT_COLUMNS, (d) => [
            d.id,
            d.title,
            d.version,
            d.status,
            names.get(d.environment_id) ?? d.environment_id,
            age(d.updated_at, now),
            d.rollback_reason ?? d.failure_reason,
          ]);
        },
      }),
      defineTool({
        name: 'get_deployment',
        title: 'Get deployment',
        description: 'One deployment: status, progress, versions, allowed_actions (what may be done next) and its newest timeline entries.',
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...responseFormat },
        output: DeploymentKeyFields,
        annotations: READ_ONLY,
        handler: async ({ deployment_id, response_format }) => {
          const deployment = await this.deployments.get(deployment_id);
          const progress = deployment.progress_percentage === null ? '' : `, ${deployment.progress_percentage}%`;
          return {
            data: isDetailed({ response_format }) ? deployment : await this.concise(deployment),
            summary: `${summary(deployment)}${progress}`,
          };
        },
      }),
      defineTool({
        name: 'list_deployment_timeline',
        title: 'List deployment timeline',
        description: "Older timeline entries: pass get_deployment's timeline_next_cursor as cursor. Oldest first within a page.",
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...TimelineQuery.shape, ...responseFormat },
        brief: { cursor: 'timeline_next_cursor, then each next_cursor.', limit: null },
        annotations: READ_ONLY,
        handler: async ({ deployment_id, response_format, ...query }) =>
          listReply(
            isDetailed({ response_format }),
            'entries',
            'timeline entry',
            await this.deployments.timelinePage(deployment_id, query),
            TIMELINE_COLUMNS,
            timelineRow,
            ` of ${deployment_id}`,
          ),
      }),
      defineTool({
        name: 'update_deployment',
        title: 'Update deployment',
        description: 'Change fields in updates; what, where and when only while planned. For status, prefer the action tools.',
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), updates: DeploymentUpdate.describe('Fields to change, as in create_deployment.') },
        annotations: WRITES,
        handler: async ({ deployment_id, updates }, { by }) => {
          const deployment = await this.deployments.update(deployment_id, updates, by);
          return { data: deployment, summary: `Updated ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'execute_deployment',
        title: 'Execute deployment',
        description:
          'Start a planned deployment (→ in_progress); one at a time per environment. Then report progress and complete or fail it (a deploy hook, if set, is called).',
        toolset: 'deployments',
        input: { deployment_id: deploymentId() },
        annotations: WRITES,
        handler: async ({ deployment_id }, { by }) => {
          const deployment = await this.deployments.execute(deployment_id, by);
          return { data: deployment, summary: `Started ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'report_deployment_progress',
        title: 'Report deployment progress',
        description: 'Record how far an in-progress deployment is (0–100) and what is happening.',
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...ProgressReport.shape },
        annotations: WRITES,
        handler: async ({ deployment_id, ...progress }, { by }) => {
          const deployment = await this.deployments.reportProgress(deployment_id, progress, by);
          return { data: deployment, summary: `${deployment.id} at ${deployment.progress_percentage}%` };
        },
      }),
      defineTool({
        name: 'complete_deployment',
        title: 'Complete deployment',
        description: "Mark an in-progress deployment completed; the environment's current_version becomes its version.",
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...DeploymentCompletion.shape },
        annotations: WRITES,
        handler: async ({ deployment_id, ...rest }, { by }) => {
          const deployment = await this.deployments.complete(deployment_id, rest, by);
          return { data: deployment, summary: `Completed ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'fail_deployment',
        title: 'Fail deployment',
        description: 'Mark an in-progress deployment failed, with the reason; then rollback_deployment.',
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...DeploymentFailure.shape },
        annotations: WRITES,
        handler: async ({ deployment_id, ...rest }, { by }) => {
          const deployment = await this.deployments.fail(deployment_id, rest, by);
          return { data: deployment, summary: `Failed ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'rollback_deployment',
        title: 'Roll back deployment',
        description:
          'Roll back an in-progress, completed or failed deployment to rollback_version (default: its own, else the version before it started). Say why.',
        toolset: 'deployments',
        input: { deployment_id: deploymentId(), ...DeploymentRollback.shape },
        brief: { rollback_version: "Default: the deployment's, else the version before it." },
        annotations: WRITES,
        handler: async ({ deployment_id, ...rest }, { by }) => {
          const deployment = await this.deployments.rollback(deployment_id, rest, by);
          return { data: deployment, summary: `Rolled back ${deployment.id} to ${deployment.rolled_back_to}` };
        },
      }),
      defineTool({
        name: 'delete_deployment',
        role: 'admin',
        title: 'Delete deployment',
        description: 'Delete a deployment that is still planned (a started one is history and stays).',
        // Housekeeping, not part of the guide's workflows: offered with the admin toolset.
        toolset: 'admin',
        input: { deployment_id: deploymentId() },
        annotations: DESTRUCTIVE,
        handler: async ({ deployment_id }, { by }) => {
          await this.deployments.remove(deployment_id, by);
          return { data: { deleted: true, deployment_id }, summary: `Deleted ${deployment_id}` };
        },
      }),
      defineTool({
        name: 'get_deployment_stats',
        title: 'Deployment statistics',
        description: 'Deployments by status and success rate over a window (default 30 days), optionally for one environment.',
        toolset: 'deployments',
        input: DeploymentStatsQuery.shape,
        output: DeploymentStats,
        brief: { since: 'Default: 30 days before until.', until: 'Default: now.' },
        annotations: READ_ONLY,
        handler: async (args) => {
          const stats = await this.deployments.stats(args);
          const rate = stats.success_rate === null ? 'no finished deployments' : `success rate ${Math.round(stats.success_rate * 100)}%`;
          return { data: stats, summary: `${stats.total} deployment(s) in window, ${rate}` };
        },
      }),
    ];
  }
}
