import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  Incident,
  IncidentCreate,
  IncidentDetail,
  IncidentNote,
  IncidentQuery,
  IncidentStats,
  IncidentUpdate,
  StatsWindow,
  TimelineEntry,
  TimelineQuery,
  incidentId,
  pageOf,
} from '../contracts.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { IncidentsService } from './incidents.service.js';

/** Incident tools: the same service and the same contracts as /api/incidents. */
@Injectable()
export class IncidentsTools implements McpToolProvider {
  constructor(
    private readonly incidents: IncidentsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'create_incident',
        title: 'Create incident',
        description:
          'Open an incident as soon as a problem is noticed. Requires title, severity and incident_type; status defaults to open. Returns the incident with its id (use it with update_incident, add_incident_note, get_incident) and its timeline.',
        input: IncidentCreate.shape,
        output: IncidentDetail,
        annotations: WRITES,
        handler: async (args, { by }) => {
          const incident = await this.incidents.create(args, by);
          return { data: incident, summary: `Created ${incident.id}: [${incident.severity}] ${incident.title} (${incident.status})` };
        },
      }),
      defineTool({
        name: 'list_incidents',
        title: 'List incidents',
        description:
          'Find incidents, newest first unless sort_by says otherwise. All filters are optional and combine: severity, status, incident_type, environment_id (id or name), tag, search (text in title or description). Returns incidents (without timelines), total, has_more and next_cursor.',
        input: IncidentQuery.shape,
        output: pageOf(Incident, 'incidents'),
        annotations: READ_ONLY,
        handler: async (args) => pageReply('incidents', 'incident', await this.incidents.list(args)),
      }),
      defineTool({
        name: 'get_incident',
        title: 'Get incident',
        description:
          'Read one incident with every field and its timeline (status changes, edits, notes, with who and when): the newest entries; when timeline_has_more, older ones through list_incident_timeline.',
        input: { incident_id: incidentId() },
        output: IncidentDetail,
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
        name: 'list_incident_timeline',
        title: 'List incident timeline',
        description:
          "Page back through an incident's timeline when get_incident says timeline_has_more: pass its timeline_next_cursor as cursor, then each next_cursor. Entries are oldest first within a page; pages go back in time.",
        input: { incident_id: incidentId(), ...TimelineQuery.shape },
        output: pageOf(TimelineEntry, 'entries'),
        annotations: READ_ONLY,
        handler: async ({ incident_id, ...query }) =>
          pageReply('entries', 'timeline entry', await this.incidents.timelinePage(incident_id, query), ` of ${incident_id}`),
      }),
      defineTool({
        name: 'update_incident',
        title: 'Update incident',
        description:
          'Change status and/or any fields of an incident; only the fields given in `updates` change. To move the investigation along: updates {status: "investigating"}; to close: {status: "resolved", resolution_notes: "…"}. Every change is recorded on the timeline. Returns the updated incident with its timeline.',
        input: { incident_id: incidentId(), updates: IncidentUpdate.describe('The fields to change.') },
        output: IncidentDetail,
        annotations: WRITES,
        handler: async ({ incident_id, updates }, { by }) => {
          const incident = await this.incidents.update(incident_id, updates, by);
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
          status: IncidentUpdate.shape.status.unwrap(),
          note: IncidentNote.shape.note.optional().describe('Optional note recorded with the change.'),
          resolution_notes: IncidentUpdate.shape.resolution_notes,
        },
        output: IncidentDetail,
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
        description:
          'Record a finding, action or decision on the incident timeline without changing its fields. Returns the incident with its timeline.',
        input: { incident_id: incidentId(), ...IncidentNote.shape },
        output: IncidentDetail,
        annotations: WRITES,
        handler: async ({ incident_id, note }, { by }) => {
          const incident = await this.incidents.addNote(incident_id, note, by);
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
