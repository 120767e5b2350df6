import { type AbstractControl, FormControl, FormGroup, type ValidationErrors, Validators } from '@angular/forms';
import {
  DEPLOYMENT_PLAN_FIELDS,
  LIMITS,
  type Deployment,
  type DeploymentConfig,
  type DeploymentCreate,
  type DeploymentType,
  type DeploymentUpdate,
} from '@workflow-mcp/domain';
import { fromLocalInput, toLocalInput } from '../core/format';
import { orNull } from '../shared/form-errors';
import { intRange, jsonObject, notBlank, stringList } from '../shared/validators';

const KNOWN_CONFIG_KEYS = ['instances', 'rollout_percentage', 'health_check_url'] as const;
const PATH_OR_URL = /^(\/[^\s]*|https?:\/\/[^\s/?#]+[^\s]*)$/i;

function pathOrUrl(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value?.trim();
  return !value || PATH_OR_URL.test(value) ? null : { hcTarget: true };
}

function percentage(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  if (value === null || (value as unknown) === '') return null;
  return Number.isFinite(Number(value)) && Number(value) >= 0 && Number(value) <= 100 ? null : { range: { min: 0, max: 100 } };
}

/** The whole config must stay within the service's size limit as JSON. */
function configSize(group: AbstractControl): ValidationErrors | null {
  const extra = group.get('extra');
  if (!extra || jsonObject(extra)) return null;
  const bytes = new TextEncoder().encode(JSON.stringify(configOf(group.getRawValue() as ConfigValue))).length;
  if (bytes <= LIMITS.deploymentConfigMaxBytes) {
    if (extra.hasError('tooLarge')) extra.setErrors(null);
    return null;
  }
  extra.setErrors({ server: `At most ${LIMITS.deploymentConfigMaxBytes} bytes as JSON`, tooLarge: true });
  return { tooLarge: true };
}

interface ConfigValue {
  instances: number | null;
  rollout_percentage: number | null;
  health_check_url: string;
  extra: string;
}

function configOf(v: ConfigValue): DeploymentConfig {
  const extra = v.extra.trim() ? (JSON.parse(v.extra) as Record<string, unknown>) : {};
  const config: DeploymentConfig = { ...extra };
  for (const key of KNOWN_CONFIG_KEYS) delete config[key];
  if (v.instances !== null && (v.instances as unknown) !== '') config.instances = Number(v.instances);
  if (v.rollout_percentage !== null && (v.rollout_percentage as unknown) !== '') config.rollout_percentage = Number(v.rollout_percentage);
  if (v.health_check_url.trim()) config.health_check_url = v.health_check_url.trim();
  return config;
}

/** The "새 배포 계획" form: every field, with the limits the service enforces (from '@workflow-mcp/domain'). */
export function deploymentForm(dep?: Deployment) {
  const cfg = dep?.deployment_config ?? {};
  const extra = Object.fromEntries(Object.entries(cfg).filter(([k]) => !(KNOWN_CONFIG_KEYS as readonly string[]).includes(k)));
  const form = new FormGroup({
    title: new FormControl(dep?.title ?? '', {
      nonNullable: true,
      validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.titleMax)],
    }),
    description: new FormControl(dep?.description ?? '', { nonNullable: true, validators: [Validators.maxLength(LIMITS.textMax)] }),
    environment_id: new FormControl<string | null>(dep?.environment_id ?? null, { validators: [Validators.required] }),
    version: new FormControl(dep?.version ?? '', {
      nonNullable: true,
      validators: [Validators.required, notBlank, Validators.maxLength(LIMITS.versionMax)],
    }),
    deployment_type: new FormControl<DeploymentType | null>(dep?.deployment_type ?? null, { validators: [Validators.required] }),
    scheduled_at: new FormControl(toLocalInput(dep?.scheduled_at), { nonNullable: true }),
    // Set once, when planning: lead time for changes is measured from it.
    commit_at: new FormControl(toLocalInput(dep?.commit_at), { nonNullable: true }),
    rollback_version: new FormControl(dep?.rollback_version ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(LIMITS.versionMax)],
    }),
    config: new FormGroup(
      {
        instances: new FormControl<number | null>(typeof cfg.instances === 'number' ? cfg.instances : null, {
          validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
        }),
        rollout_percentage: new FormControl<number | null>(typeof cfg.rollout_percentage === 'number' ? cfg.rollout_percentage : null, {
          validators: [percentage],
        }),
        health_check_url: new FormControl(typeof cfg.health_check_url === 'string' ? cfg.health_check_url : '', {
          nonNullable: true,
          validators: [Validators.maxLength(LIMITS.urlMax), pathOrUrl],
        }),
        extra: new FormControl(Object.keys(extra).length ? JSON.stringify(extra, null, 2) : '', {
          nonNullable: true,
          validators: [jsonObject],
        }),
      },
      { validators: [configSize] },
    ),
    tags: new FormControl<string[]>(dep?.tags ?? [], { nonNullable: true, validators: [stringList(LIMITS.tagsMax, LIMITS.tagMax)] }),
    notes: new FormControl(dep?.notes ?? '', { nonNullable: true, validators: [Validators.maxLength(LIMITS.textMax)] }),
  });
  // Once a deployment has started, its plan describes what ran: those fields are shown, not edited.
  if (dep && dep.status !== 'planned') {
    for (const field of DEPLOYMENT_PLAN_FIELDS) (field === 'deployment_config' ? form.controls.config : form.get(field))?.disable();
  }
  return form;
}

export type DeploymentForm = ReturnType<typeof deploymentForm>;

export function deploymentInput(form: DeploymentForm): DeploymentCreate {
  const v = form.getRawValue();
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    environment_id: v.environment_id as string,
    version: v.version.trim(),
    deployment_type: v.deployment_type as DeploymentType,
    deployment_config: configOf(v.config),
    scheduled_at: fromLocalInput(v.scheduled_at),
    commit_at: fromLocalInput(v.commit_at) ?? undefined,
    rollback_version: orNull(v.rollback_version),
    tags: v.tags,
    notes: v.notes.trim(),
  };
}

const minute = (iso: string) => Math.floor(new Date(iso).getTime() / 60_000);

/** Only what differs from the deployment as read; plan fields only while it is planned. */
export function deploymentChanges(dep: Deployment, input: DeploymentCreate): DeploymentUpdate {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input) as Array<[keyof DeploymentCreate, unknown]>) {
    if (dep.status !== 'planned' && (DEPLOYMENT_PLAN_FIELDS as readonly string[]).includes(key)) continue;
    if (key === 'commit_at') continue;
    const before: unknown = dep[key];
    const same =
      key === 'scheduled_at'
        ? (before === null && value === null) || (before !== null && value !== null && minute(before as string) === minute(value as string))
        : JSON.stringify(before ?? null) === JSON.stringify(value ?? null);
    if (!same) changes[key] = value;
  }
  return changes as DeploymentUpdate;
}
