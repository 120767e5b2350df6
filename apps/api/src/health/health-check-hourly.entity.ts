import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every check of one environment in one hour, counted as it is stored (not only the checks kept
 * raw): uptime, the status page and response-time history read these. Counters only ever add, so
 * several instances and late checks sum up exactly. Response times as fixed buckets
 * (response-time-histogram.ts): `rt_le_<ms>` answers of at most that many ms (above the previous
 * bound), `rt_over` slower ones; response_time_p50/p95 are kept up to date from them.
 */
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
  @Column({ type: 'integer', default: 0 }) rt_le_1!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_2!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_3!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_5!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_7!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_10!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_15!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_20!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_30!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_50!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_75!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_100!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_150!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_200!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_300!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_500!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_750!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_1000!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_1500!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_2000!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_3000!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_5000!: number;
  @Column({ type: 'integer', default: 0 }) rt_le_10000!: number;
  @Column({ type: 'integer', default: 0 }) rt_over!: number;
}
