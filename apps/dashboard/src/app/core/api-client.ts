import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  Deployment,
  DeploymentCreate,
  DeploymentDetail,
  DeploymentQuery,
  DeploymentStats,
  DeploymentUpdate,
  Environment,
  EnvironmentCreate,
  EnvironmentQuery,
  EnvironmentStatusReport,
  EnvironmentUpdate,
  HealthCheck,
  HealthCheckQuery,
  HealthHistory,
  HealthHistoryWindow,
  Incident,
  IncidentCreate,
  IncidentDetail,
  IncidentQuery,
  IncidentStats,
  IncidentUpdate,
  MaintenanceWindowList,
  Page,
  StatsWindow,
  SystemHealth,
  SystemHealthQuery,
  TimelineEntry,
  TimelineQuery,
} from '@workflow-mcp/domain';
import { firstValueFrom, type Observable } from 'rxjs';

function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    result = result.set(key, String(value));
  }
  return result;
}

/**
 * The REST API, one method per route. Errors arrive as HttpErrorResponse with the API's
 * `{statusCode, error, message, fields?}` body; the interceptor has already shown the message.
 */
@Injectable()
export class ApiClient {
  private readonly http = inject(HttpClient);

  private run<T>(request: Observable<T>): Promise<T> {
    return firstValueFrom(request);
  }

  // Incidents
  listIncidents(query: IncidentQuery): Promise<Page<Incident>> {
    return this.run(this.http.get<Page<Incident>>('/api/incidents', { params: params(query) }));
  }
  incidentStats(window: StatsWindow = {}): Promise<IncidentStats> {
    return this.run(this.http.get<IncidentStats>('/api/incidents/stats', { params: params(window) }));
  }
  getIncident(id: string): Promise<IncidentDetail> {
    return this.run(this.http.get<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`));
  }
  createIncident(input: IncidentCreate): Promise<IncidentDetail> {
    return this.run(this.http.post<IncidentDetail>('/api/incidents', input));
  }
  updateIncident(id: string, changes: IncidentUpdate): Promise<IncidentDetail> {
    return this.run(this.http.patch<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`, changes));
  }
  incidentTimeline(id: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    return this.run(this.http.get<Page<TimelineEntry>>(`/api/incidents/${encodeURIComponent(id)}/timeline`, { params: params(query) }));
  }
  addIncidentNote(id: string, note: string): Promise<IncidentDetail> {
    return this.run(this.http.post<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}/notes`, { note }));
  }
  deleteIncident(id: string): Promise<unknown> {
    return this.run(this.http.delete(`/api/incidents/${encodeURIComponent(id)}`));
  }

  // Environments
  listEnvironments(query: EnvironmentQuery = {}): Promise<Page<Environment>> {
    return this.run(this.http.get<Page<Environment>>('/api/environments', { params: params({ limit: 200, ...query }) }));
  }
  createEnvironment(input: EnvironmentCreate): Promise<Environment> {
    return this.run(this.http.post<Environment>('/api/environments', input));
  }
  updateEnvironment(id: string, changes: EnvironmentUpdate): Promise<Environment> {
    return this.run(this.http.patch<Environment>(`/api/environments/${encodeURIComponent(id)}`, changes));
  }
  environmentStatus(id: string): Promise<EnvironmentStatusReport> {
    return this.run(this.http.get<EnvironmentStatusReport>(`/api/environments/${encodeURIComponent(id)}/status`));
  }
  healthHistory(id: string, window: HealthHistoryWindow): Promise<HealthHistory> {
    return this.run(
      this.http.get<HealthHistory>(`/api/environments/${encodeURIComponent(id)}/health-history`, { params: params({ window }) }),
    );
  }
  listHealthChecks(id: string, query: HealthCheckQuery = {}): Promise<Page<HealthCheck>> {
    return this.run(this.http.get<Page<HealthCheck>>(`/api/environments/${encodeURIComponent(id)}/checks`, { params: params(query) }));
  }
  systemHealth(query: SystemHealthQuery = {}): Promise<SystemHealth> {
    return this.run(this.http.get<SystemHealth>('/api/system-health', { params: params(query) }));
  }
  listMaintenanceWindows(): Promise<MaintenanceWindowList> {
    return this.run(this.http.get<MaintenanceWindowList>('/api/maintenance-windows'));
  }

  // Deployments
  listDeployments(query: DeploymentQuery): Promise<Page<Deployment>> {
    return this.run(this.http.get<Page<Deployment>>('/api/deployments', { params: params(query) }));
  }
  deploymentStats(window: StatsWindow = {}): Promise<DeploymentStats> {
    return this.run(this.http.get<DeploymentStats>('/api/deployments/stats', { params: params(window) }));
  }
  getDeployment(id: string): Promise<DeploymentDetail> {
    return this.run(this.http.get<DeploymentDetail>(`/api/deployments/${encodeURIComponent(id)}`));
  }
  deploymentTimeline(id: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
    return this.run(this.http.get<Page<TimelineEntry>>(`/api/deployments/${encodeURIComponent(id)}/timeline`, { params: params(query) }));
  }
  createDeployment(input: DeploymentCreate): Promise<Deployment> {
    return this.run(this.http.post<Deployment>('/api/deployments', input));
  }
  updateDeployment(id: string, changes: DeploymentUpdate): Promise<Deployment> {
    return this.run(this.http.patch<Deployment>(`/api/deployments/${encodeURIComponent(id)}`, changes));
  }
  deleteDeployment(id: string): Promise<unknown> {
    return this.run(this.http.delete(`/api/deployments/${encodeURIComponent(id)}`));
  }
  executeDeployment(id: string): Promise<Deployment> {
    return this.run(this.http.post<Deployment>(`/api/deployments/${encodeURIComponent(id)}/execute`, {}));
  }
  completeDeployment(id: string, notes?: string): Promise<Deployment> {
    return this.run(this.http.post<Deployment>(`/api/deployments/${encodeURIComponent(id)}/complete`, notes ? { notes } : {}));
  }
  failDeployment(id: string, reason: string): Promise<Deployment> {
    return this.run(this.http.post<Deployment>(`/api/deployments/${encodeURIComponent(id)}/fail`, { reason }));
  }
  rollbackDeployment(id: string, body: { reason?: string; rollback_version?: string }): Promise<Deployment> {
    return this.run(this.http.post<Deployment>(`/api/deployments/${encodeURIComponent(id)}/rollback`, body));
  }
}
