/** Notifications: the words every interface (REST, MCP, dashboard) uses for channels, rules and deliveries. */

export const CHANNEL_KINDS = ['webhook', 'slack', 'teams', 'discord', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const NOTIFICATION_LANGUAGES = ['en', 'ko'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** What a rule can send; health.changed is a move between healthy, warning and critical. */
export const NOTIFICATION_EVENTS = [
  'incident.opened',
  'incident.status_changed',
  'incident.resolved',
  'deployment.started',
  'deployment.completed',
  'deployment.failed',
  'deployment.rolled_back',
  'health.changed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** A delivery carries one of the events above, or a test message sent by hand. */
export const DELIVERY_EVENT_TYPES = [...NOTIFICATION_EVENTS, 'test'] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

/** pending: waiting for its first or next attempt; delivered; dead: gave up after the last attempt. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** once: from starts_at to ends_at. weekly: on the given days, from start_time (UTC) for duration_minutes. */
export const MAINTENANCE_WINDOW_KINDS = ['once', 'weekly'] as const;
export type MaintenanceWindowKind = (typeof MAINTENANCE_WINDOW_KINDS)[number];

/** Days of the week in JavaScript's order (getUTCDay: 0 is Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const NOTIFICATION_LIMITS = {
  channelNameMax: 100,
  emailRecipientsMax: 20,
  emailMax: 254,
  hostMax: 253,
  smtpUserMax: 256,
  smtpPasswordMax: 1_024,
  ruleEnvironmentsMax: 50,
  reasonMax: 500,
  windowDurationMinutesMax: 7 * 24 * 60,
  /** How much of a receiver's answer is kept. */
  excerptMax: 500,
} as const;
