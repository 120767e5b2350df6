import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { FollowUpQuery, PostmortemSave, incidentId } from '../contracts.js';
import type { Postmortem } from '../domain.js';
import {
  READ_ONLY,
  WRITES,
  defineTool,
  isDetailed,
  listReply,
  responseFormat,
  withoutEmpty,
  type McpToolProvider,
  type ToolDefinition,
} from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { PostmortemsService } from './postmortems.service.js';

const FOLLOW_UP_COLUMNS = ['id', 'title', 'owner', 'due_date', 'status', 'overdue', 'incident_id'] as const;
const followUpRow = (f: Postmortem['follow_ups'][number]) => [f.id, f.title, f.owner, f.due_date, f.status, f.overdue, f.incident_id];

/** What every postmortem reply holds in both formats. */
const PostmortemKeyFields = z.looseObject({ incident_id: z.string(), revision: z.int(), summary: z.string() });
const DraftKeyFields = z.looseObject({
  incident_id: z.string(),
  summary: z.string(),
  contributing_factors: z.array(z.string()),
  saved_revision: z.int().nullable(),
});

/** Postmortem tools: the same service and contracts as /api/incidents/{id}/postmortem and /api/postmortems/follow-ups. */
@Injectable()
export class PostmortemsTools implements McpToolProvider {
  constructor(
    private readonly postmortems: PostmortemsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  /** A postmortem as an assistant reads it first: the prose, the factors, follow-ups as a table, the excerpt's length. */
  private concise(p: Postmortem) {
    const { follow_ups, timeline_excerpt, id: _id, created_at: _created, ...rest } = p;
    return {
      ...withoutEmpty(rest),
      timeline_entries: timeline_excerpt.length,
      follow_up_columns: FOLLOW_UP_COLUMNS,
      follow_ups: follow_ups.map(followUpRow),
    };
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'get_postmortem_draft',
        title: 'Draft postmortem',
        description:
          'Draft a postmortem for a resolved incident from its timeline, linked deployment and health checks (evidence shows the sources). root_cause is left for a person; nothing is saved. Edit it, then save_postmortem.',
        toolset: 'postmortems',
        input: { incident_id: incidentId() },
        output: DraftKeyFields,
        annotations: READ_ONLY,
        handler: async ({ incident_id }) => {
          const draft = await this.postmortems.draft(incident_id);
          const saved = draft.saved_revision === null ? 'none saved yet' : `revision ${draft.saved_revision} already saved`;
          return {
            data: draft,
            summary: `Draft for ${incident_id}: ${draft.contributing_factors.length} factor(s), ${draft.timeline_excerpt.length} timeline entries; ${saved}`,
          };
        },
      }),
      defineTool({
        name: 'save_postmortem',
        title: 'Save postmortem',
        description:
          'Save the postmortem of a resolved incident (one per incident). First save: no revision; later saves: the revision you read (stale is refused). Fields left out keep their value; follow_ups, when given, replace the list (keep each id).',
        toolset: 'postmortems',
        input: { incident_id: incidentId(), ...PostmortemSave.shape },
        brief: {
          summary: 'What happened.',
          impact: 'Who/what was affected, how long.',
          root_cause: 'Why it happened.',
          contributing_factors: null,
          timeline_excerpt: 'Entries {at, kind, actor, message}, e.g. from the draft.',
          follow_ups: 'Actions {id?, title, owner, due_date YYYY-MM-DD, status?}.',
          revision: 'Omit on first save; then the revision read.',
        },
        annotations: WRITES,
        handler: async ({ incident_id, ...dto }, { by }) => {
          const saved = await this.postmortems.save(incident_id, dto, by);
          return {
            data: saved,
            summary: `Saved postmortem of ${incident_id}: revision ${saved.revision}, ${saved.follow_ups.length} follow-up(s)`,
          };
        },
      }),
      defineTool({
        name: 'get_postmortem',
        title: 'Get postmortem',
        description: 'The saved postmortem of an incident with its follow-ups (detailed: every field and the timeline excerpt).',
        toolset: 'postmortems',
        input: { incident_id: incidentId(), ...responseFormat },
        output: PostmortemKeyFields,
        annotations: READ_ONLY,
        handler: async ({ incident_id, response_format }) => {
          const postmortem = await this.postmortems.get(incident_id);
          const open = postmortem.follow_ups.filter((f) => f.status !== 'done').length;
          return {
            data: isDetailed({ response_format }) ? postmortem : this.concise(postmortem),
            summary: `Postmortem of ${incident_id}, revision ${postmortem.revision}: ${open} of ${postmortem.follow_ups.length} follow-up(s) not done`,
          };
        },
      }),
      defineTool({
        name: 'list_follow_ups',
        title: 'List follow-ups',
        description:
          'Postmortem follow-up actions across incidents, earliest due first; by default those not done. Filter by status, owner, overdue, environment.',
        toolset: 'postmortems',
        input: { ...FollowUpQuery.shape, ...responseFormat },
        brief: { owner: null, overdue: 'true: past due and not done.', environment_id: 'id or name', incident_id: null },
        annotations: READ_ONLY,
        handler: async ({ response_format, ...query }) =>
          listReply(
            isDetailed({ response_format }),
            'follow_ups',
            'follow-up',
            await this.postmortems.listFollowUps(query),
            FOLLOW_UP_COLUMNS,
            followUpRow,
          ),
      }),
    ];
  }
}
