import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  ChannelKind,
  DeliveryAttempt,
  DeliveryEventType,
  DeliveryStatus,
  MaintenanceWindowKind,
  NotificationEvent,
  NotificationLanguage,
  Severity,
  SmtpSecurity,
  Weekday,
} from '../domain.js';

/** SMTP settings of an email channel, password included (never returned by the API). */
export interface StoredEmailSettings {
  smtp_host: string;
  smtp_port: number;
  security: SmtpSecurity;
  username: string | null;
  password: string | null;
  from: string;
  to: string[];
}

@Entity('notification_channels')
export class ChannelEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: ChannelKind;
  @Column({ type: 'varchar', length: 4 }) language!: NotificationLanguage;
  @Column({ type: 'boolean' }) enabled!: boolean;
  /** Receiver or incoming-webhook URL: a secret for Slack, Teams and Discord. */
  @Column({ type: 'text', nullable: true }) url!: string | null;
  /** whsec_… signing secret of a webhook channel. */
  @Column({ type: 'varchar', length: 100, nullable: true }) secret!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) previous_secret!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) previous_secret_until!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) secret_rotated_at!: string | null;
  @Column({ type: 'simple-json', nullable: true }) email_settings!: StoredEmailSettings | null;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
}

@Entity('notification_rules')
export class RuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 40 }) channel_id!: string;
  @Column({ type: 'simple-json' }) events!: NotificationEvent[];
  @Column({ type: 'varchar', length: 16, nullable: true }) min_severity!: Severity | null;
  @Column({ type: 'simple-json' }) environment_ids!: string[];
  @Column({ type: 'simple-json' }) tags!: string[];
  @Column({ type: 'boolean' }) enabled!: boolean;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
  @Column({ type: 'varchar', length: 32 }) updated_at!: string;
}

@Entity('maintenance_windows')
export class MaintenanceWindowEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) environment_id!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: MaintenanceWindowKind;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) starts_at!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) ends_at!: string | null;
  @Column({ type: 'simple-json' }) days!: Weekday[];
  @Column({ type: 'varchar', length: 5, nullable: true }) start_time!: string | null;
  @Column({ type: 'integer', nullable: true }) duration_minutes!: number | null;
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
}

/** The outbox: one row per message per channel, written with the change it reports. Its id is the webhook-id. */
@Entity('notification_deliveries')
export class DeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) channel_id!: string;
  @Column({ type: 'varchar', length: 32 }) event_type!: DeliveryEventType;
  @Column({ type: 'varchar', length: 16, nullable: true }) subject_type!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) subject_id!: string | null;
  @Column({ type: 'text' }) summary!: string;
  /** The JSON body a webhook receives, byte for byte the same on every attempt. */
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'varchar', length: 16 }) status!: DeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ type: 'varchar', length: 32, nullable: true }) next_attempt_at!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) claimed_by!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) claimed_until!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) delivered_at!: string | null;
  @Column({ type: 'integer', nullable: true }) last_status_code!: number | null;
  @Column({ type: 'integer', nullable: true }) latency_ms!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'simple-json' }) attempt_log!: DeliveryAttempt[];
  @Column({ type: 'varchar', length: 32 }) created_at!: string;
}
