import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../domain.js';

@Entity('users')
@Index('idx_users_username', ['username'], { unique: true })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  /** Stored lower-case: "Alice" and "alice" are one person. */
  @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) display_name!: string | null;
  @Column({ type: 'varchar', length: 16 }) role!: Role;
  /** scrypt, with its parameters and salt: see passwords.ts. */
  @Column({ type: 'varchar', length: 200 }) password_hash!: string;
  @Column({ type: 'boolean', default: false }) disabled!: boolean;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) last_sign_in_at!: string | null;
}
