import { ApiProperty } from '@nestjs/swagger';
import { TimelineEntryView } from '../../timeline/dto/timeline-entry.view.js';
import {
  CursorField,
  EnumField,
  LimitField,
  NullableTextField,
  RevisionField,
  StringListField,
  TagsField,
  TextField,
} from '../../common/dto-fields.js';
import {
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  LIMITS,
  SEVERITIES,
  type IncidentSort,
  type IncidentStatus,
  type IncidentType,
  type Severity,
} from '../../domain.js';

const SERVICES = () =>
  StringListField(LIMITS.servicesMax, LIMITS.serviceMax, {
    description: 'Services affected.',
    example: ['payment-api', 'checkout-service'],
  });

export class CreateIncidentDto {
  @TextField(LIMITS.titleMax, true, { description: 'Short summary.', example: 'API 서버 응답 지연' })
  title!: string;

  @TextField(LIMITS.textMax, false, { description: 'What is happening.' })
  description?: string;

  @EnumField(SEVERITIES, true, { description: 'critical: whole service down; high: major feature; medium: some features; low: minor.' })
  severity!: Severity;

  @EnumField(INCIDENT_TYPES, true, { description: 'Kind of incident.' })
  incident_type!: IncidentType;

  @EnumField(INCIDENT_STATUSES, false, { description: 'Defaults to open.' })
  status?: IncidentStatus;

  @SERVICES()
  affected_services?: string[];

  @TagsField()
  tags?: string[];

  @NullableTextField(LIMITS.nameMax, { description: 'Affected environment: id or unique name.', example: 'prod-env-123' })
  environment_id?: string | null;

  @NullableTextField(40, { description: 'Deployment suspected of causing it.' })
  deployment_id?: string | null;

  @NullableTextField(LIMITS.actorMax, { description: 'Incident commander.' })
  commander?: string | null;

  @NullableTextField(LIMITS.textMax, { description: 'How it was resolved.' })
  resolution_notes?: string | null;

  @NullableTextField(LIMITS.textMax, { description: 'Root cause, once known.' })
  root_cause?: string | null;
}

export class UpdateIncidentDto {
  @TextField(LIMITS.titleMax, false, { description: 'Short summary.', nonBlank: true })
  title?: string;

  @TextField(LIMITS.textMax, false, { description: 'What is happening.' })
  description?: string;

  @EnumField(SEVERITIES, false, { description: 'Severity.' })
  severity?: Severity;

  @EnumField(INCIDENT_TYPES, false, { description: 'Kind of incident.' })
  incident_type?: IncidentType;

  @EnumField(INCIDENT_STATUSES, false, {
    description:
      'Moves forward through open → investigating → identified → monitoring → resolved (steps may be skipped); from resolved, any earlier status reopens it.',
  })
  status?: IncidentStatus;

  @SERVICES()
  affected_services?: string[];

  @TagsField()
  tags?: string[];

  @NullableTextField(LIMITS.nameMax, { description: 'Affected environment (id or name); null clears it.' })
  environment_id?: string | null;

  @NullableTextField(40, { description: 'Suspected deployment; null clears it.' })
  deployment_id?: string | null;

  @NullableTextField(LIMITS.actorMax, { description: 'Incident commander.' })
  commander?: string | null;

  @NullableTextField(LIMITS.textMax, { description: 'How it was resolved.', example: '서버 용량 증설로 해결' })
  resolution_notes?: string | null;

  @NullableTextField(LIMITS.textMax, { description: 'Root cause.' })
  root_cause?: string | null;

  @RevisionField()
  revision?: number;
}

export class AddNoteDto {
  @TextField(LIMITS.textMax, true, { description: 'The note.', example: 'Connection pool exhausted on db-1; scaling up.' })
  note!: string;
}

export class ListIncidentsQuery {
  @EnumField(SEVERITIES, false, { description: 'Only this severity.' })
  severity?: Severity;

  @EnumField(INCIDENT_STATUSES, false, { description: 'Only this status.' })
  status?: IncidentStatus;

  @EnumField(INCIDENT_TYPES, false, { description: 'Only this type.' })
  incident_type?: IncidentType;

  @TextField(LIMITS.nameMax, false, { description: 'Only incidents of this environment (id or name).' })
  environment_id?: string;

  @TextField(40, false, { description: 'Only incidents linked to this deployment.' })
  deployment_id?: string;

  @TextField(LIMITS.tagMax, false, { description: 'Only incidents with this tag.' })
  tag?: string;

  @TextField(LIMITS.searchMax, false, { description: 'Text to find in title or description.' })
  search?: string;

  @EnumField(INCIDENT_SORTS, false, { description: 'Order (default created_desc).' })
  sort_by?: IncidentSort;

  @LimitField()
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class IncidentView {
  @ApiProperty({ example: 'inc-3k9x0c2m8q4wzzab' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ enum: INCIDENT_TYPES }) incident_type!: IncidentType;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status!: IncidentStatus;
  @ApiProperty({ type: [String] }) affected_services!: string[];
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) environment_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) deployment_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) commander!: string | null;
  @ApiProperty({ type: String, nullable: true }) resolution_notes!: string | null;
  @ApiProperty({ type: String, nullable: true }) root_cause!: string | null;
  @ApiProperty({ description: 'Increases with every change; send it back to refuse stale overwrites.' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First move out of open.' }) acknowledged_at!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolved_at!: string | null;
}

export class IncidentDetailView extends IncidentView {
  @ApiProperty({ type: [TimelineEntryView] }) timeline!: TimelineEntryView[];
}

export class IncidentPage {
  @ApiProperty({ type: [IncidentView] }) items!: IncidentView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}

class DurationStatsView {
  @ApiProperty() count!: number;
  @ApiProperty({ type: Number, nullable: true }) median_seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90_seconds!: number | null;
}

class WindowView {
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ format: 'date-time' }) until!: string;
}

export class IncidentStatsView {
  @ApiProperty({ type: WindowView }) window!: WindowView;
  @ApiProperty({ description: 'Incidents created in the window.' }) total!: number;
  @ApiProperty({ description: 'Incidents not resolved now, whenever created.' }) open_count!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { critical: 1, high: 2, medium: 0, low: 0 } })
  by_severity!: Record<Severity, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) by_status!: Record<IncidentStatus, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Unresolved incidents now, by severity.' })
  open_by_severity!: Record<Severity, number>;
  @ApiProperty({ type: DurationStatsView, description: 'Time to acknowledge, for incidents created in the window.' })
  mtta!: DurationStatsView;
  @ApiProperty({ type: DurationStatsView, description: 'Time to resolve, for incidents resolved in the window.' }) mttr!: DurationStatsView;
}

export { StatsWindowQuery } from '../../common/stats-window.js';
