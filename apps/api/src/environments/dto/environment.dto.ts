import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateIf, ValidateNested, IsString } from 'class-validator';
import {
  CursorField,
  EnumField,
  IntField,
  MaxChars,
  LimitField,
  NullableTextField,
  RevisionField,
  TagsField,
  TextField,
  UrlField,
} from '../../common/dto-fields.js';
import {
  ENVIRONMENT_NAME_PATTERN,
  ENVIRONMENT_SORTS,
  ENVIRONMENT_STATUSES,
  ENVIRONMENT_TYPES,
  LIMITS,
  type EnvironmentSort,
  type EnvironmentStatus,
  type EnvironmentType,
} from '../../domain.js';

export class HealthCheckInput {
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxChars(LIMITS.urlMax)
  @Matches(/^(\/[^\s]*|https?:\/\/[^\s/?#]+[^\s]*)$/i, { message: '$property must be a path starting with / or an absolute http(s) URL' })
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '/health',
    description: "Path joined to the environment's url, or a full URL. Null checks the url itself.",
  })
  target?: string | null;

  @IntField(LIMITS.expectedStatusMin, LIMITS.expectedStatusMax, false, {
    description: 'HTTP status a healthy environment answers with.',
    example: 200,
  })
  expected_status?: number;

  @IntField(LIMITS.healthCheckTimeoutMsMin, LIMITS.healthCheckTimeoutMsMax, false, { description: 'Give up after this many milliseconds.' })
  timeout_ms?: number;

  @IntField(LIMITS.healthCheckIntervalSecondsMin, LIMITS.healthCheckIntervalSecondsMax, false, { description: 'Seconds between checks.' })
  interval_seconds?: number;

  @IntField(1, LIMITS.healthCheckTimeoutMsMax, false, { description: 'Answers slower than this many milliseconds are a warning.' })
  slow_threshold_ms?: number;

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'Whether the environment is checked at all.' })
  enabled?: boolean;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsBoolean()
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description:
      'Whether critical_threshold critical checks in a row open an incident by themselves. Null (the default) follows the type: on for production only.',
  })
  auto_incident_enabled?: boolean | null;

  @IntField(LIMITS.criticalThresholdMin, LIMITS.criticalThresholdMax, false, {
    description: `How many critical checks in a row open an incident (default ${LIMITS.criticalThresholdDefault}).`,
  })
  critical_threshold?: number;
}

export class CreateEnvironmentDto {
  @TextField(LIMITS.nameMax, true, { description: 'Unique name; accepted wherever an environment_id is.', example: 'prod-env-123' })
  @Matches(ENVIRONMENT_NAME_PATTERN, { message: 'name must not start with a space or contain /, ? or #' })
  name!: string;

  @EnumField(ENVIRONMENT_TYPES, true, { description: 'Kind of environment.' })
  environment_type!: EnvironmentType;

  @TextField(LIMITS.textMax, false, { description: 'What runs here.' })
  description?: string;

  @UrlField(false, { description: 'Base URL of the environment.', example: 'https://api.company.com' })
  url?: string | null;

  @EnumField(ENVIRONMENT_STATUSES, false, { description: 'Defaults to active.' })
  status?: EnvironmentStatus;

  @TagsField()
  tags?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => HealthCheckInput)
  @ApiPropertyOptional({ type: HealthCheckInput })
  health_check?: HealthCheckInput;

  @UrlField(false, { description: 'Called with the deployment as JSON when a deployment to this environment is executed.' })
  deploy_hook_url?: string | null;

  @NullableTextField(LIMITS.versionMax, { description: 'Version running now, if known; deployments keep it current afterwards.' })
  current_version?: string | null;
}

export class UpdateEnvironmentDto {
  @TextField(LIMITS.nameMax, false, { description: 'Unique name.', nonBlank: true })
  @Matches(ENVIRONMENT_NAME_PATTERN, { message: 'name must not start with a space or contain /, ? or #' })
  name?: string;

  @EnumField(ENVIRONMENT_TYPES, false, { description: 'Kind of environment.' })
  environment_type?: EnvironmentType;

  @TextField(LIMITS.textMax, false, { description: 'What runs here.' })
  description?: string;

  @UrlField(false, { description: 'Base URL; null clears it.' })
  url?: string | null;

  @EnumField(ENVIRONMENT_STATUSES, false, { description: 'active, inactive or maintenance.' })
  status?: EnvironmentStatus;

  @TagsField()
  tags?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => HealthCheckInput)
  @ApiPropertyOptional({ type: HealthCheckInput, description: 'Only the settings given change.' })
  health_check?: HealthCheckInput;

  @UrlField(false, { description: 'Deploy hook; null removes it.' })
  deploy_hook_url?: string | null;

  @NullableTextField(LIMITS.versionMax, { description: 'Version running now.' })
  current_version?: string | null;

  @RevisionField()
  revision?: number;
}

export class ListEnvironmentsQuery {
  @EnumField(ENVIRONMENT_TYPES, false, { description: 'Only this type.' })
  environment_type?: EnvironmentType;

  @EnumField(ENVIRONMENT_STATUSES, false, { description: 'Only this status.' })
  status?: EnvironmentStatus;

  @TextField(LIMITS.tagMax, false, { description: 'Only environments with this tag.' })
  tag?: string;

  @TextField(LIMITS.searchMax, false, { description: 'Text to find in name, description or url.' })
  search?: string;

  @EnumField(ENVIRONMENT_SORTS, false, { description: 'Order (default name_asc).' })
  sort_by?: EnvironmentSort;

  @LimitField()
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class HealthCheckSettingsView {
  @ApiProperty({ type: String, nullable: true }) target!: string | null;
  @ApiProperty() expected_status!: number;
  @ApiProperty() timeout_ms!: number;
  @ApiProperty() interval_seconds!: number;
  @ApiProperty() slow_threshold_ms!: number;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Effective setting: when never set it follows the type (on for production only).' })
  auto_incident_enabled!: boolean;
  @ApiProperty() critical_threshold!: number;
}

export class EnvironmentView {
  @ApiProperty({ example: 'env-3k9x0c2m8q4wzzab' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ENVIRONMENT_TYPES }) environment_type!: EnvironmentType;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ enum: ENVIRONMENT_STATUSES }) status!: EnvironmentStatus;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: HealthCheckSettingsView }) health_check!: HealthCheckSettingsView;
  @ApiProperty({ type: String, nullable: true }) deploy_hook_url!: string | null;
  @ApiProperty({ type: String, nullable: true }) current_version!: string | null;
  @ApiProperty({ type: String, nullable: true }) previous_version!: string | null;
  @ApiProperty({ description: 'Increases with every change; send it back to refuse stale overwrites.' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class EnvironmentPage {
  @ApiProperty({ type: [EnvironmentView] }) items!: EnvironmentView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}
