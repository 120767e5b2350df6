import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  Deployment,
  DeploymentCompletion,
  DeploymentCreate,
  DeploymentDetail,
  DeploymentFailure,
  DeploymentQuery,
  DeploymentRollback,
  DeploymentStats,
  DeploymentStatsQuery,
  DeploymentUpdate,
  ProgressReport,
  TimelineEntry,
  TimelineQuery,
  deploymentId,
  pageOf,
} from '../contracts.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { DeploymentsService } from './deployments.service.js';

const summary = (d: { id: string; title: string; version: string; status: string; allowed_actions: string[] }) =>
  `${d.id}: ${d.title} (${d.version}) — ${d.status}; next: ${d.allowed_actions.join(', ') || 'nothing'}`;

/** Deployment tools: the same service, lifecycle and contracts as /api/deployments. */
@Injectable()
export class DeploymentsTools implements McpToolProvider {
  constructor(
    private readonly deployments: DeploymentsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_deployment',
        title: 'Plan deployment',
        description:
          'Plan a deployment of a version to an environment. Requires title, environment_id (id or name), version and deployment_type; it starts as planned (status may only be "planned"). Start it with execute_deployment. Returns the deployment with its id.',
        input: DeploymentCreate.shape,
        output: Deployment,
        annotations: WRITES,
        handler: async (args, { by }) => {
          const deployment = await this.deployments.create(args, by);
          return { data: deployment, summary: `Planned ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'list_deployments',
        title: 'List deployments',
        description:
          'Find deployments. Optional filters: environment_id (id or name), status, deployment_type, tag, search; sort_by scheduled_desc|scheduled_asc|created_desc|created_asc|status. Returns deployments, total, has_more and next_cursor.',
        input: DeploymentQuery.shape,
        output: pageOf(Deployment, 'deployments'),
        annotations: READ_ONLY,
        handler: async (args) => pageReply('deployments', 'deployment', await this.deployments.list(args)),
      }),
      defineTool({
        name: 'get_deployment',
        title: 'Get deployment',
        description:
          'Read one deployment: status, progress, versions, what may be done next (allowed_actions) and its timeline of events (the newest; when timeline_has_more, older ones through list_deployment_timeline).',
        input: { deployment_id: deploymentId() },
        output: DeploymentDetail,
        annotations: READ_ONLY,
        handler: async ({ deployment_id }) => {
          const deployment = await this.deployments.get(deployment_id);
          const progress = deployment.progress_percentage === null ? '' : `, ${deployment.progress_percentage}%`;
          return { data: deployment, summary: `${summary(deployment)}${progress}` };
        },
      }),
      defineTool({
        name: 'list_deployment_timeline',
        title: 'List deployment timeline',
        description:
          "Page back through a deployment's timeline when get_deployment says timeline_has_more: pass its timeline_next_cursor as cursor, then each next_cursor. Entries are oldest first within a page; pages go back in time.",
        input: { deployment_id: deploymentId(), ...TimelineQuery.shape },
        output: pageOf(TimelineEntry, 'entries'),
        annotations: READ_ONLY,
        handler: async ({ deployment_id, ...query }) =>
          pageReply('entries', 'timeline entry', await this.deployments.timelinePage(deployment_id, query), ` of ${deployment_id}`),
      }),
      defineTool({
        name: 'update_deployment',
        title: 'Update deployment',
        description:
          'Change a deployment; only the fields in `updates` change. What/where/when (environment_id, version, deployment_type, deployment_config, scheduled_at) can change only while planned; title, description, notes, tags and rollback_version always. Setting status performs the matching lifecycle action (prefer the action tools).',
        input: {
          deployment_id: deploymentId(),
          updates: DeploymentUpdate.describe('The fields to change.'),
        },
        output: Deployment,
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
          'Start a planned deployment (planned → in_progress). One deployment per environment runs at a time: refused (conflict) while another is in progress there, naming it. If the environment has a deploy hook, it is called with the deployment; otherwise report progress with report_deployment_progress, then complete_deployment or fail_deployment.',
        input: { deployment_id: deploymentId() },
        output: Deployment,
        annotations: WRITES,
        handler: async ({ deployment_id }, { by }) => {
          const deployment = await this.deployments.execute(deployment_id, by);
          return { data: deployment, summary: `Started ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'report_deployment_progress',
        title: 'Report deployment progress',
        description: 'Record how far an in-progress deployment is (percentage 0–100) and what is happening; shown live on the dashboard.',
        input: { deployment_id: deploymentId(), ...ProgressReport.shape },
        output: Deployment,
        annotations: WRITES,
        handler: async ({ deployment_id, ...progress }, { by }) => {
          const deployment = await this.deployments.reportProgress(deployment_id, progress, by);
          return { data: deployment, summary: `${deployment.id} at ${deployment.progress_percentage}%` };
        },
      }),
      defineTool({
        name: 'complete_deployment',
        title: 'Complete deployment',
        description:
          "Mark an in-progress deployment completed; the environment's current_version becomes this version (previous_version, recorded when it started, stays the rollback target).",
        input: { deployment_id: deploymentId(), ...DeploymentCompletion.shape },
        output: Deployment,
        annotations: WRITES,
        handler: async ({ deployment_id, ...rest }, { by }) => {
          const deployment = await this.deployments.complete(deployment_id, rest, by);
          return { data: deployment, summary: `Completed ${summary(deployment)}` };
        },
      }),
      defineTool({
        name: 'fail_deployment',
        title: 'Fail deployment',
        description: 'Mark an in-progress deployment failed, with the reason. It can then be rolled back with rollback_deployment.',
        input: { deployment_id: deploymentId(), ...DeploymentFailure.shape },
        output: Deployment,
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
          "Roll back an in-progress, completed or failed deployment: the environment's current_version goes back to rollback_version (given here, else the deployment's, else the version the environment ran when it started; refused when none is known). Record why.",
        input: { deployment_id: deploymentId(), ...DeploymentRollback.shape },
        output: Deployment,
        annotations: WRITES,
        handler: async ({ deployment_id, ...rest }, { by }) => {
          const deployment = await this.deployments.rollback(deployment_id, rest, by);
          return { data: deployment, summary: `Rolled back ${deployment.id} to ${deployment.rolled_back_to}` };
        },
      }),
      defineTool({
        name: 'delete_deployment',
        title: 'Delete deployment',
        description: 'Delete a deployment that is still planned (a started one is history and stays).',
        input: { deployment_id: deploymentId() },
        output: z.object({ deleted: z.boolean(), deployment_id: z.string() }),
        annotations: DESTRUCTIVE,
        handler: async ({ deployment_id }, { by }) => {
          await this.deployments.remove(deployment_id, by);
          return { data: { deleted: true, deployment_id }, summary: `Deleted ${deployment_id}` };
        },
      }),
      defineTool({
        name: 'get_deployment_stats',
        title: 'Deployment statistics',
        description:
          'Deployments by status and the success rate over a window (default: the last 30 days), optionally for one environment.',
        input: DeploymentStatsQuery.shape,
        output: DeploymentStats,
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
