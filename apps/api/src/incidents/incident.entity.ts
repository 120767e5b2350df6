import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IncidentStatus, IncidentType, Severity } from '../domain.js';

@Entity('incidents')
@Index('idx_incidents_created', ['created_at', 'id'])
@Index('idx_incidents_updated', ['updated_at', 'id'])
@Index('idx_incidents_environment', ['environment_id', 'created_at'])
@Index('idx_incidents_resolved', ['resolved_at'])
export class IncidentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 16 }) severity!: Severity;
  /** Position in SEVERITIES, so "most severe first" is an index scan. */
  @Column({ type: 'integer' }) severity_rank!: number;
  @Column({ type: 'varchar', length: 16 }) incident_type!: IncidentType;
  @Column({ type: 'varchar', length: 16 }) status!: IncidentStatus;
  @Column({ type: 'integer' }) status_rank!: number;
  @Column({ type: 'simple-json' }) affected_services!: string[];
  @Column({ type: 'simple-json' }) tags!: string[];
  @Column({ type: 'varchar', length: 40, nullable: true }) environment_id!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) deployment_id!: string | null;
  @Column({ type: 'text', nullable: true }) impact!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) commander!: string | null;
  @Column({ type: 'text', nullable: true }) resolution_notes!: string | null;
  @Column({ type: 'text', nullable: true }) root_cause!: string | null;
  /** Listed on the public status page (title, severity and status only). */
  @Column({ type: 'boolean', default: false }) public!: boolean;
  @Column({ type: 'integer' }) revision!: number;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) acknowledged_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) resolved_at!: string | null;
}
