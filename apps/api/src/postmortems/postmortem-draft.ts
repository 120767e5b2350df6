import {
  LIMITS,
  type Deployment,
  type HealthStatus,
  type IncidentDetail,
  type PostmortemDraft,
  type PostmortemEvidence,
} from '../domain.js';
import { POSTMORTEM_LIMITS } from '../contracts.js';
import type { StoredExcerptEntry } from './postmortem.entities.js';
import type { CheckPoint } from './postmortem.ports.js';

/**
 * How a draft postmortem is written from what the service recorded: the incident and its timeline,
 * the deployment it is linked to, and the health checks of its environment. It states facts only;
 * the root cause is left to a person (unless one was already written on the incident).
 */

/** How long before the incident opened its environment's checks are read: a failure often starts before anyone notices. */
export const HEALTH_LEAD_MS = 30 * 60_000;
/** Checks read for one draft at most (about a day at a 30-second interval). */
export const HEALTH_CHECKS_MAX = 5_000;

export interface DraftSources {
  incident: IncidentDetail;
  environment: { id: string; name: string } | null;
  deployment: Deployment | null;
  health: { since: string; until: string; before: CheckPoint | null; checks: CheckPoint[]; truncated: boolean } | null;
  savedRevision: number | null;
}

/** Timeline entries that record a postmortem save carry this key in their data; a draft leaves them out. */
export const POSTMORTEM_MARK = 'postmortem_revision';

const LIFECYCLE_KINDS = new Set(['created', 'status_changed', 'reopened', 'deployment', 'health']);

/** Drafts must save as they are: text longer than a field takes is cut, visibly. */
const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

export function duration(seconds: number | null): string {
  if (seconds === null) return 'an unknown time';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

function describe(check: CheckPoint): string {
  if (check.error_message) return `${check.status}: ${check.error_message}`;
  return `${check.status}, HTTP ${check.status_code} in ${check.response_time_ms} ms`;
}

export function healthEvidence(sources: DraftSources): PostmortemEvidence['health'] {
  const h = sources.health;
  if (!h) return null;
  const by_status: Record<HealthStatus, number> = { healthy: 0, warning: 0, critical: 0, unknown: 0 };
  const errors = new Map<string, number>();
  let firstFailure: string | null = null;
  let lastFailureIndex = -1;
  let maxResponse: number | null = null;
  h.checks.forEach((check, i) => {
    by_status[check.status] += 1;
    if (check.status !== 'healthy') {
      firstFailure ??= check.checked_at;
      lastFailureIndex = i;
      const error = check.error_message ?? `HTTP ${check.status_code}`;
      errors.set(error, (errors.get(error) ?? 0) + 1);
    }
    if (check.response_time_ms !== null) maxResponse = Math.max(maxResponse ?? 0, check.response_time_ms);
  });
  const recovered = lastFailureIndex >= 0 ? h.checks.slice(lastFailureIndex + 1).find((c) => c.status === 'healthy') : undefined;
  return {
    since: h.since,
    until: h.until,
    checks: h.checks.length,
    by_status,
    status_before: h.before?.status ?? 'unknown',
    first_failure_at: firstFailure,
    recovered_at: recovered?.checked_at ?? null,
    max_response_time_ms: maxResponse,
    errors: [...errors.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([error]) => error),
  };
}

function excerpt(sources: DraftSources): StoredExcerptEntry[] {
  const { incident, deployment, environment, health } = sources;
  const entries: StoredExcerptEntry[] = incident.timeline
    .filter((e) => !(e.data && POSTMORTEM_MARK in e.data))
    .map((e) => ({ at: e.created_at, kind: e.kind, actor: e.actor, message: e.message }));
  if (deployment) {
    const name = `Deployment "${deployment.title}" (${deployment.version})`;
    if (deployment.started_at) entries.push({ at: deployment.started_at, kind: 'deployment', actor: null, message: `${name} started` });
    if (deployment.completed_at) {
      entries.push({ at: deployment.completed_at, kind: 'deployment', actor: null, message: `${name} ended: ${deployment.status}` });
    }
  }
  if (health && environment) {
    let previous: HealthStatus = health.before?.status ?? 'unknown';
    for (const check of health.checks) {
      if (check.status === previous) continue;
      entries.push({ at: check.checked_at, kind: 'health', actor: null, message: `${environment.name}: ${previous} → ${describe(check)}` });
      previous = check.status;
    }
  }
  // Over the limit, the lifecycle, the deployment and the health changes stay; notes and edits make room.
  const max = POSTMORTEM_LIMITS.excerptMax;
  const ranked =
    entries.length <= max
      ? entries
      : [...entries.filter((e) => LIFECYCLE_KINDS.has(e.kind)), ...entries.filter((e) => !LIFECYCLE_KINDS.has(e.kind))].slice(0, max);
  return ranked.map((e) => ({ ...e, message: clip(e.message, LIMITS.textMax) })).sort((a, b) => a.at.localeCompare(b.at));
}

function summaryOf(sources: DraftSources, evidence: PostmortemEvidence): string {
  const { incident, environment } = sources;
  const where = environment ? ` in ${environment.name}` : '';
  const lines = [
    `${incident.severity} ${incident.incident_type} incident "${incident.title}"${where}, opened ${incident.created_at} and resolved ${incident.resolved_at ?? 'at an unknown time'} (after ${duration(evidence.incident.duration_seconds)}).`,
  ];
  if (incident.description.trim()) lines.push(incident.description.trim());
  if (incident.resolution_notes?.trim()) lines.push(`Resolution: ${incident.resolution_notes.trim()}`);
  return lines.join('\n\n');
}

function impactOf(sources: DraftSources, evidence: PostmortemEvidence): string {
  const { incident, environment } = sources;
  const lines: string[] = [];
  if (incident.impact?.trim()) lines.push(incident.impact.trim());
  if (incident.affected_services.length > 0) lines.push(`Affected services: ${incident.affected_services.join(', ')}.`);
  const h = evidence.health;
  if (h && environment && h.checks > 0) {
    const failing = h.by_status.critical + h.by_status.warning;
    lines.push(
      failing > 0
        ? `${environment.name}: ${h.by_status.critical} critical and ${h.by_status.warning} warning of ${h.checks} health checks from ${h.since} to ${h.until}; first failure ${h.first_failure_at}${h.recovered_at ? `, healthy again ${h.recovered_at}` : ', no healthy check after it'}.`
        : `${environment.name}: all ${h.checks} health checks from ${h.since} to ${h.until} were healthy.`,
    );
  }
  return lines.join('\n');
}

function factorsOf(sources: DraftSources, evidence: PostmortemEvidence): string[] {
  const { incident, deployment, environment } = sources;
  const factors: string[] = [];
  if (deployment) {
    const when = deployment.started_at
      ? ` started ${deployment.started_at} (${duration((Date.parse(incident.created_at) - Date.parse(deployment.started_at)) / 1000)} before the incident opened)`
      : ' never started';
    const from = deployment.previous_version ? ` from ${deployment.previous_version}` : '';
    const parts = [
      `Linked deployment "${deployment.title}": ${deployment.deployment_type} of ${deployment.version}${from},${when}; now ${deployment.status}.`,
    ];
    if (deployment.failure_reason) parts.push(`Failure reason: ${deployment.failure_reason}.`);
    if (deployment.rollback_reason) parts.push(`Rolled back: ${deployment.rollback_reason}.`);
    factors.push(parts.join(' '));
  }
  const h = evidence.health;
  if (h && environment) {
    if (h.first_failure_at) {
      const before = h.status_before === 'unknown' ? '' : ` (${h.status_before} before)`;
      const errors = h.errors.length > 0 ? `: ${h.errors.join('; ')}` : '';
      factors.push(`Health checks of ${environment.name} failed from ${h.first_failure_at}${before}${errors}.`);
    } else if (h.checks === 0) {
      factors.push(`No health checks of ${environment.name} were recorded while the incident lasted.`);
    }
    if (sources.health?.truncated) factors.push(`Only the first ${h.checks} health checks of the window were read.`);
  }
  if (incident.acknowledged_at) {
    const seconds = (Date.parse(incident.acknowledged_at) - Date.parse(incident.created_at)) / 1000;
    if (seconds >= 1) factors.push(`Acknowledged ${duration(seconds)} after it was opened.`);
  }
  return factors.map((f) => clip(f, POSTMORTEM_LIMITS.factorMax));
}

export function buildDraft(sources: DraftSources): PostmortemDraft {
  const { incident, deployment, environment } = sources;
  const resolvedAt = incident.resolved_at;
  const evidence: PostmortemEvidence = {
    incident: {
      title: incident.title,
      severity: incident.severity,
      incident_type: incident.incident_type,
      created_at: incident.created_at,
      acknowledged_at: incident.acknowledged_at,
      resolved_at: resolvedAt,
      duration_seconds: resolvedAt ? (Date.parse(resolvedAt) - Date.parse(incident.created_at)) / 1000 : null,
    },
    environment,
    deployment: deployment
      ? {
          id: deployment.id,
          title: deployment.title,
          version: deployment.version,
          deployment_type: deployment.deployment_type,
          status: deployment.status,
          previous_version: deployment.previous_version,
          started_at: deployment.started_at,
          completed_at: deployment.completed_at,
          failure_reason: deployment.failure_reason,
          rollback_reason: deployment.rollback_reason,
        }
      : null,
    health: null,
  };
  evidence.health = healthEvidence(sources);
  return {
    incident_id: incident.id,
    summary: clip(summaryOf(sources, evidence), LIMITS.textMax),
    impact: clip(impactOf(sources, evidence), LIMITS.textMax),
    root_cause: incident.root_cause?.trim() ? incident.root_cause : null,
    contributing_factors: factorsOf(sources, evidence),
    timeline_excerpt: excerpt(sources),
    follow_ups: [],
    saved_revision: sources.savedRevision,
    evidence,
  };
}
