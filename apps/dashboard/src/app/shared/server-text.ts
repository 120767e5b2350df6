import type { HealthErrorKind, TimelineEntry, TimelineKind } from '@workflow-mcp/domain';
import type { Lang } from '../core/i18n/language';
import { VOCABULARY_MESSAGES } from './vocabulary.messages';

/**
 * Sentences the service writes, in the reader's language. The service stores English (REST and
 * MCP speak English), and every timeline entry carries its kind, changes and data; Korean is
 * written here from those. English readers get the stored message itself. Where an entry lacks a
 * fact a sentence needs (older entries), the stored message is shown: never a blank.
 */

type Data = Record<string, unknown>;
type Entry = Pick<TimelineEntry, 'kind' | 'message' | 'changes' | 'data'>;
/** A Korean sentence, or null when the entry lacks what it needs. */
type Render = (data: Data, entry: Entry) => string | null;

const VOCABULARY_KO: Record<string, string> = VOCABULARY_MESSAGES.ko;

/** A vocabulary value's Korean name, or the value itself. */
function name(group: string, value: unknown): string {
  return VOCABULARY_KO[`${group}.${String(value)}`] ?? String(value);
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function hostOf(url: unknown): string {
  try {
    return new URL(String(url)).host;
  } catch {
    return String(url ?? '');
  }
}

/** A number the English message states after `label`, e.g. "within 5000 ms" → 5000. */
function numberIn(message: string | null | undefined, pattern: RegExp): number | null {
  const match = message ? pattern.exec(message) : null;
  return match ? Number(match[1]) : null;
}

interface CheckFacts {
  status?: unknown;
  error_kind?: unknown;
  error_message?: unknown;
  status_code?: unknown;
  response_time_ms?: unknown;
  url?: unknown;
}
type ErrorRender = (check: CheckFacts, message: string | null) => string;

/** Why a check was not healthy, per error kind; a new kind is one line here. */
const CHECK_ERRORS_KO: Record<HealthErrorKind, ErrorRender> = {
  timeout: (_, message) => {
    const ms = numberIn(message, /within (\d+) ms/);
    return ms === null ? '제한 시간 안에 응답이 없습니다' : `${ms} ms 안에 응답이 없습니다`;
  },
  refused: (check) => `${hostOf(check.url)}에서 연결을 거부했습니다 (수신 대기 중인 서비스 없음)`,
  dns: (check) => `${hostOf(check.url).replace(/:\d+$/, '')}의 DNS 조회에 실패했습니다`,
  tls: () => 'TLS 연결에 실패했습니다',
  unexpected_status: (check, message) => {
    const expected = numberIn(message, /expected (\d+)/);
    const code = num(check.status_code);
    return expected === null
      ? `예상하지 않은 상태 ${code ?? '?'}(으)로 응답했습니다`
      : `${code ?? '?'}(으)로 응답했습니다 (기대: ${expected})`;
  },
  network: () => '요청이 실패했습니다 (네트워크 오류)',
  body_condition: () => '응답 본문이 검사 조건을 만족하지 않습니다',
  certificate_expired: () => '인증서가 만료되었거나 아직 유효하지 않습니다',
  certificate_expiring: (_, message) => {
    const days = numberIn(message, /, (\d+) days left/);
    return days === null ? '인증서 만료일이 가까워졌습니다' : `인증서가 ${days}일 뒤 만료됩니다`;
  },
  certificate_untrusted: () => '신뢰할 수 없는 인증서입니다',
  dns_answer: () => 'DNS 응답에 기대한 값이 없습니다',
};

/**
 * A check's error in the reader's language: from its error kind (and status code, response time,
 * URL); a slow answer has no error kind, only a time. Null when the check has nothing to explain.
 */
export function checkErrorText(check: CheckFacts, lang: Lang): string | null {
  const message = str(check.error_message);
  if (lang !== 'ko') return message;
  const kind = str(check.error_kind);
  if (kind) {
    const render = (CHECK_ERRORS_KO as Record<string, ErrorRender | undefined>)[kind];
    return render ? render(check, message) : message;
  }
  // A healthy TLS check still says how long its certificate lasts.
  const certificateDays = check.status === 'healthy' ? numberIn(message, /^certificate valid until \S+, (\d+) days left/) : null;
  if (certificateDays !== null) return `인증서 유효 (${certificateDays}일 남음)`;
  const ms = num(check.response_time_ms);
  if (message && check.status === 'warning' && ms !== null) {
    const threshold = numberIn(message, /than the (\d+) ms threshold/);
    return threshold === null ? `${ms} ms 걸려 느립니다` : `${ms} ms 걸려 기준(${threshold} ms)보다 느립니다`;
  }
  return message;
}

/** "위험: …" or "정상, 200 (45 ms)": one check, as a timeline sentence says it. */
function checkSentenceKo(check: CheckFacts): string {
  const error = checkErrorText(check, 'ko');
  const status = name('health', check.status);
  if (error) return `${status}: ${error}`;
  return `${status}, ${num(check.status_code) ?? '?'} (${num(check.response_time_ms) ?? '?'} ms)`;
}

function minutesKo(minutes: number): string {
  if (minutes < 1) return '1분 미만';
  return minutes < 60 ? `${minutes}분` : `${Math.floor(minutes / 60)}시간 ${minutes % 60}분`;
}

/** Notes the service writes itself carry `data.event`; a person's note is shown as written. */
const SYSTEM_NOTES_KO: Record<string, Render> = {
  postmortem_saved: (d) =>
    num(d['postmortem_revision']) === null
      ? null
      : `포스트모템 저장 (리비전 ${d['postmortem_revision']}, 후속 조치 ${num(d['follow_ups']) ?? '?'}개)`,
  critical_again: (d) =>
    str(d['environment_name']) &&
    `다시 위험: ${d['environment_name']} 헬스 체크가 ${num(d['consecutive_critical']) ?? '?'}회 연속 실패했습니다. 최근: ${checkSentenceKo(d)}`,
  checks_linked: (d) =>
    str(d['environment_name']) &&
    `이 인시던트에 연결된 헬스 체크: ${d['environment_name']}이(가) ${num(d['consecutive_critical']) ?? '?'}회 연속 실패했습니다. 최근: ${checkSentenceKo(d)}`,
  recovered: (d) => {
    if (!str(d['environment_name'])) return null;
    const minutes = num(d['failing_minutes']);
    const after = minutes === null ? '' : ` (${minutesKo(minutes)} 동안 실패한 뒤)`;
    return `헬스 체크 복구${after}: ${d['environment_name']} ${checkSentenceKo(d)}. 담당자가 확인하고 해결할 때까지 인시던트는 열려 있습니다.`;
  },
};

/** One Korean sentence per timeline kind the service writes; a new kind is one line here. */
const TIMELINE_KO: Record<TimelineKind, Render> = {
  created: (d) => {
    if (str(d['version']) && str(d['environment_name'])) {
      const type = d['deployment_type'] ? ` (${name('deploymentType', d['deployment_type'])})` : '';
      return `${d['environment_name']}에 ${d['version']}${type} 배포를 계획했습니다`;
    }
    if (str(d['severity']) && str(d['incident_type'])) {
      return `인시던트 등록 (${name('severity', d['severity'])} ${name('incidentType', d['incident_type'])}, 상태 ${name('incidentStatus', d['status'])})`;
    }
    return null;
  },
  updated: (_, entry) => {
    const fields = Object.keys(entry.changes ?? {});
    return fields.length ? `변경한 항목: ${fields.join(', ')}` : null;
  },
  status_changed: (_, entry) => {
    const change = entry.changes?.['status'];
    return change ? `상태 ${statusName(change.from)} → ${statusName(change.to)}` : null;
  },
  reopened: (_, entry) => {
    const change = entry.changes?.['status'];
    return change ? `다시 열림: ${statusName(change.from)} → ${statusName(change.to)}` : null;
  },
  note: (d, entry) => {
    const event = str(d['event']);
    return event ? (SYSTEM_NOTES_KO[event]?.(d, entry) ?? null) : null;
  },
  executed: (d) =>
    str(d['environment_name']) &&
    `${d['environment_name']}에 ${d['version']} 배포를 시작했습니다; ${d['deploy_hook'] ? '배포 훅을 호출합니다' : 'API로 진행 상황을 보고하세요'}`,
  progress: (d) => {
    const percentage = num(d['percentage']);
    if (percentage === null) return null;
    return `진행률 ${percentage}%${str(d['message']) ? `: ${d['message']}` : ''}`;
  },
  completed: (d) => {
    if (!str(d['environment_name'])) return null;
    const previous = str(d['previous_version']);
    const was = previous && previous !== d['version'] ? ` (이전: ${previous})` : '';
    const notes = str(d['notes']) ? `. 메모: ${d['notes']}` : '';
    return `완료: ${d['environment_name']}에서 이제 ${d['version']}이(가) 실행됩니다${was}${notes}`;
  },
  failed: (d) => (str(d['reason']) ? `실패: ${d['reason']}` : null),
  rolled_back: (d) => str(d['rolled_back_to']) && `${d['rolled_back_to']}(으)로 롤백했습니다${str(d['reason']) ? `: ${d['reason']}` : ''}`,
  health_check: (d) => {
    if (d['status'] === null || d['status'] === undefined) {
      return str(d['health_check_url']) && str(d['environment_name'])
        ? `배포 후 헬스 체크 없음: health_check_url ${d['health_check_url']}은(는) 경로인데 ${d['environment_name']}에 붙일 URL이 없습니다`
        : null;
    }
    return `배포 후 헬스 체크: ${checkSentenceKo(d)}${str(d['url']) ? ` (${d['url']})` : ''}`;
  },
  hook_called: (d) => (num(d['status']) === null ? null : `배포 훅이 ${d['status']}(으)로 응답했습니다`),
  hook_failed: (d) => {
    if (num(d['status']) !== null) return `배포 훅이 ${d['status']}(으)로 응답했습니다; 파이프라인이 시작되지 않았을 수 있습니다`;
    return str(d['error']) ? `배포 훅을 호출할 수 없습니다: ${d['error']}` : null;
  },
};

/** A status's Korean name, incident or deployment alike. */
function statusName(value: unknown): string {
  return VOCABULARY_KO[`incidentStatus.${String(value)}`] ?? name('deploymentStatus', value);
}

/** The kinds with a Korean sentence: every kind the service writes (the spec checks). */
export const TIMELINE_KINDS_RENDERED = Object.keys(TIMELINE_KO) as TimelineKind[];

/** An entry's message in the reader's language; the stored message when there is no better one. */
export function timelineText(entry: Entry, lang: Lang): string {
  if (lang !== 'ko') return entry.message;
  const render = (TIMELINE_KO as Record<string, Render | undefined>)[entry.kind];
  const text = render?.(entry.data ?? {}, entry);
  return typeof text === 'string' && text !== '' ? text : entry.message;
}

/** A note a person wrote (shown as a quote), as opposed to one the service wrote. */
export function isPersonNote(entry: Entry): boolean {
  return entry.kind === 'note' && !str(entry.data?.['event']);
}
