import type { ChannelKind, DeliveryEventType, NotificationLanguage } from '../domain.js';

/**
 * What a notification says, built from the event body stored in the outbox, in the channel's
 * language, then shaped for each kind of receiver (Slack Block Kit, Teams Adaptive Card, Discord
 * embed, email).
 */

/** The Standard Webhooks body a webhook channel receives; the other kinds are rendered from it. */
export interface EventBody {
  type: DeliveryEventType;
  timestamp: string;
  data: {
    /** The dashboard page of the subject. */
    url: string;
    environment: { id: string; name: string; environment_type: string } | null;
    incident?: { id: string; title: string; severity: string; status: string; previous_status?: string | null; tags: string[] };
    deployment?: { id: string; title: string; version: string; status: string; failure_reason?: string | null; tags: string[] };
    health?: { from: string | null; to: string };
    channel?: { id: string; name: string };
  };
}

export interface Message {
  title: string;
  lines: string[];
  link: { label: string; url: string };
  /** good / warning / danger, for the receiver's colour bar. */
  tone: 'good' | 'warning' | 'danger' | 'info';
}

const WORDS = {
  en: {
    open: 'Open in dashboard',
    environment: 'Environment',
    severity: 'Severity',
    status: 'Status',
    version: 'Version',
    reason: 'Reason',
    incidentOpened: (t: string) => `Incident opened: ${t}`,
    incidentStatus: (t: string, s: string) => `Incident ${t} is now ${s}`,
    incidentResolved: (t: string) => `Incident resolved: ${t}`,
    deploymentStarted: (t: string, v: string) => `Deployment started: ${t} (${v})`,
    deploymentCompleted: (t: string, v: string) => `Deployment completed: ${t} (${v})`,
    deploymentFailed: (t: string, v: string) => `Deployment failed: ${t} (${v})`,
    deploymentRolledBack: (t: string, v: string) => `Deployment rolled back: ${t} (${v})`,
    health: (e: string, from: string, to: string) => `${e} health: ${from} → ${to}`,
    test: (c: string) => `Test message: channel "${c}" is set up correctly`,
    testLine: 'Sent from the notification settings. No action needed.',
  },
  ko: {
    open: '대시보드에서 열기',
    environment: '환경',
    severity: '심각도',
    status: '상태',
    version: '버전',
    reason: '사유',
    incidentOpened: (t: string) => `인시던트 발생: ${t}`,
    incidentStatus: (t: string, s: string) => `인시던트 ${t} 상태 변경: ${s}`,
    incidentResolved: (t: string) => `인시던트 해결됨: ${t}`,
    deploymentStarted: (t: string, v: string) => `배포 시작: ${t} (${v})`,
    deploymentCompleted: (t: string, v: string) => `배포 완료: ${t} (${v})`,
    deploymentFailed: (t: string, v: string) => `배포 실패: ${t} (${v})`,
    deploymentRolledBack: (t: string, v: string) => `배포 롤백됨: ${t} (${v})`,
    health: (e: string, from: string, to: string) => `${e} 상태: ${from} → ${to}`,
    test: (c: string) => `테스트 메시지: "${c}" 채널이 올바르게 설정되었습니다`,
    testLine: '알림 설정에서 보낸 메시지입니다. 조치할 필요가 없습니다.',
  },
} as const;

export function messageFor(body: EventBody, language: NotificationLanguage): Message {
  const w = WORDS[language];
  const { data } = body;
  const lines: string[] = [];
  if (data.environment) lines.push(`${w.environment}: ${data.environment.name} (${data.environment.environment_type})`);
  const link = { label: w.open, url: data.url };
  const inc = data.incident;
  const dep = data.deployment;
  switch (body.type) {
    case 'incident.opened':
    case 'incident.status_changed':
    case 'incident.resolved': {
      lines.push(
        `${w.severity}: ${inc?.severity}`,
        `${w.status}: ${inc?.previous_status ? `${inc.previous_status} → ` : ''}${inc?.status}`,
      );
      const title = inc?.title ?? '';
      const text =
        body.type === 'incident.opened'
          ? w.incidentOpened(title)
          : body.type === 'incident.resolved'
            ? w.incidentResolved(title)
            : w.incidentStatus(title, inc?.status ?? '');
      const tone =
        body.type === 'incident.resolved' ? 'good' : inc?.severity === 'critical' || inc?.severity === 'high' ? 'danger' : 'warning';
      return { title: text, lines, link, tone };
    }
    case 'deployment.started':
    case 'deployment.completed':
    case 'deployment.failed':
    case 'deployment.rolled_back': {
      const t = dep?.title ?? '';
      const v = dep?.version ?? '';
      const say = {
        'deployment.started': w.deploymentStarted,
        'deployment.completed': w.deploymentCompleted,
        'deployment.failed': w.deploymentFailed,
        'deployment.rolled_back': w.deploymentRolledBack,
      }[body.type];
      if (dep?.failure_reason) lines.push(`${w.reason}: ${dep.failure_reason}`);
      const tone = body.type === 'deployment.completed' ? 'good' : body.type === 'deployment.started' ? 'info' : 'danger';
      return { title: say(t, v), lines, link, tone };
    }
    case 'health.changed': {
      const to = data.health?.to ?? '';
      const tone = to === 'healthy' ? 'good' : to === 'warning' ? 'warning' : 'danger';
      return { title: w.health(data.environment?.name ?? '', data.health?.from ?? '?', to), lines, link, tone };
    }
    case 'test':
      return { title: w.test(data.channel?.name ?? ''), lines: [w.testLine], link, tone: 'info' };
  }
}

const COLOURS = { good: 0x2e7d32, warning: 0xf9a825, danger: 0xc62828, info: 0x1565c0 } as const;
const hex = (n: number) => `#${n.toString(16).padStart(6, '0')}`;

/** The JSON a chat receiver takes. */
export function chatPayload(kind: Exclude<ChannelKind, 'webhook' | 'email'>, message: Message): object {
  const text = [message.title, ...message.lines].join('\n');
  switch (kind) {
    case 'slack':
      return {
        text: message.title,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150), emoji: true } },
          ...(message.lines.length ? [{ type: 'section', text: { type: 'mrkdwn', text: message.lines.join('\n') } }] : []),
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: message.link.label }, url: message.link.url }],
          },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
                ...message.lines.map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'Small' })),
              ],
              actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }],
            },
          },
        ],
      };
    case 'discord':
      return {
        content: message.title.slice(0, 2000),
        embeds: [
          {
            title: message.title.slice(0, 256),
            description: [...message.lines, `[${message.link.label}](${message.link.url})`].join('\n').slice(0, 4096),
            url: message.link.url,
            color: COLOURS[message.tone],
          },
        ],
        allowed_mentions: { parse: [] },
      };
    default:
      return { text };
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function emailContent(message: Message): { subject: string; text: string; html: string } {
  const text = [message.title, '', ...message.lines, '', `${message.link.label}: ${message.link.url}`].join('\n');
  const html = [
    `<div style="border-left:4px solid ${hex(COLOURS[message.tone])};padding-left:12px;font-family:sans-serif">`,
    `<h2 style="margin:0 0 8px">${escapeHtml(message.title)}</h2>`,
    ...message.lines.map((line) => `<p style="margin:2px 0">${escapeHtml(line)}</p>`),
    `<p style="margin-top:12px"><a href="${escapeHtml(message.link.url)}">${escapeHtml(message.link.label)}</a></p>`,
    '</div>',
  ].join('\n');
  return { subject: message.title, text, html };
}
