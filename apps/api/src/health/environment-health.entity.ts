import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HealthStatus } from '../domain.js';

/**
 * Each checked environment's health now: the latest judgement and the streak of critical
 * checks that decides auto-incidents. Its own table, not columns on environments, so a check
 * never bumps an environment's revision and never conflicts with a person editing it.
 */
@Entity('environment_health')
export class EnvironmentHealthEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) environment_id!: string;
  @Column({ type: 'varchar', length: 16 }) status!: Exclude<HealthStatus, 'unknown'>;
  /** When the current status began. */
  @Column({ type: 'varchar', length: 32 }) status_since!: string;
  @Column({ type: 'varchar', length: 32 }) last_checked_at!: string;
  @Column({ type: 'integer', nullable: true }) last_response_time_ms!: number | null;
  /** Counted here, not from stored checks: only a sample of checks is kept raw. */
  @Column({ type: 'integer' }) consecutive_critical!: number;
  /** First critical check of the current streak; null when the latest check was not critical. */
  @Column({ type: 'varchar', length: 32, nullable: true }) critical_since!: string | null;
  /** The incident that tracks this environment's latest outage, opened or adopted by the health engine. */
  @Column({ type: 'varchar', length: 40, nullable: true }) incident_id!: string | null;
  /** critical_since of the streak that incident belongs to, so one outage never gets two incidents. */
  @Column({ type: 'varchar', length: 32, nullable: true }) incident_streak!: string | null;
  /** checked_at of this environment's latest check kept raw: decides when the next healthy one is kept. */
  @Column({ type: 'varchar', length: 32, nullable: true }) last_kept_at!: string | null;
}
