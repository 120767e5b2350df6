import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DnsRecordType, EnvironmentStatus, EnvironmentType, HealthCheckKind } from '../domain.js';

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
  @Column({ type: 'varchar', length: 8 }) health_check_kind!: HealthCheckKind;
  /** http: text the body must (or, when absent is set, must not) contain. */
  @Column({ type: 'varchar', length: 200, nullable: true }) health_check_body_keyword!: string | null;
  @Column({ type: 'boolean' }) health_check_body_keyword_absent!: boolean;
  /** http: a JSON-path condition the body must meet (health-check-kinds.ts in the domain library). */
  @Column({ type: 'varchar', length: 300, nullable: true }) health_check_body_json_condition!: string | null;
  @Column({ type: 'integer' }) health_check_tls_expiry_warning_days!: number;
  @Column({ type: 'boolean' }) health_check_tls_allow_untrusted!: boolean;
  /** dns: null asks for A and AAAA. */
  @Column({ type: 'varchar', length: 8, nullable: true }) health_check_dns_record_type!: DnsRecordType | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) health_check_dns_expected!: string | null;
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
