import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('sessions')
@Index('idx_sessions_user', ['user_id'])
export class SessionEntity {
  /** SHA-256 of the cookie's value. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) key_hash!: string;
  @Column({ type: 'varchar', length: 40 }) user_id!: string;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) expires_at!: string;
  @Column({ type: 'varchar', length: 32 }) last_seen_at!: string;
}
