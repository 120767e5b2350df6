import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SYSTEM } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  LIMITS,
  type Environment,
  type EnvironmentType,
  type HealthCheck,
  type Incident,
  type IncidentType,
  type Severity,
} from '../domain.js';
import type { EnvironmentHealthEntity } from './environment-health.entity.js';
import { describeCheck } from './health-check.mapping.js';
import { HealthDeployments, HealthIncidents, HealthMaintenance } from './health.ports.js';
import { MINUTE_MS } from '../common/durations.js';

const SEVERITY_BY_TYPE: Record<EnvironmentType, Severity> = {
  production: 'critical',
  staging: 'high',
  development: 'medium',
  testing: 'medium',
};

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const minutesBetween = (fromIso: string, toIso: string) => Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / MINUTE_MS));

/** The latest check's facts on a system note, so a reader's language can say them (the message stays English). */
const checkFacts = (check: HealthCheck) => ({
  status: check.status,
  status_code: check.status_code,
  response_time_ms: check.response_time_ms,
  error_kind: check.error_kind,
  error_message: check.error_message,
});

function duration(fromIso: string, toIso: string): string {
  const minutes = minutesBetween(fromIso, toIso);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Opens incidents from failing checks and tells them when checks recover; always inside the
 * transaction that records the check, so two checks can never both open one for the same outage.
 *
 * One outage is one streak of critical checks. When its streak reaches the environment's
 * critical_threshold the outage gets exactly one incident: a new one, or, if an unresolved
 * outage/deployment incident for the environment is already open (opened by a person, or by
 * this engine for an earlier streak that has not been resolved, i.e. a flapping service), a note
 * on that one. An incident a person resolved while checks were still failing is not reopened
 * or duplicated for the same streak.
 */
@Injectable()
export class AutoIncidents {
  constructor(
    private readonly incidents: HealthIncidents,
    private readonly deployments: HealthDeployments,
    private readonly maintenance: HealthMaintenance,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After a check is recorded: `next` is the environment's health after it, `previous` before (null: first check). */
  async afterCheck(
    m: EntityManager,
    environment: Environment,
    check: HealthCheck,
    previous: EnvironmentHealthEntity | null,
    next: EnvironmentHealthEntity,
  ): Promise<void> {
    if (check.status === 'critical') {
      await this.onCritical(m, environment, check, next);
    } else if (previous?.status === 'critical' && previous.incident_id && previous.incident_streak === previous.critical_since) {
      await this.onRecovery(m, environment, check, previous);
    }
  }

  /**
   * Whether this critical streak may open (or note) an incident now, before maintenance windows are
   * looked up. The streak is counted in the environment's health row, never from stored checks
   * (only a sample of those is kept); a check for which this holds is always stored.
   */
  mayRaise(environment: Environment, next: EnvironmentHealthEntity): boolean {
    // Maintenance keeps its checks but raises nothing; once it ends, a failure that persists is raised.
    if (next.status !== 'critical' || environment.status === 'maintenance' || !environment.health_check.auto_incident_enabled) return false;
    if (next.consecutive_critical < environment.health_check.critical_threshold || next.critical_since === null) return false;
    return next.incident_streak !== next.critical_since;
  }

  private async onCritical(m: EntityManager, environment: Environment, check: HealthCheck, next: EnvironmentHealthEntity): Promise<void> {
    if (!this.mayRaise(environment, next)) return;
    // A maintenance window: expected downtime. If the failure outlasts it, the next check raises it.
    if (await this.maintenance.isActive(environment.id, check.checked_at, m)) return;

    const streak = `${next.consecutive_critical} health checks in a row since ${next.critical_since}`;
    const data = {
      check_id: check.id,
      consecutive_critical: next.consecutive_critical,
      critical_since: next.critical_since,
      url: check.url,
      environment_name: environment.name,
      ...checkFacts(check),
    };
    const open = await this.openIncidentFor(m, environment.id, next.incident_id);
    if (open) {
      const again = open.id === next.incident_id ? 'Critical again' : 'Health checks linked to this incident';
      Object.assign(data, { event: open.id === next.incident_id ? 'critical_again' : 'checks_linked' });
      await this.incidents.addNote(
        m,
        open.id,
        `${again}: ${environment.name} failed ${streak}. Latest: ${describeCheck(check)} (${check.url}).`,
        SYSTEM,
        data,
      );
      next.incident_id = open.id;
    } else {
      next.incident_id = (await this.incidents.open(m, await this.incidentFor(m, environment, check, next), SYSTEM)).id;
    }
    next.incident_streak = next.critical_since;
  }

  private async onRecovery(
    m: EntityManager,
    environment: Environment,
    check: HealthCheck,
    previous: EnvironmentHealthEntity,
  ): Promise<void> {
    const incident = await this.incidents.findUnresolved(m, previous.incident_id!);
    if (!incident) return;
    const after = previous.critical_since ? ` after ${duration(previous.critical_since, check.checked_at)} of failures` : '';
    await this.incidents.addNote(
      m,
      incident.id,
      `Health checks recovered${after}: ${environment.name} is ${describeCheck(check)} at ${check.checked_at}. The incident stays open for a person to confirm and resolve.`,
      SYSTEM,
      {
        check_id: check.id,
        status: check.status,
        status_code: check.status_code,
        response_time_ms: check.response_time_ms,
        event: 'recovered',
        environment_name: environment.name,
        failing_minutes: previous.critical_since ? minutesBetween(previous.critical_since, check.checked_at) : null,
        checked_at: check.checked_at,
        url: check.url,
        error_kind: check.error_kind,
        error_message: check.error_message,
      },
    );
  }

  /** The unresolved incident this outage belongs to: the one linked last, else an open outage or deployment incident of the environment. */
  private async openIncidentFor(m: EntityManager, environmentId: string, linkedId: string | null): Promise<Incident | null> {
    const linked = linkedId ? await this.incidents.findUnresolved(m, linkedId) : null;
    return linked ?? this.incidents.findOpenOutage(m, environmentId);
  }

  private async incidentFor(m: EntityManager, environment: Environment, check: HealthCheck, next: EnvironmentHealthEntity) {
    const since = next.critical_since!;
    const suspect = await this.deployments.lastStarted(m, environment.id);
    const windowMs = this.config.health.incidentDeploymentWindowMinutes * MINUTE_MS;
    const gap = suspect?.completed_at ? Date.parse(since) - Date.parse(suspect.completed_at) : null;
    const afterDeployment = suspect !== null && gap !== null && gap >= 0 && gap <= windowMs;

    const lines = [
      `Opened automatically: ${environment.name} (${environment.environment_type}) failed ${next.consecutive_critical} health checks in a row since ${since}.`,
      `Latest check: ${describeCheck(check)} (${check.url}, ${check.checked_at}).`,
    ];
    if (suspect) {
      const when = suspect.completed_at
        ? `completed ${suspect.completed_at}${gap !== null && gap >= 0 ? `, ${duration(suspect.completed_at, since)} before the failures began` : ''}`
        : `${suspect.status}, started ${suspect.started_at}`;
      lines.push(`Suspected cause: deployment ${suspect.id} "${suspect.title}" of ${suspect.version} (${when}).`);
      const rollback = suspect.rollback_version ?? suspect.previous_version;
      lines.push(
        rollback
          ? `Rollback version: ${rollback} (rollback_deployment, or POST /api/deployments/${suspect.id}/rollback).`
          : 'No rollback version is known for that deployment; pass one when rolling back.',
      );
    } else {
      lines.push('No deployment to this environment is on record.');
    }

    const title = afterDeployment
      ? `${environment.name} failing health checks after deploying ${suspect!.version}`
      : `${environment.name} failing health checks`;
    return {
      title: clip(title, LIMITS.titleMax),
      description: lines.join('\n'),
      severity: SEVERITY_BY_TYPE[environment.environment_type],
      incident_type: (afterDeployment ? 'deployment' : 'outage') as IncidentType,
      environment_id: environment.id,
      deployment_id: suspect?.id ?? null,
      tags: ['health-check', 'auto-opened'],
    };
  }
}
