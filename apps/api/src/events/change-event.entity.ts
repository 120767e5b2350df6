import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeEvent, ChangeSource } from '../domain.js';

/** Append-only log of every write; `seq` orders it and resumes event streams. */
@Entity('change_events')
export class ChangeEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 16 }) entity!: ChangeEvent['entity'];
  @Column({ type: 'varchar', length: 40 }) entity_id!: string;
  @Column({ type: 'varchar', length: 32 }) action!: string;
  @Column({ type: 'varchar', length: 16 }) source!: ChangeSource;
  @Column({ type: 'varchar', length: 100, nullable: true }) actor!: string | null;
  @Column({ type: 'varchar', length: 32 }) occurred_at!: string;
}
