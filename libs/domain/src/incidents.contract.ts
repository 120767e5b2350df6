import { z } from 'zod';
import { DurationStats, ResolvedWindow, TimelineWindow } from './common.contract.js';
import {
  bool,
  count,
  cursor,
  limit,
  named,
  nullableString,
  nullableText,
  nullableTimestamp,
  oneOf,
  pageOf,
  recordId,
  revision,
  stringList,
  tags,
  text,
  timestamp,
} from './contract/fields.js';
import { LIMITS } from './limits.js';
import { INCIDENT_SORTS, INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from './vocabulary.js';

/** Incidents: every request and response shape, defined once for REST, OpenAPI, MCP and the dashboard. */

export const SeveritySchema = named('Severity', z.enum(SEVERITIES));
export const IncidentTypeSchema = named('IncidentType', z.enum(INCIDENT_TYPES));
export const IncidentStatusSchema = named('IncidentStatus', z.enum(INCIDENT_STATUSES));
export const IncidentSortSchema = named('IncidentSort', z.enum(INCIDENT_SORTS));

const field = {
  title: text(LIMITS.titleMax, { description: 'Short summary of what is wrong.', example: 'API 서버 응답 지연' }, { nonBlank: true }),
  description: text(LIMITS.textMax, { description: 'What is happening: impact, first observations.' }),
  severity: oneOf(SEVERITIES, {
    description: 'critical: whole service down; high: major feature affected; medium: some features; low: minor.',
  }),
  incident_type: oneOf(INCIDENT_TYPES, { description: 'Kind of incident.' }),
  status: oneOf(INCIDENT_STATUSES, {
    description:
      'open → investigating → identified → monitoring → resolved; steps may be skipped, and from resolved any earlier status reopens it.',
  }),
  affected_services: stringList(LIMITS.servicesMax, LIMITS.serviceMax, {
    description: 'Services affected.',
    example: ['payment-api', 'checkout-service'],
  }),
  tags: tags(),
  environment_id: nullableText(LIMITS.nameMax, {
    description: 'Affected environment: its id or its unique name.',
    example: 'prod-env-123',
  }),
  deployment_id: nullableText(40, { description: 'Deployment suspected of causing it (dep-…).' }),
  impact: nullableText(LIMITS.textMax, {
    description: 'Who and what is affected, as the affected people would say it.',
    example: 'EU customers cannot pay; about 30% of checkouts fail',
  }),
  commander: nullableText(LIMITS.actorMax, { description: 'Who leads the response.' }),
  resolution_notes: nullableText(LIMITS.textMax, { description: 'How it was resolved.', example: '서버 용량 증설로 해결' }),
  root_cause: nullableText(LIMITS.textMax, { description: 'The root cause, once known.' }),
  public: bool({ description: 'Listed on the public status page (title, severity, status only; default false).' }),
};

/** The fields a person may set; status has lifecycle rules of its own. */
const editable = {
  title: field.title,
  description: field.description,
  severity: field.severity,
  incident_type: field.incident_type,
  affected_services: field.affected_services,
  tags: field.tags,
  environment_id: field.environment_id,
  deployment_id: field.deployment_id,
  impact: field.impact,
  commander: field.commander,
  resolution_notes: field.resolution_notes,
  root_cause: field.root_cause,
  public: field.public,
};
export const INCIDENT_EDITABLE_FIELDS = Object.keys(editable) as Array<keyof typeof editable>;

export const IncidentCreate = named(
  'IncidentCreate',
  z.strictObject({
    ...z.object(editable).partial().shape,
    title: field.title,
    severity: field.severity,
    incident_type: field.incident_type,
    status: field.status.optional().meta({ description: 'Defaults to open.' }),
  }),
);
export type IncidentCreate = z.infer<typeof IncidentCreate>;

export const IncidentUpdate = named(
  'IncidentUpdate',
  z
    .strictObject({ ...editable, status: field.status, revision: revision() })
    .partial()
    .meta({ description: 'Only the fields given change.' }),
);
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

export const IncidentNote = named(
  'IncidentNote',
  z.strictObject({
    note: text(LIMITS.textMax, { description: 'The note.', example: 'Connection pool exhausted on db-1; scaling up.' }, { nonBlank: true }),
  }),
);
export type IncidentNote = z.infer<typeof IncidentNote>;

export const IncidentQuery = z.strictObject({
  severity: field.severity.optional(),
  status: field.status.optional(),
  incident_type: field.incident_type.optional(),
  environment_id: text(LIMITS.nameMax, { description: 'Only incidents of this environment (id or name).' }).optional(),
  deployment_id: text(40, { description: 'Only incidents linked to this deployment.' }).optional(),
  tag: text(LIMITS.tagMax, { description: 'Only incidents with this tag.' }).optional(),
  search: text(LIMITS.searchMax, { description: 'Text to find in title or description.' }).optional(),
  sort_by: oneOf(INCIDENT_SORTS, {
    description: 'Order; default created_desc. severity = most severe first; status = lifecycle order.',
  }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

export const incidentId = () => recordId('Incident id, e.g. inc-3k9x0c2m8q4w (from create_incident or list_incidents).');

export const Incident = named(
  'Incident',
  z.object({
    id: z.string().meta({ example: 'inc-3k9x0c2m8q4wzzab' }),
    title: z.string(),
    description: z.string(),
    severity: SeveritySchema,
    incident_type: IncidentTypeSchema,
    status: IncidentStatusSchema,
    affected_services: z.array(z.string()),
    tags: z.array(z.string()),
    environment_id: nullableString(),
    deployment_id: nullableString(),
    impact: nullableString(),
    commander: nullableString(),
    resolution_notes: nullableString(),
    root_cause: nullableString(),
    public: z.boolean().meta({ description: 'Listed on the public status page.' }),
    revision: z.int().meta({ description: 'Increases with every change; send it back to refuse stale overwrites.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
    acknowledged_at: nullableTimestamp('First move out of open.'),
    resolved_at: nullableTimestamp(),
  }),
);
export type Incident = z.infer<typeof Incident>;

export const IncidentPage = named('IncidentPage', pageOf(Incident));

export const IncidentDetail = named('IncidentDetail', Incident.extend(TimelineWindow.shape));
export type IncidentDetail = z.infer<typeof IncidentDetail>;

const bySeverity = z.record(SeveritySchema, z.int());
const byStatus = z.record(IncidentStatusSchema, z.int());

export const IncidentStats = named(
  'IncidentStats',
  z.object({
    window: ResolvedWindow,
    total: count('Incidents created in the window.'),
    open_count: count('Incidents not resolved now, whenever created.'),
    by_severity: bySeverity,
    by_status: byStatus,
    open_by_severity: bySeverity.meta({ description: 'Unresolved incidents now, by severity.' }),
    mtta: DurationStats.meta({ description: 'Time to acknowledge, for incidents created in the window.' }),
    mttr: DurationStats.meta({ description: 'Time to resolve, for incidents resolved in the window.' }),
  }),
);
export type IncidentStats = z.infer<typeof IncidentStats>;
