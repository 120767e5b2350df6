import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../domain.js';

@Entity('access_tokens')
@Index('idx_access_tokens_hash', ['token_hash'], { unique: true })
@Index('idx_access_tokens_user', ['user_id', 'created_at', 'id'])
@Index('idx_access_tokens_created', ['created_at', 'id'])
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'varchar', length: 40 }) user_id!: string;
  @Column({ type: 'varchar', length: 16 }) role!: Role;
  @Column({ type: 'boolean', default: false }) read_only!: boolean;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  @Column({ type: 'varchar', length: 64 }) token_hash!: string;
  @Column({ type: 'varchar', length: 16 }) prefix!: string;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) created_by!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) expires_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) last_used_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) revoked_at!: string | null;
}
