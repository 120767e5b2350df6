import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { STATUS_PAGE_DAYS } from '../contracts.js';
import { DomainError, type HealthStatus, type PublicEnvironmentStatus, type PublicStatus, type Severity } from '../domain.js';
import { StatusEnvironments, StatusHealth, StatusIncidents, StatusMaintenance } from './status-page.ports.js';

/** How long one snapshot answers every reader: the page is open to anyone, so a crowd costs one read per interval. */
export const STATUS_SNAPSHOT_MS = 5_000;
/** Open public incidents the page lists at most. */
const INCIDENTS_MAX = 20;
/** Maintenance occurrences the page lists at most. */
const MAINTENANCE_MAX = 20;

const SEVERITY_OF_STATUS: Record<HealthStatus, number> = { unknown: 0, healthy: 1, warning: 2, critical: 3 };

/** The worst of the known statuses (an environment that is not checked says nothing about the others); unknown when none is known. */
export function overallStatus(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, s) => (SEVERITY_OF_STATUS[s] > SEVERITY_OF_STATUS[worst] ? s : worst), 'unknown');
}

/** What an open public incident says about the whole: a critical one is an outage, a high or medium one a degradation. */
const STATUS_OF_SEVERITY: Record<Severity, HealthStatus> = { critical: 'critical', high: 'warning', medium: 'warning', low: 'unknown' };

/** Uptime over the last `days` of the daily figures, weighted by checks; null without any. */
export function uptimeOver(environment: PublicEnvironmentStatus, days: number): number | null {
  let checks = 0;
  let up = 0;
  for (const day of environment.days.slice(-days)) {
    if (day.uptime === null) continue;
    checks += day.checks;
    up += (day.uptime / 100) * day.checks;
  }
  return checks === 0 ? null : Math.round((up / checks) * 100_000) / 1000;
}

/** Raised identically for an environment that is not public and one that does not exist, so names cannot be probed. */
export const notShown = () => new DomainError('not_found', 'Not found.');

/** What the public status page and the badges show: built from public records only, shared for a few seconds. */
@Injectable()
export class StatusPageService {
  private snapshot: { at: number; status: Promise<PublicStatus> } | null = null;

  constructor(
    private readonly environments: StatusEnvironments,
    private readonly health: StatusHealth,
    private readonly incidents: StatusIncidents,
    private readonly maintenance: StatusMaintenance,
    private readonly clock: Clock,
  ) {}

  status(): Promise<PublicStatus> {
    const now = Date.now();
    if (this.snapshot && now - this.snapshot.at < STATUS_SNAPSHOT_MS) return this.snapshot.status;
    const status = this.build();
    this.snapshot = { at: now, status };
    // A failed read is not kept: the next reader tries again.
    status.catch(() => {
      if (this.snapshot?.status === status) this.snapshot = null;
    });
    return status;
  }

  /** A public environment by id or name; not found otherwise. */
  async environment(reference: string): Promise<PublicEnvironmentStatus> {
    const found = (await this.status()).environments.find((e) => e.id === reference || e.name === reference);
    if (!found) throw notShown();
    return found;
  }

  private async build(): Promise<PublicStatus> {
    const generated_at = this.clock.now();
    const listed = await this.environments.listPublic();
    const ids = listed.map((e) => e.id);
    const names = new Map(listed.map((e) => [e.id, e.name]));
    const [current, daily, incidents, windows] = await Promise.all([
      this.health.current(ids),
      this.health.dailyUptime(ids, STATUS_PAGE_DAYS),
      this.incidents.openPublic(INCIDENTS_MAX * 2),
      this.maintenance.upcoming(ids),
    ]);
    const environments = listed.map((e): PublicEnvironmentStatus => {
      const now = current.get(e.id) ?? { status: 'unknown' as const, since: null };
      const shown: PublicEnvironmentStatus = {
        id: e.id,
        name: e.name,
        status: now.status,
        status_since: now.since,
        uptime: null,
        days: [],
      };
      shown.days = daily.get(e.id) ?? [];
      shown.uptime = uptimeOver(shown, STATUS_PAGE_DAYS);
      return shown;
    });
    // An incident of an environment that is not public would name it, or hint at it: left out.
    const shownIncidents = incidents.filter((i) => i.environment_id === null || names.has(i.environment_id)).slice(0, INCIDENTS_MAX);
    return {
      generated_at,
      status: overallStatus([...environments.map((e) => e.status), ...shownIncidents.map((i) => STATUS_OF_SEVERITY[i.severity])]),
      environments,
      incidents: shownIncidents.map((i) => ({
        id: i.id,
        title: i.title,
        severity: i.severity,
        status: i.status,
        started_at: i.started_at,
        environment: i.environment_id === null ? null : names.get(i.environment_id)!,
        updates: i.updates,
      })),
      maintenance: windows
        .filter((w) => names.has(w.environment_id))
        .slice(0, MAINTENANCE_MAX)
        .map((w) => ({
          environment: names.get(w.environment_id)!,
          kind: w.kind,
          active: w.active,
          starts_at: w.starts_at,
          ends_at: w.ends_at,
          days: w.days,
        })),
    };
  }
}
