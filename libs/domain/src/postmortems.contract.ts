import { z } from 'zod';
import {
  bool,
  count,
  cursor,
  limit,
  named,
  nullableNumber,
  nullableString,
  nullableText,
  nullableTimestamp,
  oneOf,
  pageOf,
  recordId,
  revision,
  stringList,
  text,
  timestamp,
  instant,
} from './contract/fields.js';
import { say } from './contract/messages.js';
import { LIMITS } from './limits.js';
import { FOLLOW_UP_STATUSES, HEALTH_STATUSES } from './vocabulary.js';

/** Postmortems of resolved incidents and their follow-up actions, defined once for REST, OpenAPI, MCP and the dashboard. */

export const POSTMORTEM_LIMITS = {
  contributingFactorsMax: 30,
  factorMax: 1_000,
  excerptMax: 100,
  excerptKindMax: 40,
  followUpsMax: 50,
  ownerMax: LIMITS.actorMax,
} as const;

const L = POSTMORTEM_LIMITS;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for YYYY-MM-DD naming a real calendar day (2025-02-30 is refused, not rolled over). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const calendarDate = (description: string) =>
  z
    .string()
    .refine((v) => DATE.test(v), { error: say('must be a date as YYYY-MM-DD, e.g. 2025-02-01') })
    .refine((v) => !DATE.test(v) || isCalendarDate(v), { error: say('is not a real calendar day') })
    .meta({ description, format: 'date', example: '2025-02-01' });

export const FollowUpStatusSchema = named('FollowUpStatus', z.enum(FOLLOW_UP_STATUSES));

export const FollowUpInput = named(
  'FollowUpInput',
  z.strictObject({
    id: recordId('Keep the id of a follow-up that was saved before (fu-…); leave it out for a new one.').optional(),
    title: text(LIMITS.titleMax, { description: 'What will be done.', example: 'Alert on connection-pool saturation' }, { nonBlank: true }),
    owner: text(L.ownerMax, { description: 'Who is responsible.', example: 'kim' }, { nonBlank: true }),
    due_date: calendarDate('When it is due (a date, UTC).'),
    status: oneOf(FOLLOW_UP_STATUSES, { description: 'open (default), in_progress or done.' }).optional(),
  }),
);
export type FollowUpInput = z.infer<typeof FollowUpInput>;

export const TimelineExcerptEntry = named(
  'PostmortemTimelineEntry',
  z.strictObject({
    at: instant({ description: 'When it happened.' }),
    kind: text(
      L.excerptKindMax,
      { description: 'What happened, e.g. created, status_changed, note, deployment, health.' },
      { nonBlank: true },
    ),
    actor: nullableText(LIMITS.actorMax, { description: 'Who, when known.' }).optional(),
    message: text(LIMITS.textMax, { description: 'What the entry says.' }, { nonBlank: true }),
  }),
);
export type TimelineExcerptEntry = z.infer<typeof TimelineExcerptEntry>;

const field = {
  summary: text(LIMITS.textMax, { description: 'What happened, in a few sentences.' }, { nonBlank: true }),
  impact: text(LIMITS.textMax, { description: 'Who and what was affected, and for how long.' }),
  root_cause: nullableText(LIMITS.textMax, { description: 'Why it happened, once understood (the draft leaves it for a person).' }),
  contributing_factors: stringList(L.contributingFactorsMax, L.factorMax, {
    description: 'What made it possible or worse.',
    example: ['Deployment v2.1.0 shortly before the outage'],
  }),
  timeline_excerpt: z
    .array(TimelineExcerptEntry)
    .max(L.excerptMax)
    .meta({
      description: `The moments that matter, oldest first (at most ${L.excerptMax}); copied, so later edits of the incident do not change them.`,
    }),
  follow_ups: z
    .array(FollowUpInput)
    .max(L.followUpsMax)
    .meta({ description: `Actions to prevent a repeat (at most ${L.followUpsMax}).` }),
};

export const PostmortemSave = named(
  'PostmortemSave',
  z.strictObject({
    summary: field.summary,
    impact: field.impact.optional(),
    root_cause: field.root_cause.optional(),
    contributing_factors: field.contributing_factors.optional(),
    timeline_excerpt: field.timeline_excerpt.optional(),
    follow_ups: field.follow_ups.optional(),
    revision: revision().optional().meta({
      description:
        'The revision you last read. Leave it out only for the first save; once a postmortem exists, saving without its current revision is refused (409).',
    }),
  }),
);
export type PostmortemSave = z.infer<typeof PostmortemSave>;

export const FollowUp = named(
  'FollowUp',
  z.object({
    id: z.string().meta({ example: 'fu-3k9x0c2m8q4wzzab' }),
    incident_id: z.string(),
    incident_title: z.string(),
    environment_id: nullableString('The incident’s environment when the postmortem was saved.'),
    title: z.string(),
    owner: z.string(),
    due_date: z.string().meta({ format: 'date' }),
    status: FollowUpStatusSchema,
    overdue: z.boolean().meta({ description: 'Not done and its due date has passed (UTC).' }),
    created_at: timestamp(),
    updated_at: timestamp(),
  }),
);
export type FollowUp = z.infer<typeof FollowUp>;

const postmortemFields = {
  incident_id: z.string(),
  summary: z.string(),
  impact: z.string(),
  root_cause: nullableString(),
  contributing_factors: z.array(z.string()),
  timeline_excerpt: z.array(z.object({ at: timestamp(), kind: z.string(), actor: nullableString(), message: z.string() })),
};

export const Postmortem = named(
  'Postmortem',
  z.object({
    id: z.string().meta({ example: 'pm-3k9x0c2m8q4wzzab' }),
    ...postmortemFields,
    follow_ups: z.array(FollowUp),
    revision: z.int().meta({ description: 'Increases with every save; send it back to refuse stale overwrites.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
    updated_by: nullableString('Who saved it last.'),
  }),
);
export type Postmortem = z.infer<typeof Postmortem>;

/** What the draft was built from, so a reader can judge it. */
export const PostmortemEvidence = z.object({
  incident: z.object({
    title: z.string(),
    severity: z.string(),
    incident_type: z.string(),
    created_at: timestamp(),
    acknowledged_at: nullableTimestamp(),
    resolved_at: nullableTimestamp(),
    duration_seconds: nullableNumber('From opening to resolution.'),
  }),
  environment: z.object({ id: z.string(), name: z.string() }).nullable(),
  deployment: z
    .object({
      id: z.string(),
      title: z.string(),
      version: z.string(),
      deployment_type: z.string(),
      status: z.string(),
      previous_version: nullableString(),
      started_at: nullableTimestamp(),
      completed_at: nullableTimestamp(),
      failure_reason: nullableString(),
      rollback_reason: nullableString(),
    })
    .nullable()
    .meta({ description: 'The deployment the incident is linked to (suspected cause), if any.' }),
  health: z
    .object({
      since: timestamp(),
      until: timestamp(),
      checks: count('Checks of the environment in the window.'),
      by_status: z.record(z.enum(HEALTH_STATUSES), z.int()),
      status_before: z.enum(HEALTH_STATUSES).meta({ description: 'Latest check before the window; unknown when none.' }),
      first_failure_at: nullableTimestamp('First warning or critical check in the window.'),
      recovered_at: nullableTimestamp('First healthy check after the last failing one.'),
      max_response_time_ms: nullableNumber(),
      errors: z.array(z.string()).meta({ description: 'Distinct error messages seen, most frequent first (at most 5).' }),
    })
    .nullable()
    .meta({ description: 'Health checks of the incident’s environment from shortly before it opened until it was resolved.' }),
});
export type PostmortemEvidence = z.infer<typeof PostmortemEvidence>;

export const PostmortemDraft = named(
  'PostmortemDraft',
  z.object({
    ...postmortemFields,
    follow_ups: z.array(FollowUpInput).meta({ description: 'Always empty in a draft: follow-ups are decided by people.' }),
    saved_revision: z.int().nullable().meta({ description: 'Revision of the postmortem already saved for this incident; null when none.' }),
    evidence: PostmortemEvidence,
  }),
);
export type PostmortemDraft = z.infer<typeof PostmortemDraft>;

export const FollowUpQuery = z.strictObject({
  status: oneOf(FOLLOW_UP_STATUSES, {
    description: 'Only follow-ups in this state; default: those not done (open and in_progress).',
  }).optional(),
  owner: text(L.ownerMax, { description: 'Only this owner’s follow-ups (exact name).' }, { nonBlank: true }).optional(),
  overdue: bool({ description: 'true: only those past their due date and not done; false: only those not overdue.' }).optional(),
  environment_id: text(
    LIMITS.nameMax,
    { description: 'Only follow-ups of incidents in this environment (id or name).' },
    { nonBlank: true },
  ).optional(),
  incident_id: recordId('Only this incident’s follow-ups.').optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type FollowUpQuery = z.infer<typeof FollowUpQuery>;

export const FollowUpPage = named(
  'FollowUpPage',
  pageOf(FollowUp).meta({ description: 'Follow-ups ordered by due date, earliest first.' }),
);
export type FollowUpPage = z.infer<typeof FollowUpPage>;
