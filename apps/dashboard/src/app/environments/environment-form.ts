import { type AbstractControl, FormControl, FormGroup, type ValidationErrors, Validators } from '@angular/forms';
import {
  CHECK_KIND_LIMITS,
  ENVIRONMENT_NAME_PATTERN,
  LIMITS,
  checkKindProblems,
  type DnsRecordType,
  type Environment,
  type EnvironmentCreate,
  type EnvironmentStatus,
  type EnvironmentType,
  type EnvironmentUpdate,
  type HealthCheckKind,
} from '@workflow-mcp/domain';
import { orNull } from '../shared/form-errors';
import { httpUrl, intRange, notBlank, stringList } from '../shared/validators';

/** The service's rule for a health check target, which depends on the check's kind (read from the sibling control). */
function healthTarget(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value?.trim();
  const kind = (control.parent?.get('kind')?.value ?? 'http') as HealthCheckKind;
  // Only an HTTP check can fall back on the environment's URL.
  if (!value) return kind === 'http' ? null : { required: true };
  const none = { body_keyword: null, body_json_condition: null, dns_expected: null, dns_record_type: null };
  return checkKindProblems({ kind, target: value, ...none }).length === 0 ? null : { hcTarget: true };
}

/** The environment form: every field, with the limits the service enforces (from '@workflow-mcp/domain'). */
export function environmentForm(env?: Environment) {
  const hc = env?.health_check;
  const int = (value: number | undefined, fallback: number, min: number, max: number) =>
    new FormControl<number | null>(value ?? fallback, { validators: [Validators.required, intRange(min, max)] });
  return new FormGroup({
    name: new FormControl(env?.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.nameMax), Validators.pattern(ENVIRONMENT_NAME_PATTERN)],
    }),
    environment_type: new FormControl<EnvironmentType | null>(env?.environment_type ?? null, { validators: [Validators.required] }),
    description: new FormControl(env?.description ?? '', { nonNullable: true, validators: [Validators.maxLength(LIMITS.textMax)] }),
    url: new FormControl(env?.url ?? '', { nonNullable: true, validators: [Validators.maxLength(LIMITS.urlMax), httpUrl] }),
    status: new FormControl<EnvironmentStatus>(env?.status ?? 'active', { nonNullable: true }),
    tags: new FormControl<string[]>(env?.tags ?? [], { nonNullable: true, validators: [stringList(LIMITS.tagsMax, LIMITS.tagMax)] }),
    current_version: new FormControl(env?.current_version ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(LIMITS.versionMax)],
    }),
    deploy_hook_url: new FormControl(env?.deploy_hook_url ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(LIMITS.urlMax), httpUrl],
    }),
    public: new FormControl(env?.public ?? false, { nonNullable: true }),
    health_check: new FormGroup({
      target: new FormControl(hc?.target ?? '', { nonNullable: true, validators: [Validators.maxLength(LIMITS.urlMax), healthTarget] }),
      expected_status: int(hc?.expected_status, LIMITS.expectedStatusDefault, LIMITS.expectedStatusMin, LIMITS.expectedStatusMax),
      timeout_ms: int(hc?.timeout_ms, LIMITS.healthCheckTimeoutMsDefault, LIMITS.healthCheckTimeoutMsMin, LIMITS.healthCheckTimeoutMsMax),
      interval_seconds: int(
        hc?.interval_seconds,
        LIMITS.healthCheckIntervalSecondsDefault,
        LIMITS.healthCheckIntervalSecondsMin,
        LIMITS.healthCheckIntervalSecondsMax,
      ),
      slow_threshold_ms: int(hc?.slow_threshold_ms, LIMITS.healthCheckSlowMsDefault, 1, LIMITS.healthCheckTimeoutMsMax),
      enabled: new FormControl(hc?.enabled ?? true, { nonNullable: true }),
      // Left alone on a new environment it follows the type (on for production), as the service decides.
      auto_incident_enabled: new FormControl(hc?.auto_incident_enabled ?? env?.environment_type === 'production', { nonNullable: true }),
      critical_threshold: int(
        hc?.critical_threshold,
        LIMITS.criticalThresholdDefault,
        LIMITS.criticalThresholdMin,
        LIMITS.criticalThresholdMax,
      ),
      kind: new FormControl<HealthCheckKind>(hc?.kind ?? 'http', { nonNullable: true }),
      body_keyword: new FormControl(hc?.body_keyword ?? '', {
        nonNullable: true,
        validators: [Validators.maxLength(CHECK_KIND_LIMITS.keywordMax)],
      }),
      body_keyword_absent: new FormControl(hc?.body_keyword_absent ?? false, { nonNullable: true }),
      // Its syntax is judged by the service, whose message names what to fix.
      body_json_condition: new FormControl(hc?.body_json_condition ?? '', {
        nonNullable: true,
        validators: [Validators.maxLength(CHECK_KIND_LIMITS.jsonConditionMax)],
      }),
      tls_expiry_warning_days: int(
        hc?.tls_expiry_warning_days,
        CHECK_KIND_LIMITS.tlsExpiryWarningDaysDefault,
        CHECK_KIND_LIMITS.tlsExpiryWarningDaysMin,
        CHECK_KIND_LIMITS.tlsExpiryWarningDaysMax,
      ),
      tls_allow_untrusted: new FormControl(hc?.tls_allow_untrusted ?? false, { nonNullable: true }),
      dns_record_type: new FormControl<DnsRecordType | null>(hc?.dns_record_type ?? null),
      dns_expected: new FormControl(hc?.dns_expected ?? '', {
        nonNullable: true,
        validators: [Validators.maxLength(CHECK_KIND_LIMITS.dnsExpectedMax)],
      }),
    }),
  });
}

export type EnvironmentForm = ReturnType<typeof environmentForm>;

export function environmentInput(form: EnvironmentForm): EnvironmentCreate {
  const v = form.getRawValue();
  const hc = v.health_check;
  return {
    name: v.name.trim(),
    environment_type: v.environment_type as EnvironmentType,
    description: v.description.trim(),
    url: orNull(v.url),
    status: v.status,
    tags: v.tags,
    current_version: orNull(v.current_version),
    deploy_hook_url: orNull(v.deploy_hook_url),
    public: v.public,
    health_check: {
      target: orNull(hc.target),
      expected_status: Number(hc.expected_status),
      timeout_ms: Number(hc.timeout_ms),
      interval_seconds: Number(hc.interval_seconds),
      slow_threshold_ms: Number(hc.slow_threshold_ms),
      enabled: hc.enabled,
      ...(form.controls.health_check.controls.auto_incident_enabled.dirty ? { auto_incident_enabled: hc.auto_incident_enabled } : {}),
      critical_threshold: Number(hc.critical_threshold),
      // Settings of other kinds are sent cleared: the service refuses them on a check they do not fit.
      kind: hc.kind,
      body_keyword: hc.kind === 'http' ? orNull(hc.body_keyword) : null,
      body_keyword_absent: hc.kind === 'http' && hc.body_keyword_absent,
      body_json_condition: hc.kind === 'http' ? orNull(hc.body_json_condition) : null,
      tls_expiry_warning_days: Number(hc.tls_expiry_warning_days),
      tls_allow_untrusted: hc.kind === 'tls' && hc.tls_allow_untrusted,
      dns_record_type: hc.kind === 'dns' ? hc.dns_record_type : null,
      dns_expected: hc.kind === 'dns' ? orNull(hc.dns_expected) : null,
    },
  };
}

/** Only what differs from the environment as read (health check settings as one group). */
export function environmentChanges(env: Environment, input: EnvironmentCreate): EnvironmentUpdate {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input) as Array<[keyof EnvironmentCreate, unknown]>) {
    const before: unknown = key === 'health_check' ? { ...env.health_check } : env[key];
    const same =
      key === 'health_check'
        ? Object.entries(value as object).every(
            ([k, v]) => JSON.stringify((before as Record<string, unknown>)[k] ?? null) === JSON.stringify(v ?? null),
          )
        : JSON.stringify(before ?? null) === JSON.stringify(value ?? null);
    if (!same) changes[key] = value;
  }
  return changes as EnvironmentUpdate;
}
