import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import {
  CursorField,
  EnumField,
  IntField,
  LimitField,
  NullableTextField,
  RevisionField,
  TagsField,
  TextField,
  TimestampField,
} from '../../common/dto-fields.js';
import {
  DEPLOYMENT_ACTIONS,
  DEPLOYMENT_SORTS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  LIMITS,
  type DeploymentConfig,
  type DeploymentSort,
  type DeploymentStatus,
  type DeploymentType,
} from '../../domain.js';
import { deploymentConfigProblems } from '../deployment-config.js';
import { StatsWindowQuery } from '../../common/stats-window.js';
import { TimelineEntryView } from '../../timeline/dto/timeline-entry.view.js';

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  properties: {
    instances: { type: 'integer', minimum: 1, description: 'How many instances run the new version.' },
    rollout_percentage: { type: 'number', minimum: 0, maximum: 100, description: 'Share of traffic the new version gets.' },
    health_check_url: {
      type: 'string',
      maxLength: LIMITS.urlMax,
      description: 'Path or absolute URL that tells whether the new version is healthy.',
    },
  },
  example: { instances: 3, rollout_percentage: 25, health_check_url: '/health' },
} as const;

/** Any JSON object; the keys the product understands are checked, the pipeline's own keys are kept as they are. */
function DeploymentConfigField(description: string) {
  return applyDecorators(
    IsOptional(),
    ValidateBy({
      name: 'deploymentConfig',
      validator: {
        validate: (value: unknown) => deploymentConfigProblems(value).length === 0,
        defaultMessage: (args) => deploymentConfigProblems(args?.value).join('; '),
      },
    }),
    ApiPropertyOptional({
      ...CONFIG_SCHEMA,
      description: `${description} Known keys are checked; other keys are kept. At most ${LIMITS.deploymentConfigMaxBytes} bytes as JSON.`,
    }),
  );
}

export class CreateDeploymentDto {
  @TextField(LIMITS.titleMax, true, { description: 'What is being deployed, in a few words.', example: 'API v2.1.0 blue-green release' })
  title!: string;

  @TextField(LIMITS.textMax, false, { description: 'What changes and why.' })
  description?: string;

  @TextField(LIMITS.nameMax, true, { description: 'Environment id or unique name.', example: 'prod-env-123' })
  environment_id!: string;

  @TextField(LIMITS.versionMax, true, { description: 'Version being deployed.', example: 'v2.1.0' })
  version!: string;

  @EnumField(DEPLOYMENT_TYPES, true, { description: 'How the new version is rolled out.' })
  deployment_type!: DeploymentType;

  @IsOptional()
  @IsIn(['planned'], {
    message:
      '$property must be planned: new deployments start as planned; start one with the execute action (POST /api/deployments/{id}/execute)',
  })
  @ApiPropertyOptional({ enum: ['planned'], description: 'New deployments are always planned; start them with execute.' })
  status?: 'planned';

  @DeploymentConfigField('Rollout settings.')
  deployment_config?: DeploymentConfig;

  @TimestampField({ description: 'When it is meant to run; stored in UTC.', example: '2025-01-15T02:00:00Z' })
  scheduled_at?: string | null;

  @NullableTextField(LIMITS.versionMax, {
    description: 'Version to restore on rollback (default: the version the environment ran before this deployment).',
    example: 'v2.0.5',
  })
  rollback_version?: string | null;

  @TagsField()
  tags?: string[];

  @TextField(LIMITS.textMax, false, { description: 'Free-form notes.' })
  notes?: string;
}

export class UpdateDeploymentDto {
  @TextField(LIMITS.titleMax, false, { description: 'Editable in any status.', nonBlank: true })
  title?: string;

  @TextField(LIMITS.textMax, false, { description: 'Editable in any status.' })
  description?: string;

  @TextField(LIMITS.nameMax, false, { description: 'Environment id or unique name; only while planned.', nonBlank: true })
  environment_id?: string;

  @TextField(LIMITS.versionMax, false, { description: 'Only while planned.', nonBlank: true })
  version?: string;

  @EnumField(DEPLOYMENT_TYPES, false, { description: 'Only while planned.' })
  deployment_type?: DeploymentType;

  @DeploymentConfigField('Replaces the whole config; only while planned.')
  deployment_config?: DeploymentConfig;

  @TimestampField({ description: 'Only while planned; null unschedules it.' })
  scheduled_at?: string | null;

  @NullableTextField(LIMITS.versionMax, { description: 'Version to restore on rollback; editable in any status.' })
  rollback_version?: string | null;

  @TagsField()
  tags?: string[];

  @TextField(LIMITS.textMax, false, { description: 'Editable in any status.' })
  notes?: string;

  @EnumField(DEPLOYMENT_STATUSES, false, {
    description:
      'Moves the deployment through its lifecycle exactly as the action routes do: in_progress = execute, completed = complete, failed = fail, rolled_back = rollback.',
  })
  status?: DeploymentStatus;

  @TextField(LIMITS.textMax, false, { description: 'Required with status failed: what went wrong.' })
  failure_reason?: string;

  @TextField(LIMITS.textMax, false, { description: 'With status rolled_back: why.' })
  rollback_reason?: string;

  @RevisionField()
  revision?: number;
}

export class ReportProgressDto {
  @IntField(0, 100, true, { description: 'How far the rollout is, in percent.', example: 40 })
  percentage!: number;

  @TextField(LIMITS.textMax, false, { description: 'What is happening now.', example: '2 of 3 instances switched' })
  message?: string;
}

export class CompleteDeploymentDto {
  @TextField(LIMITS.textMax, false, { description: "Added to the deployment's notes." })
  notes?: string;
}

export class FailDeploymentDto {
  @TextField(LIMITS.textMax, true, { description: 'What went wrong.', example: 'health check failed on 2 of 3 instances' })
  reason!: string;
}

export class RollbackDeploymentDto {
  @TextField(LIMITS.textMax, false, { description: 'Why it is rolled back.', example: 'error rate spiked' })
  reason?: string;

  @TextField(LIMITS.versionMax, false, {
    description:
      "Version to restore; default: the deployment's rollback_version, else the version the environment ran before it completed.",
    example: 'v2.0.5',
  })
  rollback_version?: string;
}

export class ListDeploymentsQuery {
  @TextField(LIMITS.nameMax, false, { description: 'Only deployments to this environment (id or name).' })
  environment_id?: string;

  @EnumField(DEPLOYMENT_STATUSES, false, { description: 'Only this status.' })
  status?: DeploymentStatus;

  @EnumField(DEPLOYMENT_TYPES, false, { description: 'Only this type.' })
  deployment_type?: DeploymentType;

  @TextField(LIMITS.tagMax, false, { description: 'Only deployments with this tag.' })
  tag?: string;

  @TextField(LIMITS.searchMax, false, { description: 'Text to find in title, description or version.' })
  search?: string;

  @EnumField(DEPLOYMENT_SORTS, false, {
    description:
      'Order (default created_desc). scheduled_* order by scheduled_at, or created_at when unscheduled; status runs planned → rolled_back, newest first within each.',
  })
  sort_by?: DeploymentSort;

  @LimitField()
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class DeploymentStatsQuery extends StatsWindowQuery {
  @TextField(LIMITS.nameMax, false, { description: 'Only deployments to this environment (id or name).' })
  environment_id?: string;
}

export class DeploymentView {
  @ApiProperty({ example: 'dep-3k9x0c2m8q4wzzab' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Id of the environment (a name given on input is stored as the id).' }) environment_id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: DEPLOYMENT_TYPES }) deployment_type!: DeploymentType;
  @ApiProperty({ enum: DEPLOYMENT_STATUSES }) status!: DeploymentStatus;
  @ApiProperty(CONFIG_SCHEMA) deployment_config!: DeploymentConfig;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scheduled_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) rollback_version!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The version the environment ran before this deployment completed; the default rollback target.',
  })
  previous_version!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() notes!: string;
  @ApiProperty({ type: Number, nullable: true }) progress_percentage!: number | null;
  @ApiProperty({ type: String, nullable: true }) progress_message!: string | null;
  @ApiProperty({ type: String, nullable: true }) failure_reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) rollback_reason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The version restored by the rollback.' }) rolled_back_to!: string | null;
  @ApiProperty({
    enum: DEPLOYMENT_ACTIONS,
    isArray: true,
    description: 'What may be done now (edit = change environment, version, type, config or schedule).',
  })
  allowed_actions!: string[];
  @ApiProperty({ description: 'Increases with every change; send it back to refuse stale overwrites.' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at!: string | null;
}

export class DeploymentDetailView extends DeploymentView {
  @ApiProperty({ type: [TimelineEntryView], description: 'Everything that happened to it, oldest first.' }) timeline!: TimelineEntryView[];
}

export class DeploymentPage {
  @ApiProperty({ type: [DeploymentView] }) items!: DeploymentView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}

class DeploymentStatsWindowView {
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ format: 'date-time' }) until!: string;
}

export class DeploymentStatsView {
  @ApiProperty({ type: DeploymentStatsWindowView }) window!: DeploymentStatsWindowView;
  @ApiProperty({ description: 'Deployments created in the window.' }) total!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { planned: 1, in_progress: 0, completed: 7, failed: 1, rolled_back: 1 },
  })
  by_status!: Record<DeploymentStatus, number>;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'completed / (completed + failed + rolled_back); null when none has finished.',
    example: 0.78,
  })
  success_rate!: number | null;
}
