import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  IncidentCreate,
  IncidentDetail,
  IncidentNote,
  IncidentQuery,
  IncidentStats,
  IncidentStatusSchema,
  IncidentUpdate,
  SeveritySchema,
  StatsWindow,
  TimelineQuery,
  incidentId,
} from '../contracts.js';
import type { Incident } from '../domain.js';
import {
  DESTRUCTIVE,
  READ_ONLY,
  TIMELINE_COLUMNS,
  WRITES,
  age,
  defineTool,
  isDetailed,
  listReply,
  responseFormat,
  timelineRow,
  withoutEmpty,
  type McpToolProvider,
  type ToolDefinition,
} from '../mcp/mcp-tool.js';
import { Clock } from '../common/clock.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { IncidentLinks } from './incident.ports.js';
import { IncidentsService } from './incidents.service.js';

const INCIDENT_COLUMNS = ['id', 'title', 'severity', 'status', 'environment', 'age'] as const;
/** How many of the newest timeline entries a concise incident shows. */
const CONCISE_TIMELINE = 5;

/** What every incident reply holds in both formats. */
const IncidentKeyFields = z.looseObject({ id: z.string(), title: z.string(), severity: SeveritySchema, status: IncidentStatusSchema });

/** Incident tools: the same service and the same contracts as /api/incidents. */
@Injectable()
export class IncidentsTools implements McpToolProvider {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
    private readonly links: IncidentLinks,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
    registry.addResource({
      name: 'incident',
      title: 'Incident',
      description: 'An incident with its newest timeline entries.',
      toolset: 'incidents',
      uriTemplate: 'incident://{incident_id}',
      variable: 'incident_id',
      read: (id) => this.incidents.get(id),
    });
  }

  /** The environment names of these incidents, by environment id. */
  private async names(incidents: Array<Pick<Incident, 'environment_id'>>): Promise<Map<string, string>> {
    return this.links.environmentNames(incidents.flatMap((i) => (i.environment_id ? [i.environment_id] : [])));
  }

  /** An incident as an assistant reads it first: every field that is set, the environment by name, the last few timeline entries. */
  private async concise(incident: IncidentDetail) {
    const { timeline, timeline_has_more, timeline_next_cursor: _cursor, ...fields } = incident;
    const names = await this.names([incident]);
    const recent = timeline.slice(-CONCISE_TIMELINE);
    return {
      ...withoutEmpty({ ...fields, environment: incident.environment_id ? (names.get(incident.environment_id) ?? null) : null }),
      timeline_columns: TIMELINE_COLUMNS,
      timeline: recent.map(timelineRow),
      ...(timeline_has_more || timeline.length > recent.length ? { timeline_more: true } : {}),
    };
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_incident',
        title: 'Create incident',
        description: 'Open an incident when a problem is noticed. Returns it with its id.',
        toolset: 'incidents',
        input: IncidentCreate.shape,
        brief: { impact: 'Who and what is affected.', description: 'Impact, first observations.' },
        annotations: WRITES,
        handler: async (args, { by }) => {
          const incident = await this.incidents.create(args, by);
          return { data: incident, summary: `Created ${incident.id}: [${incident.severity}] ${incident.title} (${incident.status})` };
        },
      }),
      defineTool({
        name: 'list_incidents',
        title: 'List incidents',
        description: 'Find incidents, newest first; filters combine. search matches title and description.',
        toolset: 'incidents',
        input: { ...IncidentQuery.shape, ...responseFormat },
        brief: {
          severity: null,
          status: null,
          incident_type: null,
          environment_id: 'id or name',
          deployment_id: null,
          tag: null,
          search: null,
          sort_by: 'Default created_desc.',
        },
        annotations: READ_ONLY,
        handler: async ({ response_format, ...query }) => {
          const page = await this.incidents.list(query);
          const names = await this.names(page.items);
          const now = Date.parse(this.clock.now());
          return listReply(isDetailed({ response_format }), 'incidents', 'incident', page, INCIDENT_COLUMNS, (i) => [
            i.id,
            i.title,
            i.severity,
            i.status,
            i.environment_id ? (names.get(i.environment_id) ?? i.environment_id) : null,
            age(i.created_at, now),
          ]);
        },
      }),
      defineTool({
        name: 'get_incident',
        title: 'Get incident',
        description: 'One incident with its newest timeline entries (detailed: every field and up to 1000 entries).',
        toolset: 'incidents',
        input: { incident_id: incidentId(), ...responseFormat },
        output: IncidentKeyFields,
        annotations: READ_ONLY,
        handler: async ({ incident_id, response_format }) => {
          const incident = await this.incidents.get(incident_id);
          return {
            data: isDetailed({ response_format }) ? incident : await this.concise(incident),
            summary: `${incident.id}: [${incident.severity}] ${incident.title} — ${incident.status}`,
          };
        },
      }),
      defineTool({
        name: 'list_incident_timeline',
        title: 'List incident timeline',
        description: "Older timeline entries: pass get_incident's timeline_next_cursor as cursor. Oldest first within a page.",
        toolset: 'incidents',
        input: { incident_id: incidentId(), ...TimelineQuery.shape, ...responseFormat },
        brief: { cursor: 'timeline_next_cursor, then each next_cursor.', limit: null },
        annotations: READ_ONLY,
        handler: async ({ incident_id, response_format, ...query }) =>
          listReply(
            isDetailed({ response_format }),
            'entries',
            'timeline entry',
            await this.incidents.timelinePage(incident_id, query),
            TIMELINE_COLUMNS,
            timelineRow,
            ` of ${incident_id}`,
          ),
      }),
      defineTool({
        name: 'update_incident',
        title: 'Update incident',
        description: 'Change fields of an incident (only those in updates), status included. Recorded on its timeline.',
        toolset: 'incidents',
        input: {
          incident_id: incidentId(),
          updates: IncidentUpdate.describe('Fields to change, as in create_incident, plus status and revision.'),
        },
        annotations: WRITES,
        handler: async ({ incident_id, updates }, { by }) => {
          const incident = await this.incidents.update(incident_id, updates, by);
          return { data: incident, summary: `Updated ${incident.id}: ${incident.status}, revision ${incident.revision}` };
        },
      }),
      defineTool({
        name: 'update_incident_status',
        title: 'Update incident status',
        description: 'Move an incident along its lifecycle, optionally with a timeline note. From resolved, an earlier status reopens it.',
        toolset: 'incidents',
        input: {
          incident_id: incidentId(),
          status: IncidentUpdate.shape.status.unwrap(),
          note: IncidentNote.shape.note.optional().describe('Recorded with the change.'),
          resolution_notes: IncidentUpdate.shape.resolution_notes,
        },
        annotations: WRITES,
        handler: async ({ incident_id, status, note, resolution_notes }, { by }) => {
          let incident = await this.incidents.update(
            incident_id,
            resolution_notes === undefined ? { status } : { status, resolution_notes },
            by,
          );
          if (note !== undefined) incident = await this.incidents.addNote(incident_id, note, by);
          return { data: incident, summary: `${incident.id} is now ${incident.status}` };
        },
      }),
      defineTool({
        name: 'add_incident_note',
        title: 'Add incident note',
        description: 'Record a finding, action or decision on the incident timeline.',
        toolset: 'incidents',
        input: { incident_id: incidentId(), ...IncidentNote.shape },
        annotations: WRITES,
        handler: async ({ incident_id, note }, { by }) => {
          const incident = await this.incidents.addNote(incident_id, note, by);
          return { data: incident, summary: `Note added to ${incident.id}` };
        },
      }),
      defineTool({
        name: 'delete_incident',
        role: 'admin',
        title: 'Delete incident',
        description: 'Delete an incident and its timeline for good; for duplicates and mistakes (otherwise resolve it).',
        toolset: 'incidents',
        input: { incident_id: incidentId() },
        annotations: DESTRUCTIVE,
        handler: async ({ incident_id }, { by }) => {
          await this.incidents.remove(incident_id, by);
          return { data: { deleted: true, incident_id }, summary: `Deleted ${incident_id}` };
        },
      }),
      defineTool({
        name: 'get_incident_stats',
        title: 'Incident statistics',
        description: 'Counts by severity and status, open now, MTTA and MTTR (median, p90, seconds) over a window (default 30 days).',
        toolset: 'incidents',
        input: StatsWindow.shape,
        output: IncidentStats,
        annotations: READ_ONLY,
        handler: async (args) => {
          const stats = await this.incidents.stats(args);
          return {
            data: stats,
            summary: `${stats.total} incident(s) in window, ${stats.open_count} open now; MTTR median ${stats.mttr.median_seconds ?? '–'} s`,
          };
        },
      }),
    ];
  }
}
