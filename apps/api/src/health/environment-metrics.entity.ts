import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Metrics an environment reported about itself through POST /api/environments/{id}/metrics. */
@Entity('environment_metrics')
@Index('idx_environment_metrics_environment', ['environment_id', 'reported_at', 'id'])
@Index('idx_environment_metrics_reported', ['reported_at'])
export class EnvironmentMetricsEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 40 }) environment_id!: string;
  @Column({ type: 'double precision', nullable: true }) cpu_usage!: number | null;
  @Column({ type: 'double precision', nullable: true }) memory_usage!: number | null;
  @Column({ type: 'double precision', nullable: true }) disk_usage!: number | null;
  @Column({ type: 'double precision', nullable: true }) network_latency!: number | null;
  @Column({ type: 'varchar', length: 32 }) reported_at!: string;
}
