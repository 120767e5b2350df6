import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeploymentConfig, DeploymentStatus, DeploymentType } from '../domain.js';

@Entity('deployments')
@Index('idx_deployments_created', ['created_at', 'id'])
@Index('idx_deployments_scheduled', ['scheduled_at', 'id'])
@Index('idx_deployments_environment', ['environment_id', 'created_at'])
// At most one deployment per environment in progress (migration OneDeploymentInProgress1764806400000).
@Index('idx_deployments_one_in_progress', ['environment_id'], { unique: true, where: "status = 'in_progress'" })
export class DeploymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 40 }) environment_id!: string;
  @Column({ type: 'varchar', length: 100 }) version!: string;
  @Column({ type: 'varchar', length: 16 }) deployment_type!: DeploymentType;
  @Column({ type: 'varchar', length: 16 }) status!: DeploymentStatus;
  @Column({ type: 'integer' }) status_rank!: number;
  @Column({ type: 'simple-json' }) deployment_config!: DeploymentConfig;
  @Column({ type: 'varchar', length: 32, nullable: true }) scheduled_at!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) rollback_version!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) previous_version!: string | null;
  @Column({ type: 'simple-json' }) tags!: string[];
  @Column({ type: 'text', default: '' }) notes!: string;
  @Column({ type: 'integer', nullable: true }) progress_percentage!: number | null;
  @Column({ type: 'text', nullable: true }) progress_message!: string | null;
  @Column({ type: 'text', nullable: true }) failure_reason!: string | null;
  @Column({ type: 'text', nullable: true }) rollback_reason!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) rolled_back_to!: string | null;
  @Column({ type: 'integer' }) revision!: number;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) started_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) completed_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) commit_at!: string | null;
}
