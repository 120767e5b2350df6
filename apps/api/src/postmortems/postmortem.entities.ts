import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FollowUpStatus } from '../domain.js';

/** A timeline entry as copied into a postmortem: it no longer changes with the incident. */
export interface StoredExcerptEntry {
  at: string;
  kind: string;
  actor: string | null;
  message: string;
}

@Entity('postmortems')
export class PostmortemEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) incident_id!: string;
  @Column({ type: 'text' }) summary!: string;
  @Column({ type: 'text' }) impact!: string;
  @Column({ type: 'text', nullable: true }) root_cause!: string | null;
  @Column({ type: 'simple-json' }) contributing_factors!: string[];
  @Column({ type: 'simple-json' }) timeline_excerpt!: StoredExcerptEntry[];
  @Column({ type: 'integer' }) revision!: number;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) updated_by!: string | null;
}

@Entity('postmortem_follow_ups')
export class FollowUpEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) postmortem_id!: string;
  /** Copied from the postmortem (and its incident) so follow-ups list across incidents without a join. */
  @Column({ type: 'varchar', length: 40 }) incident_id!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) environment_id!: string | null;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'varchar', length: 100 }) owner!: string;
  /** YYYY-MM-DD: compares as text in date order. */
  @Column({ type: 'varchar', length: 10 }) due_date!: string;
  @Column({ type: 'varchar', length: 16 }) status!: FollowUpStatus;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
}
