import type {
  DeploymentCreate,
  EnvironmentCreate,
  EnvironmentUpdate,
  IncidentCreate,
  IncidentUpdate,
} from '../../libs/domain/src/index.js';

/**
 * Sample data the suites share: the user guide's examples and the small valid records tests use
 * as filler. Each builder returns a fresh object, so no test can change another's data; fields
 * given in `overrides` replace the sample's (keeping its key order) or are added after them.
 *
 * Overrides are typed with the request types, so a builder call makes an input of the right
 * shape (its values may still break a rule: a blank title, an unknown environment). An input of
 * the wrong shape, an unknown field or a value the type does not allow, is written as a spread:
 * `{ ...guideDeployment(), status: 'in_progress' }`.
 */

/** The environment the guide's examples name by `environment_id`; suites register it first. */
export const PROD_ENV = 'prod-env-123';

/** The guide's environment as a user would register it before trying the examples. */
export function prodEnvironment(overrides: Partial<EnvironmentCreate> = {}): EnvironmentCreate {
  return { name: PROD_ENV, environment_type: 'production', ...overrides };
}

/** The guide's create_environment example. */
export function guideEnvironment(overrides: Partial<EnvironmentCreate> = {}): EnvironmentCreate {
  return {
    name: '프로덕션 API 서버',
    environment_type: 'production',
    description: '메인 API 서비스 프로덕션 환경',
    url: 'https://api.company.com',
    status: 'active',
    tags: ['api', 'production', 'critical'],
    ...overrides,
  };
}

/** The guide's update_environment example: the `updates` it sends. */
export function guideMaintenanceUpdate(): EnvironmentUpdate {
  return { status: 'maintenance', description: '점검을 위한 임시 중단' };
}

/** The guide's create_incident example; its environment is named, so register `prodEnvironment()` first. */
export function guideIncident(overrides: Partial<IncidentCreate> = {}): IncidentCreate {
  return {
    title: 'API 서버 응답 지연',
    description: '결제 API 응답 시간이 10초 이상 소요됨',
    severity: 'high',
    incident_type: 'performance',
    status: 'open',
    affected_services: ['payment-api', 'checkout-service'],
    tags: ['api', 'performance', 'payment'],
    environment_id: PROD_ENV,
    ...overrides,
  };
}

/** The guide's way to resolve an incident (PUT /api/incidents/{id}, or update_incident's `updates`). */
export function guideResolution(): IncidentUpdate {
  return { status: 'resolved', resolution_notes: '서버 용량 증설로 해결' };
}

/** The incident of the guide's incident-response scenario (the README's worked example adds affected_services). */
export function guideOutageIncident(overrides: Partial<IncidentCreate> = {}): IncidentCreate {
  return { title: '프로덕션 DB 연결 실패', severity: 'critical', incident_type: 'outage', ...overrides };
}

/** The guide's create_deployment example; its environment is named, so register `prodEnvironment()` first. */
export function guideDeployment(overrides: Partial<DeploymentCreate> = {}): DeploymentCreate {
  return {
    title: 'API v2.1.0 프로덕션 배포',
    description: '새로운 결제 시스템 및 성능 개선 사항 배포',
    environment_id: PROD_ENV,
    version: 'v2.1.0',
    deployment_type: 'blue_green',
    status: 'planned',
    deployment_config: { instances: 3, rollout_percentage: 25, health_check_url: '/health' },
    scheduled_at: '2025-01-15T02:00:00Z',
    rollback_version: 'v2.0.5',
    tags: ['api', 'payment', 'performance'],
    ...overrides,
  };
}

/** An incident with only the required fields, for tests about something else. */
export function minimalIncident(overrides: Partial<IncidentCreate> = {}): IncidentCreate {
  return { title: 't', severity: 'low', incident_type: 'data', ...overrides };
}

/** A deployment with only the required fields, planned to `PROD_ENV` unless overridden. */
export function minimalDeployment(overrides: Partial<DeploymentCreate> = {}): DeploymentCreate {
  return { title: 't', environment_id: PROD_ENV, version: 'v1', deployment_type: 'rolling', ...overrides };
}

/** ACCESS_TOKEN for suites that run the service with one (the service wants a long enough token). */
export const ACCESS_TOKEN = 'a-long-enough-test-token';

/** A bearer token the service must refuse when it runs with `ACCESS_TOKEN`. */
export const WRONG_ACCESS_TOKEN = 'wrong-token-of-same-len';
