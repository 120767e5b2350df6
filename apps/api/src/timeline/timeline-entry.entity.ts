import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeSource } from '../domain.js';

export type TimelineSubject = 'incident' | 'deployment';

/** One row per thing that happened to an incident or a deployment; never edited. */
@Entity('timeline_entries')
@Index('idx_timeline_subject', ['subject_type', 'subject_id', 'id'])
@Index('idx_timeline_kind', ['subject_type', 'kind', 'created_at'])
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 16 }) subject_type!: TimelineSubject;
  @Column({ type: 'varchar', length: 40 }) subject_id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) source!: ChangeSource;
  @Column({ type: 'varchar', length: 100, nullable: true }) actor!: string | null;
  @Column({ type: 'text' }) message!: string;
  @Column({ type: 'simple-json', nullable: true }) changes!: Record<string, { from: unknown; to: unknown }> | null;
  @Column({ type: 'simple-json', nullable: true }) data!: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
}
