import type { Incident, Postmortem } from '../domain.js';

/** A postmortem as a Markdown document, to paste into a wiki or attach to a ticket. */

/** One table cell: pipes escaped, line breaks kept as <br>. */
const cell = (value: string | null) => (value ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export function postmortemMarkdown(postmortem: Postmortem, incident: Incident, environmentName: string | null): string {
  const lines: string[] = [`# Postmortem: ${incident.title.replace(/\r?\n/g, ' ')}`, ''];
  const facts = [
    `Incident ${incident.id}`,
    `${incident.severity} ${incident.incident_type}`,
    ...(environmentName ? [`environment ${environmentName}`] : []),
    `opened ${incident.created_at}`,
    `resolved ${incident.resolved_at ?? '—'}`,
  ];
  lines.push(
    `${facts.join(' · ')}  `,
    `Revision ${postmortem.revision}, saved ${postmortem.updated_at}${postmortem.updated_by ? ` by ${postmortem.updated_by}` : ''}`,
    '',
  );
  lines.push('## Summary', '', postmortem.summary, '');
  lines.push('## Impact', '', postmortem.impact.trim() || '_Not described._', '');
  lines.push('## Root cause', '', postmortem.root_cause?.trim() || '_Not determined yet._', '');
  lines.push('## Contributing factors', '');
  if (postmortem.contributing_factors.length === 0) lines.push('_None recorded._');
  for (const factor of postmortem.contributing_factors) lines.push(`- ${factor.replace(/\r?\n/g, ' ')}`);
  lines.push('', '## Timeline', '');
  if (postmortem.timeline_excerpt.length === 0) lines.push('_No entries._');
  else {
    lines.push('| Time (UTC) | Event | Who | What |', '| --- | --- | --- | --- |');
    for (const e of postmortem.timeline_excerpt) lines.push(`| ${cell(e.at)} | ${cell(e.kind)} | ${cell(e.actor)} | ${cell(e.message)} |`);
  }
  lines.push('', '## Follow-up actions', '');
  if (postmortem.follow_ups.length === 0) lines.push('_None._');
  else {
    lines.push('| Action | Owner | Due | Status |', '| --- | --- | --- | --- |');
    for (const f of postmortem.follow_ups) {
      lines.push(`| ${cell(f.title)} | ${cell(f.owner)} | ${f.due_date} | ${f.status}${f.overdue ? ' (overdue)' : ''} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
