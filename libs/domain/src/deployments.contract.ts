import { z } from 'zod';
import { ResolvedWindow, StatsWindow, TimelineWindow } from './common.contract.js';
import {
  count,
  cursor,
  instant,
  nullableInstant,
  int,
  isPathOrUrl,
  limit,
  named,
  nullableNumber,
  nullableString,
  nullableText,
  nullableTimestamp,
  oneOf,
  pageOf,
  recordId,
  revision,
  tags,
  text,
  timestamp,
} from './contract/fields.js';
import { DEPLOYMENT_ACTIONS } from './deployment-lifecycle.js';
import { environmentId } from './environments.contract.js';
import { LIMITS } from './limits.js';
import { DEPLOYMENT_SORTS, DEPLOYMENT_STATUSES, DEPLOYMENT_TYPES } from './vocabulary.js';

/** Deployments: every request and response shape, defined once for REST, OpenAPI, MCP and the dashboard. */

export const DeploymentTypeSchema = named('DeploymentType', z.enum(DEPLOYMENT_TYPES));
export const DeploymentStatusSchema = named('DeploymentStatus', z.enum(DEPLOYMENT_STATUSES));
export const DeploymentSortSchema = named('DeploymentSort', z.enum(DEPLOYMENT_SORTS));
export const DeploymentActionSchema = named('DeploymentAction', z.enum(DEPLOYMENT_ACTIONS));

/**
 * What is wrong with a deployment_config, one message per problem; empty when it is fine.
 * Only the keys the product understands are checked: pipelines keep their own keys here too.
 */
export function deploymentConfigProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { instances, rollout_percentage: rollout, health_check_url: healthCheck } = config;
  if ('instances' in config && !(Number.isSafeInteger(instances) && (instances as number) >= 1)) {
    problems.push('deployment_config.instances must be a whole number of at least 1');
  }
  if ('rollout_percentage' in config && !(typeof rollout === 'number' && Number.isFinite(rollout) && rollout >= 0 && rollout <= 100)) {
    problems.push('deployment_config.rollout_percentage must be a number from 0 to 100');
  }
  if (
    'health_check_url' in config &&
    !(typeof healthCheck === 'string' && healthCheck.length <= LIMITS.urlMax && isPathOrUrl(healthCheck))
  ) {
    problems.push('deployment_config.health_check_url must be a path starting with / or an absolute http(s) URL');
  }
  if (new TextEncoder().encode(JSON.stringify(config)).length > LIMITS.deploymentConfigMaxBytes) {
    problems.push(`deployment_config must be at most ${LIMITS.deploymentConfigMaxBytes} bytes as JSON`);
  }
  return problems;
}

const KNOWN_CONFIG_KEYS = {
  instances: { type: 'integer', minimum: 1, description: 'How many instances run the new version.' },
  rollout_percentage: { type: 'number', minimum: 0, maximum: 100, description: 'Share of traffic the new version gets.' },
  health_check_url: {
    type: 'string',
    maxLength: LIMITS.urlMax,
    description: 'Path or absolute URL that tells whether the new version is healthy.',
  },
};

/** Any JSON object; the keys the product understands are checked, the pipeline's own keys are kept as they are. */
const deploymentConfig = (description: string) =>
  z
    .record(z.string(), z.unknown())
    .superRefine((config, ctx) => {
      for (const message of deploymentConfigProblems(config)) ctx.addIssue({ code: 'custom', message });
    })
    .meta({
      description: `${description} Known keys are checked; other keys are kept. At most ${LIMITS.deploymentConfigMaxBytes} bytes as JSON.`,
      properties: KNOWN_CONFIG_KEYS,
      example: { instances: 3, rollout_percentage: 25, health_check_url: '/health' },
    });

const field = {
  title: text(
    LIMITS.titleMax,
    { description: 'What is being deployed, in a few words.', example: 'API v2.1.0 blue-green release' },
    { nonBlank: true },
  ),
  description: text(LIMITS.textMax, { description: 'What changes and why.' }),
  environment_id: environmentId(),
  version: text(LIMITS.versionMax, { description: 'Version being deployed.', example: 'v2.1.0' }, { nonBlank: true }),
  deployment_type: oneOf(DEPLOYMENT_TYPES, { description: 'How the new version is rolled out.' }),
  deployment_config: deploymentConfig('Rollout settings: instances, rollout_percentage, health_check_url; replaces the whole config.'),
  scheduled_at: nullableInstant({
    description: 'When it is meant to run; stored in UTC. Null unschedules it.',
    example: '2025-01-15T02:00:00Z',
  }),
  rollback_version: nullableText(LIMITS.versionMax, {
    description: 'Version to restore on rollback (default: the version the environment ran before this deployment).',
    example: 'v2.0.5',
  }),
  tags: tags(),
  notes: text(LIMITS.textMax, { description: 'Free-form notes.' }),
};

/** How far ahead of the service's clock a commit_at may be: the pipeline's clock may run a little fast. */
export const COMMIT_CLOCK_SKEW_SECONDS = 300;

export const DeploymentCreate = named(
  'DeploymentCreate',
  z.strictObject({
    ...z.object(field).partial().shape,
    commit_at: instant({
      description: `When the change being deployed was committed; lead time for changes is measured from it (else from when the deployment is planned). Not later than now, give or take ${COMMIT_CLOCK_SKEW_SECONDS / 60} minutes of clock skew; set once, when planning.`,
      example: '2025-01-14T16:20:00Z',
    }).optional(),
    title: field.title,
    environment_id: field.environment_id,
    version: field.version,
    deployment_type: field.deployment_type,
    status: z
      .literal('planned', {
        error: (issue) =>
          issue.input === undefined
            ? undefined
            : 'status must be planned: new deployments start as planned; start one with the execute action (POST /api/deployments/{id}/execute, or execute_deployment)',
      })
      .optional()
      .meta({ description: 'New deployments are always planned; start them with execute.' }),
  }),
);
export type DeploymentCreate = z.infer<typeof DeploymentCreate>;

export const DeploymentUpdate = named(
  'DeploymentUpdate',
  z
    .strictObject({
      ...field,
      status: oneOf(DEPLOYMENT_STATUSES, {
        description:
          'Moves the deployment through its lifecycle exactly as the action routes do: in_progress = execute, completed = complete, failed = fail, rolled_back = rollback.',
      }),
      failure_reason: text(LIMITS.textMax, { description: 'Required with status failed: what went wrong.' }),
      rollback_reason: text(LIMITS.textMax, { description: 'With status rolled_back: why.' }),
      revision: revision(),
    })
    .partial()
    .meta({
      description:
        'Only the fields given change. What/where/when (environment_id, version, deployment_type, deployment_config, scheduled_at) only while planned; title, description, notes, tags and rollback_version always.',
    }),
);
export type DeploymentUpdate = z.infer<typeof DeploymentUpdate>;

export const ProgressReport = named(
  'ProgressReport',
  z.strictObject({
    percentage: int(0, 100, { description: 'How far the rollout is, in percent.', example: 40 }),
    message: text(LIMITS.textMax, { description: 'What is happening now.', example: '2 of 3 instances switched' }).optional(),
  }),
);
export type ProgressReport = z.infer<typeof ProgressReport>;

export const DeploymentCompletion = named(
  'DeploymentCompletion',
  z.strictObject({ notes: text(LIMITS.textMax, { description: "Added to the deployment's notes." }).optional() }),
);
export type DeploymentCompletion = z.infer<typeof DeploymentCompletion>;

export const DeploymentFailure = named(
  'DeploymentFailure',
  z.strictObject({
    reason: text(
      LIMITS.textMax,
      { description: 'What went wrong.', example: 'health check failed on 2 of 3 instances' },
      { nonBlank: true },
    ),
  }),
);
export type DeploymentFailure = z.infer<typeof DeploymentFailure>;

export const DeploymentRollback = named(
  'DeploymentRollback',
  z.strictObject({
    reason: text(LIMITS.textMax, { description: 'Why it is rolled back.', example: 'error rate spiked' }).optional(),
    rollback_version: text(LIMITS.versionMax, {
      description: "Version to restore; default: the deployment's rollback_version, else the version the environment ran before it.",
      example: 'v2.0.5',
    }).optional(),
  }),
);
export type DeploymentRollback = z.infer<typeof DeploymentRollback>;

export const DeploymentQuery = z.strictObject({
  environment_id: text(LIMITS.nameMax, { description: 'Only deployments to this environment (id or name).' }).optional(),
  status: oneOf(DEPLOYMENT_STATUSES, { description: 'Only this status.' }).optional(),
  deployment_type: oneOf(DEPLOYMENT_TYPES, { description: 'Only this type.' }).optional(),
  tag: text(LIMITS.tagMax, { description: 'Only deployments with this tag.' }).optional(),
  search: text(LIMITS.searchMax, { description: 'Text to find in title, description or version.' }).optional(),
  sort_by: oneOf(DEPLOYMENT_SORTS, {
    description:
      'Order (default created_desc). scheduled_* order by scheduled_at, or created_at when unscheduled; status runs planned → rolled_back, newest first within each.',
  }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type DeploymentQuery = z.infer<typeof DeploymentQuery>;

export const DeploymentStatsQuery = StatsWindow.extend({
  environment_id: text(LIMITS.nameMax, { description: 'Only deployments to this environment (id or name).' }).optional(),
});
export type DeploymentStatsQuery = z.infer<typeof DeploymentStatsQuery>;

export const deploymentId = () => recordId('Deployment id, e.g. dep-3k9x0c2m8q4w (from create_deployment or list_deployments).');

export const DeploymentConfig = named(
  'DeploymentConfig',
  z
    .looseObject({ instances: z.int().optional(), rollout_percentage: z.number().optional(), health_check_url: z.string().optional() })
    .meta({ description: 'Rollout settings; keys other than these are the pipeline’s own.' }),
);
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;

export const Deployment = named(
  'Deployment',
  z.object({
    id: z.string().meta({ example: 'dep-3k9x0c2m8q4wzzab' }),
    title: z.string(),
    description: z.string(),
    environment_id: z.string().meta({ description: 'Id of the environment (a name given on input is stored as the id).' }),
    version: z.string(),
    deployment_type: DeploymentTypeSchema,
    status: DeploymentStatusSchema,
    deployment_config: DeploymentConfig,
    scheduled_at: nullableTimestamp(),
    rollback_version: nullableString(),
    previous_version: nullableString(
      'The version the environment ran when this deployment started; the default rollback target when rollback_version is not set.',
    ),
    commit_at: nullableTimestamp('When the deployed change was committed, if the planner said; lead time starts there.'),
    tags: z.array(z.string()),
    notes: z.string(),
    progress_percentage: nullableNumber(),
    progress_message: nullableString(),
    failure_reason: nullableString(),
    rollback_reason: nullableString(),
    rolled_back_to: nullableString('The version restored by the rollback.'),
    allowed_actions: z.array(DeploymentActionSchema).meta({
      description:
        'What may be done now, exactly: each listed action is accepted as it stands (edit = change environment, version, type, config or schedule). execute is left out while another deployment of the environment is in progress; rollback is left out when no version to restore is known (then roll back with rollback_version, or set it first).',
    }),
    revision: z.int().meta({ description: 'Increases with every change; send it back to refuse stale overwrites.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
    started_at: nullableTimestamp(),
    completed_at: nullableTimestamp(),
  }),
);
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentPage = named('DeploymentPage', pageOf(Deployment));

export const DeploymentDetail = named('DeploymentDetail', Deployment.extend(TimelineWindow.shape));
export type DeploymentDetail = z.infer<typeof DeploymentDetail>;

export const DeploymentStats = named(
  'DeploymentStats',
  z.object({
    window: ResolvedWindow,
    total: count('Deployments created in the window.'),
    by_status: z.record(DeploymentStatusSchema, z.int()),
    success_rate: nullableNumber('completed / (completed + failed + rolled_back); null when none has finished.'),
  }),
);
export type DeploymentStats = z.infer<typeof DeploymentStats>;
