import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EnvironmentStatus, EnvironmentType } from '../domain.js';

@Entity('environments')
@Index('idx_environments_name', ['name'], { unique: true })
@Index('idx_environments_created', ['created_at', 'id'])
export class EnvironmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) environment_type!: EnvironmentType;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 2048, nullable: true }) url!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: EnvironmentStatus;
  @Column({ type: 'simple-json' }) tags!: string[];
  /** A path joined to `url`, or a full URL; null checks `url` itself. */
  @Column({ type: 'varchar', length: 2048, nullable: true }) health_check_target!: string | null;
  @Column({ type: 'integer' }) health_check_expected_status!: number;
  @Column({ type: 'integer' }) health_check_timeout_ms!: number;
  @Column({ type: 'integer' }) health_check_interval_seconds!: number;
  @Column({ type: 'integer' }) health_check_slow_ms!: number;
  @Column({ type: 'boolean' }) health_check_enabled!: boolean;
  /** Null: follow the environment type (on for production only). */
  @Column({ type: 'boolean', nullable: true }) auto_incident_enabled!: boolean | null;
  /** Consecutive critical checks that open an incident. */
  @Column({ type: 'integer' }) critical_threshold!: number;
  @Column({ type: 'varchar', length: 2048, nullable: true }) deploy_hook_url!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) current_version!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) previous_version!: string | null;
  /** Shown on the public status page and its badges. */
  @Column({ type: 'boolean', default: false }) public!: boolean;
  @Column({ type: 'integer' }) revision!: number;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
}
