import { z } from 'zod';
import {
  bool,
  count,
  cursor,
  instant,
  int,
  limit,
  named,
  nullableString,
  nullableTimestamp,
  oneOf,
  pageOf,
  recordId,
  tags,
  text,
  timestamp,
} from './contract/fields.js';
import { say } from './contract/messages.js';
import { LIMITS } from './limits.js';
import {
  CHANNEL_KINDS,
  DELIVERY_EVENT_TYPES,
  DELIVERY_STATUSES,
  MAINTENANCE_WINDOW_KINDS,
  NOTIFICATION_EVENTS,
  NOTIFICATION_LANGUAGES,
  NOTIFICATION_LIMITS,
  SMTP_SECURITY,
  WEEKDAYS,
} from './notifications.vocabulary.js';
import { SEVERITIES } from './vocabulary.js';

/** Notifications: channels, rules, maintenance windows and deliveries, defined once for REST, OpenAPI, MCP and the dashboard. */

const L = NOTIFICATION_LIMITS;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const targetUrl = () =>
  text(LIMITS.urlMax, {
    description:
      'Where to post: the receiver URL (webhook) or the incoming-webhook URL Slack, Teams or Discord gave you. Kept secret: answers show only its host.',
    example: 'https://hooks.slack.com/services/T000/B000/XXXX',
  }).refine((v) => HTTP_URL.test(v), { error: say('must be an absolute http:// or https:// URL') });

const emailAddress = (description: string) =>
  text(L.emailMax, { description, example: 'oncall@example.com' }).refine((v) => EMAIL.test(v), {
    error: say('must be an email address such as oncall@example.com'),
  });

export const EmailSettingsInput = named(
  'EmailSettingsInput',
  z.strictObject({
    smtp_host: text(L.hostMax, { description: 'SMTP server host name.', example: 'smtp.example.com' }, { nonBlank: true }),
    smtp_port: int(1, 65_535, { description: 'SMTP port, usually 587 (STARTTLS) or 465 (TLS).', example: 587 }),
    security: oneOf(SMTP_SECURITY, {
      description: 'starttls (default): upgrade to TLS and refuse to send without it; tls: TLS from the start; none: plain text.',
    }).optional(),
    username: text(L.smtpUserMax, { description: 'SMTP user name, if the server asks for one.' }).optional(),
    password: text(L.smtpPasswordMax, { description: 'SMTP password; stored, never shown again.' }).optional(),
    from: emailAddress('Sender address.'),
    to: z
      .array(emailAddress('Recipient address.'))
      .min(1, { error: say('needs at least one address') })
      .max(L.emailRecipientsMax)
      .meta({ description: 'Recipients.' }),
  }),
);
export type EmailSettingsInput = z.infer<typeof EmailSettingsInput>;

const channelField = {
  name: text(L.channelNameMax, { description: 'A name people recognise, e.g. "#ops-alerts".', example: 'ops-alerts' }, { nonBlank: true }),
  kind: oneOf(CHANNEL_KINDS, {
    description: 'webhook (signed per Standard Webhooks), slack, teams, discord (incoming webhooks) or email (SMTP).',
  }),
  language: oneOf(NOTIFICATION_LANGUAGES, { description: 'Language of the messages: en (default) or ko.' }),
  enabled: bool({ description: 'Whether anything is sent to it (default true).' }),
  url: targetUrl(),
  email: EmailSettingsInput,
};

export const ChannelCreate = named(
  'NotificationChannelCreate',
  z.strictObject({
    name: channelField.name,
    kind: channelField.kind,
    language: channelField.language.optional(),
    enabled: channelField.enabled.optional(),
    url: channelField.url.optional(),
    email: channelField.email.optional(),
  }),
);
export type ChannelCreate = z.infer<typeof ChannelCreate>;

export const ChannelUpdate = named(
  'NotificationChannelUpdate',
  z
    .strictObject({
      name: channelField.name,
      language: channelField.language,
      enabled: channelField.enabled,
      url: channelField.url,
      email: channelField.email,
    })
    .partial()
    .meta({ description: 'Only the fields given change. Secrets not given are kept.' }),
);
export type ChannelUpdate = z.infer<typeof ChannelUpdate>;

export const Channel = named(
  'NotificationChannel',
  z.object({
    id: z.string().meta({ example: 'nch-3k9x0c2m8q4wzzab' }),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    language: z.enum(NOTIFICATION_LANGUAGES),
    enabled: z.boolean(),
    target: z.string().meta({ description: 'Where messages go, with secrets left out: the URL host, or the email recipients.' }),
    secret_hint: nullableString('Webhook channels: the last characters of the signing secret, to tell secrets apart.'),
    secret_rotated_at: nullableTimestamp('When the signing secret was last replaced.'),
    email: z
      .object({
        smtp_host: z.string(),
        smtp_port: z.int(),
        security: z.enum(SMTP_SECURITY),
        username: nullableString(),
        has_password: z.boolean(),
        from: z.string(),
        to: z.array(z.string()),
      })
      .nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  }),
);
export type Channel = z.infer<typeof Channel>;

export const ChannelWithSecret = named(
  'NotificationChannelWithSecret',
  z.object({
    channel: Channel,
    signing_secret: nullableString(
      'Webhook channels: the whsec_ signing secret. Shown only now; store it with the receiver. Null for other kinds.',
    ),
  }),
);
export type ChannelWithSecret = z.infer<typeof ChannelWithSecret>;

export const ChannelList = named('NotificationChannelList', z.object({ items: z.array(Channel) }));
export type ChannelList = z.infer<typeof ChannelList>;

const environmentRef = () => text(LIMITS.nameMax, { description: 'Environment id or name.' }, { nonBlank: true });

const ruleField = {
  name: text(L.channelNameMax, { description: 'What the rule is for.', example: 'Production incidents to on-call' }),
  channel_id: recordId('The channel to send to (nch-…).'),
  events: z
    .array(z.enum(NOTIFICATION_EVENTS))
    .min(1, { error: say('needs at least one event') })
    .max(NOTIFICATION_EVENTS.length)
    .meta({ description: `Events that send a message: ${NOTIFICATION_EVENTS.join(', ')}.` }),
  min_severity: oneOf(SEVERITIES, {
    description: 'Incident events only: send for incidents at least this severe (critical is most severe). Null: all.',
  }).nullable(),
  environments: z
    .array(environmentRef())
    .max(L.ruleEnvironmentsMax)
    .meta({ description: 'Only for these environments (ids or names); empty: every environment.' }),
  tags: tags().meta({ description: 'Only when the incident, deployment or environment has one of these tags; empty: any.' }),
  enabled: bool({ description: 'Default true.' }),
};

export const RuleCreate = named(
  'NotificationRuleCreate',
  z.strictObject({ ...z.object(ruleField).partial().shape, channel_id: ruleField.channel_id, events: ruleField.events }),
);
export type RuleCreate = z.infer<typeof RuleCreate>;

export const RuleUpdate = named(
  'NotificationRuleUpdate',
  z.strictObject(ruleField).partial().meta({ description: 'Only the fields given change.' }),
);
export type RuleUpdate = z.infer<typeof RuleUpdate>;

export const Rule = named(
  'NotificationRule',
  z.object({
    id: z.string(),
    name: z.string(),
    channel_id: z.string(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)),
    min_severity: z.enum(SEVERITIES).nullable(),
    environment_ids: z.array(z.string()).meta({ description: 'Empty: every environment.' }),
    tags: z.array(z.string()),
    enabled: z.boolean(),
    created_at: timestamp(),
    updated_at: timestamp(),
  }),
);
export type Rule = z.infer<typeof Rule>;

export const RuleList = named('NotificationRuleList', z.object({ items: z.array(Rule) }));
export type RuleList = z.infer<typeof RuleList>;

const windowField = {
  environment_id: environmentRef(),
  kind: oneOf(MAINTENANCE_WINDOW_KINDS, { description: 'once (starts_at to ends_at) or weekly (days, start_time, duration_minutes).' }),
  reason: text(L.reasonMax, { description: 'Why, shown on the dashboard.', example: 'Database upgrade' }),
  starts_at: instant({ description: 'once: when it begins.' }),
  ends_at: instant({ description: 'once: when it ends.' }),
  days: z
    .array(z.enum(WEEKDAYS))
    .min(1, { error: say('needs at least one day') })
    .max(7)
    .meta({ description: 'weekly: the days it begins on (UTC).' }),
  start_time: text(5, { description: 'weekly: time of day it begins, HH:MM in UTC.', example: '02:00' }).refine((v) => HH_MM.test(v), {
    error: say('must be a time of day as HH:MM, e.g. 02:00'),
  }),
  duration_minutes: int(1, L.windowDurationMinutesMax, { description: 'weekly: how long it lasts.' }),
};

export const MaintenanceWindowCreate = named(
  'MaintenanceWindowCreate',
  z.strictObject({
    ...z.object(windowField).partial().shape,
    environment_id: windowField.environment_id,
    kind: windowField.kind,
  }),
);
export type MaintenanceWindowCreate = z.infer<typeof MaintenanceWindowCreate>;

export const MaintenanceWindow = named(
  'MaintenanceWindow',
  z.object({
    id: z.string(),
    environment_id: z.string(),
    kind: z.enum(MAINTENANCE_WINDOW_KINDS),
    reason: z.string(),
    starts_at: nullableTimestamp(),
    ends_at: nullableTimestamp(),
    days: z.array(z.enum(WEEKDAYS)),
    start_time: nullableString(),
    duration_minutes: z.int().nullable(),
    active: z.boolean().meta({ description: 'In effect now: failing checks open no incident and nobody is notified.' }),
    active_until: nullableTimestamp('When the current (or, if not active, the next) occurrence ends.'),
    created_at: timestamp(),
  }),
);
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const MaintenanceWindowList = named('MaintenanceWindowList', z.object({ items: z.array(MaintenanceWindow) }));
export type MaintenanceWindowList = z.infer<typeof MaintenanceWindowList>;

export const MaintenanceWindowQuery = z.strictObject({
  environment_id: environmentRef().optional(),
});
export type MaintenanceWindowQuery = z.infer<typeof MaintenanceWindowQuery>;

export const DeliveryAttempt = named(
  'NotificationDeliveryAttempt',
  z.object({
    attempt: z.int(),
    at: timestamp(),
    ok: z.boolean(),
    status_code: z.int().nullable(),
    latency_ms: z.int(),
    error: nullableString('Why it failed, or the start of the receiver’s answer.'),
  }),
);
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = named(
  'NotificationDelivery',
  z.object({
    id: z.string().meta({ description: 'Also the webhook-id header: the same on every retry, so receivers can drop repeats.' }),
    channel_id: z.string(),
    event_type: z.enum(DELIVERY_EVENT_TYPES),
    subject_type: nullableString('incident, deployment or health.'),
    subject_id: nullableString(),
    summary: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: count('Attempts so far.'),
    next_attempt_at: nullableTimestamp('pending: when the next attempt is due.'),
    delivered_at: nullableTimestamp(),
    last_status_code: z.int().nullable(),
    latency_ms: z.int().nullable().meta({ description: 'Of the last attempt.' }),
    error: nullableString('Last failure, or an excerpt of the receiver’s answer.'),
    created_at: timestamp(),
    attempt_log: z.array(DeliveryAttempt),
  }),
);
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryPage = named('NotificationDeliveryPage', pageOf(Delivery));
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const DeliveryQuery = z.strictObject({
  channel_id: recordId('Only this channel’s deliveries.').optional(),
  status: oneOf(DELIVERY_STATUSES, { description: 'Only deliveries in this state.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;
