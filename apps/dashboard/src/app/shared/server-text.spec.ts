import { HEALTH_ERROR_KINDS, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '@workflow-mcp/domain';
import { TIMELINE_KINDS_RENDERED, checkErrorText, isPersonNote, timelineText } from './server-text';

type Entry = Pick<TimelineEntry, 'kind' | 'message' | 'changes' | 'data'>;
const HANGUL = /[\uac00-\ud7a3]/;

const check = {
  status: 'critical',
  status_code: null,
  response_time_ms: null,
  error_kind: 'refused',
  error_message: 'connection refused by api.example.com:8443 (nothing listening)',
  url: 'https://api.example.com:8443/health',
};

/** Entries as the service writes them (see the timeline writers in apps/api), one or more per kind. */
const SAMPLES: Record<TimelineKind, Entry[]> = {
  created: [
    {
      kind: 'created',
      message: 'Incident opened (critical outage, status open)',
      changes: null,
      data: { severity: 'critical', incident_type: 'outage', status: 'open' },
    },
    {
      kind: 'created',
      message: 'Planned v2.4.1 (canary) to prod-env-123',
      changes: null,
      data: { environment_id: 'env-1', environment_name: 'prod-env-123', version: 'v2.4.1', deployment_type: 'canary', scheduled_at: null },
    },
  ],
  updated: [
    {
      kind: 'updated',
      message: 'Changed title, tags',
      changes: { title: { from: 'a', to: 'b' }, tags: { from: [], to: ['x'] } },
      data: null,
    },
  ],
  status_changed: [
    {
      kind: 'status_changed',
      message: 'Status open → investigating',
      changes: { status: { from: 'open', to: 'investigating' } },
      data: null,
    },
  ],
  reopened: [{ kind: 'reopened', message: 'Reopened: resolved → open', changes: { status: { from: 'resolved', to: 'open' } }, data: null }],
  note: [
    {
      kind: 'note',
      message:
        'Critical again: prod failed 3 health checks in a row since 2025-01-10T10:00:00.000Z. Latest: critical: connection refused by api.example.com:8443 (nothing listening) (https://api.example.com:8443/health).',
      changes: null,
      data: {
        event: 'critical_again',
        environment_name: 'prod',
        consecutive_critical: 3,
        critical_since: '2025-01-10T10:00:00.000Z',
        check_id: 7,
        ...check,
      },
    },
    {
      kind: 'note',
      message: 'Health checks linked to this incident: prod failed 3 health checks in a row since …',
      changes: null,
      data: { event: 'checks_linked', environment_name: 'prod', consecutive_critical: 3, check_id: 7, ...check },
    },
    {
      kind: 'note',
      message: 'Health checks recovered after 1 h 5 min of failures: prod is healthy, 200 in 45 ms at …',
      changes: null,
      data: {
        event: 'recovered',
        environment_name: 'prod',
        failing_minutes: 65,
        status: 'healthy',
        status_code: 200,
        response_time_ms: 45,
        error_kind: null,
        error_message: null,
      },
    },
    {
      kind: 'note',
      message: 'Postmortem saved (revision 2, 3 follow-ups)',
      changes: null,
      data: { postmortem_revision: 2, event: 'postmortem_saved', follow_ups: 3 },
    },
  ],
  executed: [
    {
      kind: 'executed',
      message: 'Started deploying v2 to prod; calling the deploy hook',
      changes: { status: { from: 'planned', to: 'in_progress' } },
      data: { environment_id: 'env-1', environment_name: 'prod', version: 'v2', previous_version: 'v1', deploy_hook: true },
    },
  ],
  progress: [{ kind: 'progress', message: 'Progress 40%: migrating', changes: null, data: { percentage: 40, message: 'migrating' } }],
  completed: [
    {
      kind: 'completed',
      message: 'Completed: prod now runs v2 (was v1)',
      changes: { status: { from: 'in_progress', to: 'completed' } },
      data: { environment_id: 'env-1', environment_name: 'prod', version: 'v2', previous_version: 'v1', notes: null },
    },
  ],
  failed: [{ kind: 'failed', message: 'Failed: smoke tests red', changes: null, data: { reason: 'smoke tests red' } }],
  rolled_back: [
    {
      kind: 'rolled_back',
      message: 'Rolled back to v1: errors',
      changes: null,
      data: { environment_id: 'env-1', rolled_back_to: 'v1', deployment_version: 'v2', reason: 'errors' },
    },
  ],
  health_check: [
    {
      kind: 'health_check',
      message: 'Health check after deployment: warning: answered 404, expected 200 (http://x/health)',
      changes: null,
      data: {
        check_id: 1,
        status: 'warning',
        status_code: 404,
        response_time_ms: 12,
        error_kind: 'unexpected_status',
        url: 'http://x/health',
      },
    },
    {
      kind: 'health_check',
      message: 'No health check after deployment: health_check_url /health is a path and prod has no url to join it to',
      changes: null,
      data: { status: null, url: null, health_check_url: '/health', environment_name: 'prod' },
    },
  ],
  hook_called: [{ kind: 'hook_called', message: 'Deploy hook answered 202', changes: null, data: { status: 202 } }],
  hook_failed: [
    { kind: 'hook_failed', message: 'Deploy hook answered 500; the pipeline may not have started', changes: null, data: { status: 500 } },
    {
      kind: 'hook_failed',
      message: 'Deploy hook could not be called: connection refused',
      changes: null,
      data: { error: 'connection refused' },
    },
  ],
};

describe('server text: what the service wrote, in the reader’s language', () => {
  it('has a Korean sentence for every timeline kind the service writes', () => {
    expect([...TIMELINE_KINDS_RENDERED].sort()).toEqual([...TIMELINE_KINDS].sort());
    for (const kind of TIMELINE_KINDS) {
      expect(SAMPLES[kind]?.length).toBeGreaterThan(0);
      for (const entry of SAMPLES[kind]) {
        const text = timelineText(entry, 'ko');
        expect({ kind, text, hangul: HANGUL.test(text) }).toEqual({ kind, text, hangul: true });
        expect(text).not.toBe(entry.message);
      }
    }
  });

  it('writes the entry’s facts into the sentence', () => {
    expect(timelineText(SAMPLES.status_changed[0]!, 'ko')).toBe('상태 신규 접수 → 조사 중');
    expect(timelineText(SAMPLES.created[1]!, 'ko')).toContain('prod-env-123');
    expect(timelineText(SAMPLES.created[1]!, 'ko')).toContain('v2.4.1');
    expect(timelineText(SAMPLES.note[0]!, 'ko')).toContain('3회 연속');
    expect(timelineText(SAMPLES.note[0]!, 'ko')).toContain('api.example.com:8443에서 연결을 거부했습니다');
    expect(timelineText(SAMPLES.note[2]!, 'ko')).toContain('1시간 5분');
    const quick = { ...SAMPLES.note[2]!, data: { ...SAMPLES.note[2]!.data, failing_minutes: 0 } };
    expect(timelineText(quick, 'ko')).toContain('(1분 미만 동안 실패한 뒤)');
    expect(timelineText(SAMPLES.progress[0]!, 'ko')).toBe('진행률 40%: migrating');
    expect(timelineText(SAMPLES.note[3]!, 'ko')).toBe('포스트모템 저장 (리비전 2, 후속 조치 3개)');
  });

  it('gives English readers the stored message, and falls back to it where Korean lacks a fact', () => {
    for (const kind of TIMELINE_KINDS) for (const entry of SAMPLES[kind]) expect(timelineText(entry, 'en')).toBe(entry.message);
    const older = {
      kind: 'executed',
      message: 'Started deploying v2 to prod; calling the deploy hook',
      changes: null,
      data: { version: 'v2' },
    };
    expect(timelineText(older, 'ko')).toBe(older.message);
    const unknown = { kind: 'postmortem_saved', message: 'Postmortem saved', changes: null, data: null };
    expect(timelineText(unknown, 'ko')).toBe('Postmortem saved');
  });

  it('shows a person’s note as written, and the service’s notes as sentences', () => {
    const note = { kind: 'note', message: 'Rolled back by hand', changes: null, data: null };
    expect(isPersonNote(note)).toBe(true);
    expect(timelineText(note, 'ko')).toBe('Rolled back by hand');
    expect(isPersonNote(SAMPLES.note[0]!)).toBe(false);
  });

  it('has Korean for every check error kind, with the facts of the check', () => {
    for (const kind of HEALTH_ERROR_KINDS) {
      const text = checkErrorText({ ...check, error_kind: kind, status_code: 503, error_message: 'English text' }, 'ko');
      expect({ kind, hangul: HANGUL.test(text ?? '') }).toEqual({ kind, hangul: true });
    }
    expect(checkErrorText({ error_kind: 'timeout', error_message: 'no answer within 5000 ms' }, 'ko')).toBe('5000 ms 안에 응답이 없습니다');
    expect(checkErrorText({ error_kind: 'unexpected_status', status_code: 503, error_message: 'answered 503, expected 200' }, 'ko')).toBe(
      '503(으)로 응답했습니다 (기대: 200)',
    );
    expect(
      checkErrorText(
        {
          status: 'warning',
          error_kind: null,
          response_time_ms: 1800,
          error_message: 'answered 200 in 1800 ms, slower than the 1000 ms threshold',
        },
        'ko',
      ),
    ).toBe('1800 ms 걸려 기준(1000 ms)보다 느립니다');
    expect(checkErrorText({ ...check, error_kind: 'keyword_missing' }, 'ko')).toBe(check.error_message);
    expect(checkErrorText(check, 'en')).toBe(check.error_message);
    expect(checkErrorText({ status: 'healthy', error_kind: null, error_message: null }, 'ko')).toBeNull();
  });
});
