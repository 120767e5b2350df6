import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, Max, Min, ValidateIf } from 'class-validator';
import { CursorField, EnumField, LimitField, TimestampField } from '../../common/dto-fields.js';
import {
  HEALTH_CHECK_TRIGGERS,
  HEALTH_ERROR_KINDS,
  HEALTH_STATUSES,
  LIMITS,
  type HealthCheckTrigger,
  type HealthStatus,
} from '../../domain.js';

const JUDGED = HEALTH_STATUSES.filter((s) => s !== 'unknown');

/** A finite number in a range; may be left out, never null. */
function MetricField(max: number, description: string) {
  return applyDecorators(
    ValidateIf((_, v) => v !== undefined),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' }),
    Min(0),
    Max(max),
    ApiPropertyOptional({ type: Number, minimum: 0, maximum: max, description }),
  );
}

/** At least one metric; each one left out is simply not reported. */
export class ReportMetricsDto {
  @MetricField(LIMITS.metricPercentMax, 'CPU in use, percent (0–100).')
  cpu_usage?: number;

  @MetricField(LIMITS.metricPercentMax, 'Memory in use, percent (0–100).')
  memory_usage?: number;

  @MetricField(LIMITS.metricPercentMax, 'Disk in use, percent (0–100).')
  disk_usage?: number;

  @MetricField(LIMITS.networkLatencyMsMax, 'Network latency the environment measured, milliseconds (≥ 0).')
  network_latency?: number;
}

export class ListHealthChecksQuery {
  @EnumField(JUDGED, false, { description: 'Only checks judged so.' })
  status?: Exclude<HealthStatus, 'unknown'>;

  @EnumField(HEALTH_CHECK_TRIGGERS, false, { description: 'Only checks started so: scheduled, manual (check now) or deployment.' })
  trigger?: HealthCheckTrigger;

  @TimestampField({ description: 'Only checks at or after this time.' })
  since?: string;

  @TimestampField({ description: 'Only checks at or before this time.' })
  until?: string;

  @LimitField()
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class HealthCheckView {
  @ApiProperty() id!: number;
  @ApiProperty() environment_id!: string;
  @ApiProperty({ enum: JUDGED }) status!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the answer; null when none came.' }) status_code!:
    number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Milliseconds until the status and headers arrived; null when no answer came.',
  })
  response_time_ms!: number | null;
  @ApiProperty({ enum: HEALTH_ERROR_KINDS, nullable: true }) error_kind!: string | null;
  @ApiProperty({ type: String, nullable: true }) error_message!: string | null;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: HEALTH_CHECK_TRIGGERS }) trigger!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The deployment this check followed.' }) deployment_id!: string | null;
  @ApiProperty({ format: 'date-time' }) checked_at!: string;
}

export class HealthCheckPage {
  @ApiProperty({ type: [HealthCheckView] }) items!: HealthCheckView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}

export class EnvironmentMetricsView {
  @ApiProperty() environment_id!: string;
  @ApiPropertyOptional({ description: 'Absent when not reported.' }) cpu_usage?: number;
  @ApiPropertyOptional({ description: 'Absent when not reported.' }) memory_usage?: number;
  @ApiPropertyOptional({ description: 'Absent when not reported.' }) disk_usage?: number;
  @ApiPropertyOptional({ description: 'Absent when not reported.' }) network_latency?: number;
  @ApiProperty({ format: 'date-time' }) reported_at!: string;
}
