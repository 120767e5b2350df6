import type { HealthStatus, IncidentStatus, Severity, StatusPageLanguage, Weekday } from '../domain.js';

/** Every word the public page shows, in English and Korean. */
export interface StatusPageMessages {
  lang: StatusPageLanguage;
  title: string;
  overall: Record<HealthStatus, string>;
  noEnvironments: string;
  environments: string;
  status: Record<HealthStatus, string>;
  /** `time` is already markup. */
  since: (time: string) => string;
  uptimeOver: (uptime: string, days: number) => string;
  uptimeNone: string;
  barsLabel: (name: string, days: number) => string;
  bar: (date: string, uptime: string | null, checks: number) => string;
  daysAgo: (days: number) => string;
  today: string;
  incidents: string;
  noIncidents: string;
  severity: Record<Severity, string>;
  incidentStatus: Record<IncidentStatus, string>;
  started: string;
  affects: string;
  updates: string;
  maintenance: string;
  noMaintenance: string;
  inProgress: string;
  scheduled: string;
  weekly: (days: string) => string;
  weekdays: Record<Weekday, string>;
  updated: string;
  json: string;
  otherLanguage: { lang: StatusPageLanguage; label: string };
}

const en: StatusPageMessages = {
  lang: 'en',
  title: 'System status',
  overall: {
    healthy: 'All systems operational',
    warning: 'Some systems are degraded',
    critical: 'Some systems are down',
    unknown: 'Status unknown',
  },
  noEnvironments: 'Nothing is published on this page yet.',
  environments: 'Systems',
  status: { healthy: 'Operational', warning: 'Degraded', critical: 'Outage', unknown: 'Unknown' },
  since: (time) => `since ${time}`,
  uptimeOver: (uptime, days) => `${uptime} uptime over ${days} days`,
  uptimeNone: 'no uptime data yet',
  barsLabel: (name, days) => `${name}: uptime per day, last ${days} days`,
  bar: (date, uptime, checks) => (uptime === null ? `${date}: no data` : `${date}: ${uptime}% uptime, ${checks} checks`),
  daysAgo: (days) => `${days} days ago`,
  today: 'Today',
  incidents: 'Open incidents',
  noIncidents: 'No open incidents.',
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' },
  incidentStatus: {
    open: 'Open',
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
  },
  started: 'Started',
  affects: 'Affects',
  updates: 'Updates',
  maintenance: 'Maintenance',
  noMaintenance: 'No maintenance scheduled.',
  inProgress: 'In progress',
  scheduled: 'Scheduled',
  weekly: (days) => `Every week on ${days}`,
  weekdays: { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' },
  updated: 'Updated',
  json: 'This page as JSON',
  otherLanguage: { lang: 'ko', label: '한국어' },
};

const ko: StatusPageMessages = {
  lang: 'ko',
  title: '시스템 상태',
  overall: {
    healthy: '모든 시스템 정상',
    warning: '일부 시스템 성능 저하',
    critical: '일부 시스템 장애',
    unknown: '상태 알 수 없음',
  },
  noEnvironments: '아직 이 페이지에 공개된 시스템이 없습니다.',
  environments: '시스템',
  status: { healthy: '정상', warning: '성능 저하', critical: '장애', unknown: '알 수 없음' },
  since: (time) => `${time}부터`,
  uptimeOver: (uptime, days) => `${days}일 가동률 ${uptime}`,
  uptimeNone: '가동률 데이터 없음',
  barsLabel: (name, days) => `${name}: 최근 ${days}일 일별 가동률`,
  bar: (date, uptime, checks) => (uptime === null ? `${date}: 데이터 없음` : `${date}: 가동률 ${uptime}%, 점검 ${checks}회`),
  daysAgo: (days) => `${days}일 전`,
  today: '오늘',
  incidents: '진행 중인 장애',
  noIncidents: '진행 중인 장애가 없습니다.',
  severity: { critical: '심각', high: '높음', medium: '보통', low: '낮음' },
  incidentStatus: {
    open: '접수',
    investigating: '조사 중',
    identified: '원인 파악',
    monitoring: '모니터링',
    resolved: '해결됨',
  },
  started: '시작',
  affects: '영향',
  updates: '진행 상황',
  maintenance: '점검',
  noMaintenance: '예정된 점검이 없습니다.',
  inProgress: '진행 중',
  scheduled: '예정',
  weekly: (days) => `매주 ${days}`,
  weekdays: { sun: '일', mon: '월', tue: '화', wed: '수', thu: '목', fri: '금', sat: '토' },
  updated: '갱신',
  json: '이 페이지의 JSON',
  otherLanguage: { lang: 'en', label: 'English' },
};

export const STATUS_PAGE_MESSAGES: Record<StatusPageLanguage, StatusPageMessages> = { en, ko };

/** The language a reader asked for: ?lang first, then the first of English or Korean in Accept-Language by weight. */
export function pageLanguage(lang: StatusPageLanguage | undefined, acceptLanguage: string | undefined): StatusPageLanguage {
  if (lang) return lang;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.split('-')[0]!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => (t.base === 'en' || t.base === 'ko') && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return wanted[0]?.base === 'ko' ? 'ko' : 'en';
}
