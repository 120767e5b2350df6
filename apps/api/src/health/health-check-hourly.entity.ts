import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Checks of one environment in one hour, once their raw rows have aged out: enough for uptime and response-time history. */
@Entity('health_check_hourly')
@Index('idx_health_check_hourly_hour', ['hour'])
export class HealthCheckHourlyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) environment_id!: string;
  /** Start of the hour, ISO-8601 UTC. */
  @PrimaryColumn({ type: 'varchar', length: 32 }) hour!: string;
  @Column({ type: 'integer' }) checks!: number;
  @Column({ type: 'integer' }) healthy!: number;
  @Column({ type: 'integer' }) warning!: number;
  @Column({ type: 'integer' }) critical!: number;
  /** Checks that got an answer, i.e. have a response time. */
  @Column({ type: 'integer' }) responses!: number;
  @Column({ type: 'integer' }) response_time_sum!: number;
  @Column({ type: 'integer', nullable: true }) response_time_min!: number | null;
  @Column({ type: 'integer', nullable: true }) response_time_max!: number | null;
  @Column({ type: 'integer', nullable: true }) response_time_p50!: number | null;
  @Column({ type: 'integer', nullable: true }) response_time_p95!: number | null;
}
