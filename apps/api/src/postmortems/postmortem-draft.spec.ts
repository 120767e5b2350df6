import { describe, expect, it } from '@jest/globals';
import { POSTMORTEM_LIMITS } from '../contracts.js';
import { LIMITS, type IncidentDetail, type TimelineEntry } from '../domain.js';
import { buildDraft, type DraftSources } from './postmortem-draft.js';
import type { CheckPoint } from './postmortem.ports.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 10, minute)).toISOString();

function entry(id: number, minute: number, kind: string, message: string, data: TimelineEntry['data'] = null): TimelineEntry {
  return { id, kind, source: 'rest', actor: 'kim', message, changes: null, data, created_at: at(minute) };
}

function incident(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    id: 'inc-1',
    title: 'Checkout down',
    description: '',
    severity: 'critical',
    incident_type: 'outage',
    status: 'resolved',
    affected_services: [],
    tags: [],
    environment_id: 'env-1',
    deployment_id: null,
    impact: null,
    commander: null,
    resolution_notes: null,
    root_cause: null,
    revision: 3,
    created_at: at(0),
    updated_at: at(30),
    acknowledged_at: at(5),
    resolved_at: at(30),
    timeline: [entry(1, 0, 'created', 'Incident opened'), entry(2, 30, 'status_changed', 'Status open → resolved')],
    timeline_has_more: false,
    timeline_next_cursor: null,
    ...overrides,
  } as IncidentDetail;
}

const check = (minute: number, status: CheckPoint['status'], code = status === 'healthy' ? 200 : 503): CheckPoint => ({
  status,
  status_code: code,
  response_time_ms: 40 + minute,
  error_message: status === 'healthy' ? null : `HTTP ${code}`,
  checked_at: at(minute),
});

const sources = (overrides: Partial<DraftSources> = {}): DraftSources => ({
  incident: incident(),
  environment: { id: 'env-1', name: 'prod' },
  deployment: null,
  health: null,
  savedRevision: null,
  ...overrides,
});

describe('postmortem draft', () => {
  it('dates recovery from the first healthy check after the last failure, however the checks flapped', () => {
    const checks = [
      check(1, 'critical'),
      check(2, 'healthy'),
      check(3, 'warning', 429),
      check(4, 'critical'),
      check(5, 'healthy'),
      check(6, 'healthy'),
    ];
    const draft = buildDraft(
      sources({ health: { since: at(-30), until: at(30), before: check(-5, 'healthy'), checks, truncated: false } }),
    );
    expect(draft.evidence.health).toMatchObject({
      checks: 6,
      by_status: { healthy: 3, warning: 1, critical: 2, unknown: 0 },
      status_before: 'healthy',
      first_failure_at: at(1),
      recovered_at: at(5),
      max_response_time_ms: 46,
      errors: ['HTTP 503', 'HTTP 429'],
    });
    const health = draft.timeline_excerpt.filter((e) => e.kind === 'health').map((e) => e.message);
    expect(health).toEqual([
      'prod: healthy → critical: HTTP 503',
      'prod: critical → healthy, HTTP 200 in 42 ms',
      'prod: healthy → warning: HTTP 429',
      'prod: warning → critical: HTTP 503',
      'prod: critical → healthy, HTTP 200 in 45 ms',
    ]);
  });

  it('leaves out earlier postmortem saves, and over the limit keeps the lifecycle before notes, oldest first', () => {
    const notes = Array.from({ length: POSTMORTEM_LIMITS.excerptMax + 10 }, (_, i) => entry(10 + i, 1 + (i % 20), 'note', `note ${i}`));
    const draft = buildDraft(
      sources({
        incident: incident({
          timeline: [
            entry(1, 0, 'created', 'Incident opened'),
            ...notes,
            entry(500, 29, 'note', 'Postmortem saved (revision 1, 0 follow-ups)', { postmortem_revision: 1 }),
            entry(501, 30, 'status_changed', 'Status open → resolved'),
          ],
        }),
      }),
    );
    expect(draft.timeline_excerpt).toHaveLength(POSTMORTEM_LIMITS.excerptMax);
    expect(draft.timeline_excerpt[0]!.message).toBe('Incident opened');
    expect(draft.timeline_excerpt.at(-1)!.message).toBe('Status open → resolved');
    expect(draft.timeline_excerpt.map((e) => e.message)).not.toContain('Postmortem saved (revision 1, 0 follow-ups)');
    const times = draft.timeline_excerpt.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('cuts text a field could not take, so the draft saves as it is', () => {
    const draft = buildDraft(sources({ incident: incident({ description: 'x'.repeat(LIMITS.textMax) }) }));
    expect([...draft.summary].length).toBe(LIMITS.textMax);
    expect(draft.summary.endsWith('…')).toBe(true);
  });

  it('keeps a root cause a person already wrote on the incident, and otherwise leaves it open', () => {
    expect(buildDraft(sources()).root_cause).toBeNull();
    expect(buildDraft(sources({ incident: incident({ root_cause: 'Expired certificate' }) })).root_cause).toBe('Expired certificate');
  });
});
