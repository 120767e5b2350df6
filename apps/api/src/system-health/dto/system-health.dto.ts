import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolField, TextField } from '../../common/dto-fields.js';
import { ENVIRONMENT_STATUSES, HEALTH_STATUSES, LIMITS } from '../../domain.js';
import { EnvironmentView } from '../../environments/dto/environment.dto.js';
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
  @ApiProperty({ type: [CheckView] }) recent_checks!: CheckView[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Only numbers that were measured; absent ones were not.' })
  detailed_metrics?: Record<string, unknown>;
}

export class SystemHealthView {
  @ApiProperty({ enum: [true] }) success!: true;
  @ApiProperty({ type: SystemHealthBodyView }) system_health!: SystemHealthBodyView;
}

class UptimeView {
  @ApiProperty({ type: Number, nullable: true }) '24h'!: number | null;
  @ApiProperty({ type: Number, nullable: true }) '7d'!: number | null;
  @ApiProperty({ type: Number, nullable: true }) '30d'!: number | null;
}

class EnvironmentHealthDetailView {
  @ApiProperty({ enum: HEALTH_STATUSES }) status!: string;
  @ApiProperty({ type: CheckView, nullable: true }) latest_check!: null;
  @ApiProperty({ type: UptimeView }) uptime!: UptimeView;
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
  @ApiProperty({ type: String, nullable: true }) current_version!: string | null;
  @ApiProperty({ type: OpenIncidentsView }) open_incidents!: OpenIncidentsView;
  @ApiProperty({ type: LastDeploymentView, nullable: true }) last_deployment!: LastDeploymentView | null;
}
