import { HttpErrorResponse } from '@angular/common/http';
import type { Deployment, DeploymentDetail, Environment, IncidentDetail, Page } from '@workflow-mcp/domain';
import { vi } from 'vitest';
import { ApiClient } from '../app/core/api-client';
import type { EventSourceLike } from '../app/core/live-updates';

/** Shapes as the API returns them, for component tests. */

export function page<T>(items: T[]): Page<T> {
  return { items, total: items.length, total_capped: false, limit: 20, has_more: false, next_cursor: null };
}

export function incident(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    id: 'inc-1',
    title: 'API 서버 응답 지연',
    description: '',
    severity: 'high',
    incident_type: 'performance',
    status: 'open',
    affected_services: ['payment-api'],
    tags: [],
    environment_id: null,
    deployment_id: null,
    commander: null,
    resolution_notes: null,
    root_cause: null,
    impact: null,
    public: false,
    revision: 1,
    created_at: '2025-01-10T10:00:00.000Z',
    updated_at: '2025-01-10T10:00:00.000Z',
    acknowledged_at: null,
    resolved_at: null,
    timeline: [],
    timeline_has_more: false,
    timeline_next_cursor: null,
    ...overrides,
  };
}

export function environment(overrides: Partial<Environment> = {}): Environment {
  return {
    id: 'env-1',
    name: 'prod-env-123',
    environment_type: 'production',
    description: '',
    url: 'https://api.company.com',
    status: 'active',
    tags: [],
    health_check: {
      target: null,
      expected_status: 200,
      timeout_ms: 5000,
      interval_seconds: 30,
      slow_threshold_ms: 1000,
      enabled: true,
      auto_incident_enabled: true,
      critical_threshold: 3,
      kind: 'http',
      body_keyword: null,
      body_keyword_absent: false,
      body_json_condition: null,
      tls_expiry_warning_days: 14,
      tls_allow_untrusted: false,
      dns_record_type: null,
      dns_expected: null,
    },
    deploy_hook_url: null,
    current_version: null,
    previous_version: null,
    public: false,
    revision: 1,
    created_at: '2025-01-10T10:00:00.000Z',
    updated_at: '2025-01-10T10:00:00.000Z',
    ...overrides,
  };
}

export function deployment(overrides: Partial<DeploymentDetail> = {}): DeploymentDetail {
  const base: Deployment = {
    id: 'dep-1',
    title: 'API v2.1.0',
    description: '',
    environment_id: 'env-1',
    version: 'v2.1.0',
    deployment_type: 'blue_green',
    status: 'planned',
    deployment_config: {},
    scheduled_at: null,
    rollback_version: null,
    previous_version: null,
    tags: [],
    notes: '',
    progress_percentage: null,
    progress_message: null,
    failure_reason: null,
    rollback_reason: null,
    rolled_back_to: null,
    allowed_actions: [],
    revision: 1,
    created_at: '2025-01-10T10:00:00.000Z',
    updated_at: '2025-01-10T10:00:00.000Z',
    started_at: null,
    completed_at: null,
    commit_at: null,
  };
  return { ...base, timeline: [], timeline_has_more: false, timeline_next_cursor: null, ...overrides };
}

/** An ApiClient whose every method is a vi.fn() resolving to an empty answer unless told otherwise. */
export function fakeApi() {
  const api = {
    listIncidents: vi.fn().mockResolvedValue(page([])),
    incidentStats: vi.fn(),
    getIncident: vi.fn(),
    incidentTimeline: vi.fn(),
    createIncident: vi.fn(),
    updateIncident: vi.fn(),
    addIncidentNote: vi.fn(),
    deleteIncident: vi.fn(),
    listEnvironments: vi.fn().mockResolvedValue(page([])),
    createEnvironment: vi.fn(),
    updateEnvironment: vi.fn(),
    environmentStatus: vi.fn(),
    systemHealth: vi.fn(),
    listDeployments: vi.fn().mockResolvedValue(page([])),
    deploymentStats: vi.fn(),
    getDeployment: vi.fn(),
    deploymentTimeline: vi.fn(),
    createDeployment: vi.fn(),
    updateDeployment: vi.fn(),
    deleteDeployment: vi.fn(),
    executeDeployment: vi.fn(),
    completeDeployment: vi.fn(),
    failDeployment: vi.fn(),
    rollbackDeployment: vi.fn(),
  };
  return { api, provider: { provide: ApiClient, useValue: api } };
}

/** A 400 as the API sends it. */
export function validationError(fields: Array<{ field: string; messages: string[] }>): HttpErrorResponse {
  return new HttpErrorResponse({
    status: 400,
    error: { statusCode: 400, error: 'validation_failed', message: fields.map((f) => f.messages.join(' ')).join('; '), fields },
  });
}

/** A stand-in for the browser's EventSource that a test drives by hand. */
export class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  static latest(): FakeEventSource {
    const last = FakeEventSource.opened[FakeEventSource.opened.length - 1];
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(event: { seq: number; entity: string; entity_id: string; action: string }): void {
    const data = JSON.stringify({ source: 'rest', actor: null, occurred_at: new Date().toISOString(), ...event });
    this.onmessage?.(new MessageEvent('message', { data, lastEventId: String(event.seq) }));
  }
  /** The connection dropped; EventSource itself will retry (readyState CONNECTING). */
  drop(): void {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}
