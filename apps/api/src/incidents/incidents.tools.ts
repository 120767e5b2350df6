import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { validateAs } from '../common/validation.js';
import { INCIDENT_SORTS, INCIDENT_STATUSES, INCIDENT_TYPES, LIMITS, SEVERITIES } from '../domain.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { optionalize } from '../mcp/optionalize.js';
import {
  cursor,
  incidentDetailSchema,
  incidentSchema,
  instant,
  limit,
  list,
  oneOf,
  orNull,
  pageSchema,
  revision,
  tags,
  text,
} from '../mcp/tool-schemas.js';
import { AddNoteDto, CreateIncidentDto, ListIncidentsQuery, StatsWindowQuery, UpdateIncidentDto } from './dto/incident.dto.js';
import { IncidentsService } from './incidents.service.js';

const incidentId = () => text(40, 'Incident id, e.g. inc-3k9x0c2m8q4w (from create_incident or list_incidents).');

const fields = {
  title: text(LIMITS.titleMax, 'Short summary of what is wrong.'),
  description: text(LIMITS.textMax, 'What is happening, impact, first observations.'),
  severity: oneOf(SEVERITIES, 'critical: whole service down; high: major feature affected; medium: some features; low: minor.'),
  incident_type: oneOf(INCIDENT_TYPES, 'outage, performance, security, data or deployment.'),
  affected_services: list(LIMITS.servicesMax, LIMITS.serviceMax, 'Services affected, e.g. ["payment-api"].'),
  tags: tags(),
  environment_id: orNull(text(LIMITS.nameMax, 'Affected environment: its id or its unique name.')),
  deployment_id: orNull(text(40, 'Deployment suspected of causing it (dep-…).')),
  commander: orNull(text(LIMITS.actorMax, 'Who leads the response.')),
  resolution_notes: orNull(text(LIMITS.textMax, 'How it was resolved.')),
  root_cause: orNull(text(LIMITS.textMax, 'The root cause, once known.')),
};

const statusField = oneOf(
  INCIDENT_STATUSES,
  'open → investigating → identified → monitoring → resolved; steps may be skipped, and from resolved any earlier status reopens it.',
);

const incidentStatsSchema = z.object({
  window: z.object({ since: z.string(), until: z.string() }),
  total: z.number(),
  open_count: z.number(),
  by_severity: z.record(z.string(), z.number()),
  by_status: z.record(z.string(), z.number()),
  open_by_severity: z.record(z.string(), z.number()),
  mtta: z.object({ count: z.number(), median_seconds: z.number().nullable(), p90_seconds: z.number().nullable() }),
  mttr: z.object({ count: z.number(), median_seconds: z.number().nullable(), p90_seconds: z.number().nullable() }),
});

/** Incident tools: the same service and request rules as /api/incidents. */
@Injectable()
export class IncidentsTools implements McpToolProvider {
  constructor(private readonly incidents: IncidentsService) {}

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_incident',
        title: 'Create incident',
        description:
          'Open an incident as soon as a problem is noticed. Requires title, severity and incident_type; status defaults to open. Returns the incident with its id (use it with update_incident, add_incident_note, get_incident) and its timeline.',
        input: {
          title: fields.title,
          severity: fields.severity,
          incident_type: fields.incident_type,
          status: statusField.optional(),
          ...optionalize(fields, [
            'description',
            'affected_services',
            'tags',
            'environment_id',
            'deployment_id',
            'commander',
            'resolution_notes',
            'root_cause',
          ]),
        },
        output: incidentDetailSchema,
        annotations: WRITES,
        handler: async (args, { by }) => {
          const incident = await this.incidents.create(await validateAs(CreateIncidentDto, args), by);
          return { data: incident, summary: `Created ${incident.id}: [${incident.severity}] ${incident.title} (${incident.status})` };
        },
      }),
      defineTool({
        name: 'list_incidents',
        title: 'List incidents',
        description:
          'Find incidents, newest first unless sort_by says otherwise. All filters are optional and combine: severity, status, incident_type, environment_id (id or name), tag, search (text in title or description). Returns incidents (without timelines), total, has_more and next_cursor.',
        input: {
          severity: fields.severity.optional(),
          status: statusField.optional(),
          incident_type: fields.incident_type.optional(),
          environment_id: text(LIMITS.nameMax, 'Only incidents of this environment (id or name).').optional(),
          deployment_id: text(40, 'Only incidents linked to this deployment.').optional(),
          tag: text(LIMITS.tagMax, 'Only incidents with this tag.').optional(),
          search: text(LIMITS.searchMax, 'Text to find in title or description.').optional(),
          sort_by: oneOf(INCIDENT_SORTS, 'Order; default created_desc. severity = most severe first; status = lifecycle order.').optional(),
          limit: limit().optional(),
          cursor: cursor().optional(),
        },
        output: pageSchema('incidents', incidentSchema),
        annotations: READ_ONLY,
        handler: async (args) => {
          const page = await this.incidents.list(await validateAs(ListIncidentsQuery, args));
          const { items, ...rest } = page;
          return {
            data: { incidents: items, ...rest },
            summary: `${items.length} of ${page.total} incident(s)${page.has_more ? '; more with cursor=next_cursor' : ''}`,
          };
        },
      }),
      defineTool({
        name: 'get_incident',
        title: 'Get incident',
        description: 'Read one incident with every field and its full timeline (status changes, edits, notes, with who and when).',
        input: { incident_id: incidentId() },
        output: incidentDetailSchema,
        annotations: READ_ONLY,
        handler: async ({ incident_id }) => {
          const incident = await this.incidents.get(incident_id);
          return {
            data: incident,
            summary: `${incident.id}: [${incident.severity}] ${incident.title} — ${incident.status}, ${incident.timeline.length} timeline entries`,
          };
        },
      }),
      defineTool({
        name: 'update_incident',
        title: 'Update incident',
        description:
          'Change status and/or any fields of an incident; only the fields given in `updates` change. To move the investigation along: updates {status: "investigating"}; to close: {status: "resolved", resolution_notes: "…"}. Every change is recorded on the timeline. Returns the updated incident with its timeline.',
        input: {
          incident_id: incidentId(),
          updates: z
            .strictObject({
              ...optionalize(fields, Object.keys(fields) as Array<keyof typeof fields>),
              status: statusField.optional(),
              revision: revision().optional(),
            })
            .describe('The fields to change.'),
        },
        output: incidentDetailSchema,
        annotations: WRITES,
        handler: async ({ incident_id, updates }, { by }) => {
          const incident = await this.incidents.update(incident_id, await validateAs(UpdateIncidentDto, updates), by);
          return { data: incident, summary: `Updated ${incident.id}: ${incident.status}, revision ${incident.revision}` };
        },
      }),
      defineTool({
        name: 'update_incident_status',
        title: 'Update incident status',
        description:
          'Move an incident through its lifecycle in one step, optionally with a note on the timeline (e.g. what was found). Same rules as update_incident: forward moves, skipping allowed; from resolved, an earlier status reopens it. Returns the incident with its timeline.',
        input: {
          incident_id: incidentId(),
          status: statusField,
          note: text(LIMITS.textMax, 'Optional note recorded with the change.').optional(),
          resolution_notes: fields.resolution_notes.optional(),
        },
        output: incidentDetailSchema,
        annotations: WRITES,
        handler: async ({ incident_id, status, note, resolution_notes }, { by }) => {
          const dto = await validateAs(UpdateIncidentDto, resolution_notes === undefined ? { status } : { status, resolution_notes });
          const noteDto = note === undefined ? null : await validateAs(AddNoteDto, { note });
          let incident = await this.incidents.update(incident_id, dto, by);
          if (noteDto) incident = await this.incidents.addNote(incident_id, noteDto.note, by);
          return { data: incident, summary: `${incident.id} is now ${incident.status}` };
        },
      }),
      defineTool({
        name: 'add_incident_note',
        title: 'Add incident note',
        description:
          'Record a finding, action or decision on the incident timeline without changing its fields. Returns the incident with its timeline.',
        input: { incident_id: incidentId(), note: text(LIMITS.textMax, 'The note.') },
        output: incidentDetailSchema,
        annotations: WRITES,
        handler: async ({ incident_id, note }, { by }) => {
          const dto = await validateAs(AddNoteDto, { note });
          const incident = await this.incidents.addNote(incident_id, dto.note, by);
          return { data: incident, summary: `Note added to ${incident.id}` };
        },
      }),
      defineTool({
        name: 'delete_incident',
        title: 'Delete incident',
        description: 'Permanently delete an incident and its timeline. Prefer resolving it: deletion is for duplicates and mistakes.',
        input: { incident_id: incidentId() },
        output: z.object({ deleted: z.boolean(), incident_id: z.string() }),
        annotations: DESTRUCTIVE,
        handler: async ({ incident_id }, { by }) => {
          await this.incidents.remove(incident_id, by);
          return { data: { deleted: true, incident_id }, summary: `Deleted ${incident_id}` };
        },
      }),
      defineTool({
        name: 'get_incident_stats',
        title: 'Incident statistics',
        description:
          'Counts by severity and status, how many are open now, and time to acknowledge (MTTA) and to resolve (MTTR) as median and p90 in seconds, over a window (default: the last 30 days).',
        input: { since: instant('Start of the window.').optional(), until: instant('End of the window (default now).').optional() },
        output: incidentStatsSchema,
        annotations: READ_ONLY,
        handler: async (args) => {
          const stats = await this.incidents.stats(await validateAs(StatsWindowQuery, args));
          return {
            data: stats,
            summary: `${stats.total} incident(s) in window, ${stats.open_count} open now; MTTR median ${stats.mttr.median_seconds ?? '–'} s`,
          };
        },
      }),
    ];
  }
}
