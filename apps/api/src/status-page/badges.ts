import type { HealthStatus } from '../domain.js';

/** Shields-style flat badges: a grey label on the left, a coloured value on the right. */

const COLORS = {
  green: '#4c1',
  yellowgreen: '#97ca00',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  grey: '#9f9f9f',
} as const;

const STATUS_BADGE: Record<HealthStatus, { text: string; color: string }> = {
  healthy: { text: 'operational', color: COLORS.green },
  warning: { text: 'degraded', color: COLORS.yellow },
  critical: { text: 'outage', color: COLORS.red },
  unknown: { text: 'unknown', color: COLORS.grey },
};

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Approximate width of text in 11px Verdana, as shields.io lays it out; wide (e.g. Hangul) characters count double. */
function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code > 0x2e80) width += 11;
    else if (/[ilj.,:;|!'`]/.test(c)) width += 3.5;
    else if (/[mwMW@%]/.test(c)) width += 10;
    else if (/[A-Z0-9]/.test(c)) width += 7.5;
    else width += 6.5;
  }
  return Math.ceil(width);
}

/** Labels longer than this are cut, so a long name cannot make a huge image. */
const LABEL_MAX = 40;

export function badge(label: string, value: string, color: string): string {
  const shown = [...label].length > LABEL_MAX ? `${[...label].slice(0, LABEL_MAX - 1).join('')}…` : label;
  const lw = textWidth(shown) + 10;
  const vw = textWidth(value) + 10;
  const w = lw + vw;
  const l = xmlEscape(shown);
  const v = xmlEscape(value);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${v}">` +
    `<title>${l}: ${v}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/>` +
    `<rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>` +
    `<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${v}</text><text x="${lw + vw / 2}" y="14">${v}</text></g></svg>`
  );
}

export function statusBadge(name: string, status: HealthStatus): string {
  const { text, color } = STATUS_BADGE[status];
  return badge(name, text, color);
}

export function uptimeBadge(name: string, days: number, uptime: number | null): string {
  const label = `${name} uptime ${days}d`;
  if (uptime === null) return badge(label, 'no data', COLORS.grey);
  const color =
    uptime >= 99.9
      ? COLORS.green
      : uptime >= 99
        ? COLORS.yellowgreen
        : uptime >= 95
          ? COLORS.yellow
          : uptime >= 90
            ? COLORS.orange
            : COLORS.red;
  return badge(label, `${formatPercent(uptime)}%`, color);
}

/** 100, 99.95, 98.2: at most two decimals, never rounded up to 100 when checks failed. */
export function formatPercent(value: number): string {
  const floored = Math.floor(value * 100) / 100;
  return String(floored);
}
