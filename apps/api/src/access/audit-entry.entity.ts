import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditKind } from '../domain.js';

@Entity('audit_log')
@Index('idx_audit_log_at', ['at', 'id'])
@Index('idx_audit_log_kind', ['kind', 'at', 'id'])
@Index('idx_audit_log_subject', ['kind', 'subject', 'at'])
@Index('idx_audit_log_ip', ['kind', 'ip', 'at'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 32 }) at!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: AuditKind;
  @Column({ type: 'varchar', length: 200, nullable: true }) actor!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) subject!: string | null;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
}
