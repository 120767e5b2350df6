import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolField, TextField } from '../../common/dto-fields.js';
import { ENVIRONMENT_STATUSES, HEALTH_STATUSES, LIMITS } from '../../domain.js';
import { EnvironmentView } from '../../environments/dto/environment.dto.js';
import { EnvironmentMetricsView, HealthCheckView } from '../../health/dto/health.dto.js';
import { IncidentView } from '../../incidents/dto/incident.dto.js';

export class SystemHealthQuery {
  @TextField(LIMITS.nameMax, false, { description: 'Only this environment (id or name).' })
  environment_id?: string;

  @QueryBoolField({ description: 'Include detailed_metrics (measured figures only).' })
  include_details?: boolean;
}

class SummaryView {
  @ApiProperty() total_environments!: number;
  @ApiProperty() healthy_environments!: number;
  @ApiProperty() warning_environments!: number;
  @ApiProperty() critical_environments!: number;
  @ApiProperty() unknown_environments!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_check!: string | null;
}

class EnvironmentHealthView {
  @ApiProperty() environment_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: string;
  @ApiProperty({ enum: ENVIRONMENT_STATUSES }) environment_status!: string;
}

class CheckView {
  @ApiProperty() environment_id!: string;
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Milliseconds.' }) response_time!: number | null;
  @ApiProperty({ format: 'date-time' }) checked_at!: string;
}

class SystemHealthBodyView {
  @ApiProperty({ type: SummaryView }) summary!: SummaryView;
  @ApiProperty({ type: [EnvironmentHealthView] }) environments!: EnvironmentHealthView[];
  @ApiProperty({ type: [CheckView], description: 'The latest check of each environment that has one, newest first.' })
  recent_checks!: CheckView[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'With include_details only, and only numbers that were measured (absent ones were not): `host` — this service host’s cpu (machine and process, over the window since the previous reading), memory, disk of the data folder and event-loop delay/utilization; `health_checks` — the scheduler’s own figures (start lag), when it runs in this process; `environments` — the latest metrics each environment reported through POST /api/environments/{id}/metrics.',
  })
  detailed_metrics?: Record<string, unknown>;
}

export class SystemHealthView {
  @ApiProperty({ enum: [true] }) success!: true;
  @ApiProperty({ type: SystemHealthBodyView }) system_health!: SystemHealthBodyView;
}

class UptimeView {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent of checks in the last 24 h that were not critical; null without checks.',
  })
  '24h'!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Same over 7 days.' }) '7d'!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Same over 30 days.' }) '30d'!: number | null;
}

class ResponseTimeView {
  @ApiProperty({ description: 'Hours covered (the last 24).' }) window_hours!: number;
  @ApiProperty({ description: 'Answers measured in the window.' }) count!: number;
  @ApiProperty({ type: Number, nullable: true }) p50!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99!: number | null;
  @ApiProperty({ type: Number, nullable: true }) min!: number | null;
  @ApiProperty({ type: Number, nullable: true }) max!: number | null;
  @ApiProperty({ type: Number, nullable: true }) mean!: number | null;
}

class EnvironmentHealthDetailView {
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when the latest status holds.' }) status_since!:
    string | null;
  @ApiProperty({ description: 'Critical checks in a row up to now.' }) consecutive_critical!: number;
  @ApiProperty({ type: HealthCheckView, nullable: true }) latest_check!: HealthCheckView | null;
  @ApiProperty({ type: UptimeView }) uptime!: UptimeView;
  @ApiProperty({ type: ResponseTimeView, description: 'Milliseconds, over the answers of the last 24 h.' })
  response_time_ms!: ResponseTimeView;
}

class OpenIncidentsView {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [IncidentView] }) items!: IncidentView[];
}

class LastDeploymentView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() version!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) completed_at!: string | null;
  @ApiProperty() created_at!: string;
}

export class EnvironmentStatusView {
  @ApiProperty({ type: EnvironmentView }) environment!: EnvironmentView;
  @ApiProperty({ type: EnvironmentHealthDetailView }) health!: EnvironmentHealthDetailView;
  @ApiProperty({
    type: EnvironmentMetricsView,
    nullable: true,
    description: 'The latest metrics the environment reported; null if it never did.',
  })
  reported_metrics!: EnvironmentMetricsView | null;
  @ApiProperty({ type: String, nullable: true }) current_version!: string | null;
  @ApiProperty({ type: OpenIncidentsView }) open_incidents!: OpenIncidentsView;
  @ApiProperty({ type: LastDeploymentView, nullable: true }) last_deployment!: LastDeploymentView | null;
}
