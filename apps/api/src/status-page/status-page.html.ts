import { createHash } from 'node:crypto';
import type { HealthStatus, PublicStatus, UptimeDay } from '../domain.js';
import { formatPercent } from './badges.js';
import type { StatusPageMessages } from './status-page.messages.js';

/** The page's only style sheet, inline so the page needs nothing else; allowed by its hash, not by 'unsafe-inline'. */
const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--up:#1a7f37;--up2:#6cc644;--warn:#9a6700;--down:#cf222e;--none:#c8ced5}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--none:#3d444d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Noto Sans KR",sans-serif}
main{max-width:52rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.15rem;margin:2rem 0 .75rem}
h3{font-size:1rem;margin:0}
a{color:inherit}
.banner{border-radius:.5rem;padding:.9rem 1rem;font-weight:600;color:#fff;margin:1rem 0}
.banner.healthy{background:var(--up)}.banner.warning{background:var(--warn)}.banner.critical{background:var(--down)}.banner.unknown{background:var(--muted)}
.card{border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem;background:var(--card)}
.row{display:flex;justify-content:space-between;align-items:baseline;gap:.5rem;flex-wrap:wrap}
.state{font-weight:600}.state.healthy{color:var(--up)}.state.warning{color:var(--warn)}.state.critical{color:var(--down)}.state.unknown{color:var(--muted)}
.bars{display:flex;gap:1px;height:2rem;margin:.75rem 0 .25rem}
.bar{flex:1 1 0;min-width:0;border-radius:1px;background:var(--none)}
.bar.up{background:var(--up)}.bar.mostly{background:var(--up2)}.bar.partly{background:var(--warn)}.bar.down{background:var(--down)}
.scale,.muted{color:var(--muted);font-size:.85rem}
.scale{display:flex;justify-content:space-between}
.tag{display:inline-block;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;font-size:.8rem;margin-right:.25rem}
ul{padding-left:1.2rem;margin:.5rem 0 0}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.85rem;display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
`;

/** What /status may load: its own inline style (by hash) and nothing else. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 2026-12-03 07:05 UTC: the same for every reader, with no script to localise it. */
function when(iso: string): string {
  return `<time datetime="${htmlEscape(iso)}">${htmlEscape(iso.slice(0, 16).replace('T', ' '))} UTC</time>`;
}

function barClass(day: UptimeDay): string {
  if (day.uptime === null) return 'none';
  if (day.uptime >= 99.9) return 'up';
  if (day.uptime >= 99) return 'mostly';
  if (day.uptime >= 95) return 'partly';
  return 'down';
}

function state(status: HealthStatus, t: StatusPageMessages): string {
  return `<span class="state ${status}">${htmlEscape(t.status[status])}</span>`;
}

function environments(status: PublicStatus, t: StatusPageMessages): string {
  if (status.environments.length === 0) return `<p>${htmlEscape(t.noEnvironments)}</p>`;
  return status.environments
    .map((e) => {
      const days = e.days.length;
      const bars = e.days
        .map((d) => {
          const label = htmlEscape(t.bar(d.date, d.uptime === null ? null : formatPercent(d.uptime), d.checks));
          return `<span class="bar ${barClass(d)}" role="img" aria-label="${label}" title="${label}"></span>`;
        })
        .join('');
      const uptime = e.uptime === null ? t.uptimeNone : t.uptimeOver(`${formatPercent(e.uptime)}%`, days);
      return `<section class="card" aria-labelledby="env-${htmlEscape(e.id)}">
<div class="row"><h3 id="env-${htmlEscape(e.id)}">${htmlEscape(e.name)}</h3><div>${state(e.status, t)}${
        e.status_since ? ` <span class="muted">${t.since(when(e.status_since))}</span>` : ''
      }</div></div>
<div class="bars" role="group" aria-label="${htmlEscape(t.barsLabel(e.name, days))}">${bars}</div>
<div class="scale"><span>${htmlEscape(t.daysAgo(days))}</span><span>${htmlEscape(uptime)}</span><span>${htmlEscape(t.today)}</span></div>
</section>`;
    })
    .join('\n');
}

function incidents(status: PublicStatus, t: StatusPageMessages): string {
  if (status.incidents.length === 0) return `<p>${htmlEscape(t.noIncidents)}</p>`;
  return status.incidents
    .map(
      (i) => `<article class="card">
<div class="row"><h3>${htmlEscape(i.title)}</h3><span><span class="tag">${htmlEscape(t.severity[i.severity])}</span><span class="tag">${htmlEscape(
        t.incidentStatus[i.status],
      )}</span></span></div>
<p class="muted">${htmlEscape(t.started)} ${when(i.started_at)}${i.environment ? ` · ${htmlEscape(t.affects)} ${htmlEscape(i.environment)}` : ''}</p>
<ul aria-label="${htmlEscape(t.updates)}">${[...i.updates]
        .reverse()
        .map((u) => `<li>${when(u.at)}: ${htmlEscape(t.incidentStatus[u.status])}</li>`)
        .join('')}</ul>
</article>`,
    )
    .join('\n');
}

function maintenance(status: PublicStatus, t: StatusPageMessages): string {
  if (status.maintenance.length === 0) return `<p>${htmlEscape(t.noMaintenance)}</p>`;
  return status.maintenance
    .map((w) => {
      const recurring = w.kind === 'weekly' ? ` · ${htmlEscape(t.weekly(w.days.map((d) => t.weekdays[d]).join(', ')))}` : '';
      return `<article class="card"><div class="row"><h3>${htmlEscape(w.environment)}</h3><span class="tag">${htmlEscape(
        w.active ? t.inProgress : t.scheduled,
      )}</span></div>
<p class="muted">${when(w.starts_at)} – ${when(w.ends_at)}${recurring}</p></article>`;
    })
    .join('\n');
}

/** The whole page, one self-contained document: no scripts, no other files. */
export function renderStatusPage(status: PublicStatus, t: StatusPageMessages): string {
  const other = t.otherLanguage;
  return `<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(t.title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${htmlEscape(t.title)}</h1><a href="?lang=${other.lang}" hreflang="${other.lang}" lang="${other.lang}">${htmlEscape(other.label)}</a></header>
<p class="banner ${status.status}" role="status">${htmlEscape(status.environments.length === 0 ? t.noEnvironments : t.overall[status.status])}</p>
<section aria-labelledby="h-environments"><h2 id="h-environments">${htmlEscape(t.environments)}</h2>
${environments(status, t)}
</section>
<section aria-labelledby="h-incidents"><h2 id="h-incidents">${htmlEscape(t.incidents)}</h2>
${incidents(status, t)}
</section>
<section aria-labelledby="h-maintenance"><h2 id="h-maintenance">${htmlEscape(t.maintenance)}</h2>
${maintenance(status, t)}
</section>
<footer><span>${htmlEscape(t.updated)} ${when(status.generated_at)}</span><a href="/api/public/status">${htmlEscape(t.json)}</a></footer>
</main>
</body>
</html>
`;
}
