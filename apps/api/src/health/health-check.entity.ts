import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HealthCheckTrigger, HealthErrorKind, HealthStatus } from '../domain.js';

/**
 * A stored check. Not every scheduled check is stored: see HealthResultsService for which are
 * (every change of status, failing ones every two minutes, healthy ones once per sample
 * period); hourly counts (health_check_hourly) cover every check. Kept HEALTH_RAW_RETENTION_DAYS.
 */
@Entity('health_checks')
@Index('idx_health_checks_environment', ['environment_id', 'checked_at', 'id'])
@Index('idx_health_checks_checked', ['checked_at'])
export class HealthCheckEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 40 }) environment_id!: string;
  @Column({ type: 'varchar', length: 16 }) status!: Exclude<HealthStatus, 'unknown'>;
  @Column({ type: 'integer', nullable: true }) status_code!: number | null;
  @Column({ type: 'integer', nullable: true }) response_time_ms!: number | null;
  @Column({ type: 'varchar', length: 24, nullable: true }) error_kind!: HealthErrorKind | null;
  /** Only on checks that were not healthy. */
  @Column({ type: 'text', nullable: true }) error_message!: string | null;
  /** The checked URL, stored once in health_check_urls rather than on every row. */
  @Column({ type: 'integer' }) url_id!: number;
  @Column({ type: 'varchar', length: 16 }) trigger!: HealthCheckTrigger;
  @Column({ type: 'varchar', length: 40, nullable: true }) deployment_id!: string | null;
  @Column({ type: 'varchar', length: 32 }) checked_at!: string;
}
