import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANGE_SOURCES } from '../../domain.js';

/** One timeline entry of an incident or a deployment, as every interface returns it. */
export class TimelineEntryView {
  @ApiProperty() id!: number;
  @ApiProperty({
    example: 'status_changed',
    description: 'What happened, e.g. created, status_changed, note, progress, completed, rolled_back, health_check.',
  })
  kind!: string;
  @ApiProperty({ enum: CHANGE_SOURCES }) source!: string;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true, description: 'field → {from, to}' }) changes!: Record<
    string,
    unknown
  > | null;
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true }) data!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}
