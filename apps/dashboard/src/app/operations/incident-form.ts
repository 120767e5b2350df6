import { FormControl, FormGroup, Validators } from '@angular/forms';
import {
  INCIDENT_STATUSES,
  LIMITS,
  allowedIncidentStatuses,
  type Incident,
  type IncidentCreate,
  type IncidentStatus,
  type IncidentType,
  type IncidentUpdate,
  type Severity,
} from '@workflow-mcp/domain';
import { notBlank, stringList } from '../shared/validators';
import { orNull } from '../shared/form-errors';

/** The incident form: every field, with the limits the service enforces (from '@workflow-mcp/domain'). */
export function incidentForm(incident?: Incident) {
  const text = (value: string | null | undefined, max: number, required = false) =>
    new FormControl(value ?? '', {
      nonNullable: true,
      validators: [...(required ? [Validators.required, notBlank] : []), Validators.maxLength(max)],
    });
  return new FormGroup({
    title: text(incident?.title, LIMITS.titleMax, true),
    description: text(incident?.description, LIMITS.textMax),
    severity: new FormControl<Severity | null>(incident?.severity ?? null, { validators: [Validators.required] }),
    incident_type: new FormControl<IncidentType | null>(incident?.incident_type ?? null, { validators: [Validators.required] }),
    status: new FormControl<IncidentStatus>(incident?.status ?? 'open', { nonNullable: true }),
    affected_services: new FormControl<string[]>(incident?.affected_services ?? [], {
      nonNullable: true,
      validators: [stringList(LIMITS.servicesMax, LIMITS.serviceMax)],
    }),
    tags: new FormControl<string[]>(incident?.tags ?? [], { nonNullable: true, validators: [stringList(LIMITS.tagsMax, LIMITS.tagMax)] }),
    environment_id: new FormControl<string | null>(incident?.environment_id ?? null),
    deployment_id: text(incident?.deployment_id, 40),
    commander: text(incident?.commander, LIMITS.actorMax),
    resolution_notes: text(incident?.resolution_notes, LIMITS.textMax),
    root_cause: text(incident?.root_cause, LIMITS.textMax),
    impact: text(incident?.impact, LIMITS.textMax),
    public: new FormControl(incident?.public ?? false, { nonNullable: true }),
  });
}

export type IncidentForm = ReturnType<typeof incidentForm>;

/** Statuses the form offers: any for a new incident; for an existing one its own and where the lifecycle allows it to go. */
export function statusChoices(incident?: Incident): IncidentStatus[] {
  if (!incident) return [...INCIDENT_STATUSES];
  const allowed = new Set<IncidentStatus>([incident.status, ...allowedIncidentStatuses(incident.status)]);
  return INCIDENT_STATUSES.filter((s) => allowed.has(s));
}

export function incidentInput(form: IncidentForm): IncidentCreate {
  const v = form.getRawValue();
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    severity: v.severity as Severity,
    incident_type: v.incident_type as IncidentType,
    status: v.status,
    affected_services: v.affected_services,
    tags: v.tags,
    environment_id: v.environment_id,
    deployment_id: orNull(v.deployment_id),
    commander: orNull(v.commander),
    resolution_notes: orNull(v.resolution_notes),
    root_cause: orNull(v.root_cause),
    impact: orNull(v.impact),
    public: v.public,
  };
}

/** Only what differs from the incident as read, so a concurrent edit of another field is kept. */
export function incidentChanges(incident: Incident, input: IncidentCreate): IncidentUpdate {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input) as Array<[keyof IncidentCreate, unknown]>) {
    const before = incident[key] as unknown;
    if (JSON.stringify(before ?? null) !== JSON.stringify(value ?? null) && !(before === '' && value === null)) changes[key] = value;
  }
  return changes as IncidentUpdate;
}
