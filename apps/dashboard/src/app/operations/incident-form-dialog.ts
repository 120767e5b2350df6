import { ChangeDetectionStrategy, Component, type Injector, inject } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { INCIDENT_TYPES, SEVERITIES, type Incident, type IncidentDetail } from '@workflow-mcp/domain';
import { ChipsInput } from '../shared/chips-input';
import { EntityFormDialog, openEntityFormDialog } from '../shared/entity-form-dialog';
import { EntityFormDialogShell } from '../shared/entity-form-dialog-shell';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { incidentChanges, incidentForm, incidentInput, statusChoices } from './incident-form';

export interface IncidentDialogData {
  /** Absent: create a new incident. */
  incident?: Incident;
}

/** "새 인시던트 생성" and "수정": every field of an incident. Closes with the saved incident. */
@Component({
  selector: 'app-incident-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, ChipsInput, EntityFormDialogShell],
  styleUrl: '../shared/styles/entity-form.scss',
  template: `
    <app-entity-form-dialog
      [formGroup]="form"
      (ngSubmit)="save()"
      [heading]="existing ? t('incident.editTitle') : t('incident.createTitle')"
      [submitLabel]="existing ? t('common.save') : t('common.create')"
      [saving]="saving()"
      formTestId="incident-form"
      submitTestId="f-submit"
    >
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>{{ t('incident.title') }}</mat-label>
        <input matInput formControlName="title" required data-testid="f-title" cdkFocusInitial />
        <mat-error>{{ err(form.controls.title) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.severity') }}</mat-label>
        <select matNativeControl formControlName="severity" required data-testid="f-severity">
          @for (s of severities; track s) {
            <option [ngValue]="s">{{ label('severity', s) }}</option>
          }
        </select>
        <mat-error>{{ err(form.controls.severity) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.type') }}</mat-label>
        <select matNativeControl formControlName="incident_type" required data-testid="f-type">
          @for (type of types; track type) {
            <option [ngValue]="type">{{ label('incidentType', type) }}</option>
          }
        </select>
        <mat-error>{{ err(form.controls.incident_type) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.status') }}</mat-label>
        <select matNativeControl formControlName="status" data-testid="f-status">
          @for (s of statuses; track s) {
            <option [ngValue]="s">{{ label('incidentStatus', s) }}</option>
          }
        </select>
        <mat-error>{{ err(form.controls.status) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.environment') }}</mat-label>
        <select matNativeControl formControlName="environment_id" data-testid="f-environment">
          <option [ngValue]="null">{{ t('common.none') }}</option>
          @for (env of environments.all(); track env.id) {
            <option [ngValue]="env.id">{{ env.name }}</option>
          }
        </select>
        <mat-error>{{ err(form.controls.environment_id) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>{{ t('incident.description') }}</mat-label>
        <textarea matInput rows="3" formControlName="description" data-testid="f-description"></textarea>
        <mat-error>{{ err(form.controls.description) }}</mat-error>
      </mat-form-field>

      <app-chips-input
        class="wide"
        [control]="form.controls.affected_services"
        [label]="t('incident.affectedServices')"
        testId="f-services"
      />
      <app-chips-input class="wide" [control]="form.controls.tags" [label]="t('incident.tags')" testId="f-tags" />

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.commander') }}</mat-label>
        <input matInput formControlName="commander" data-testid="f-commander" />
        <mat-error>{{ err(form.controls.commander) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('incident.deployment') }}</mat-label>
        <input matInput formControlName="deployment_id" data-testid="f-deployment" />
        <mat-hint>{{ t('incident.deploymentHint') }}</mat-hint>
        <mat-error>{{ err(form.controls.deployment_id) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>{{ t('incident.impact') }}</mat-label>
        <textarea matInput rows="2" formControlName="impact" data-testid="f-impact"></textarea>
        <mat-hint>{{ t('incident.impactHint') }}</mat-hint>
        <mat-error>{{ err(form.controls.impact) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>{{ t('incident.rootCause') }}</mat-label>
        <textarea matInput rows="2" formControlName="root_cause" data-testid="f-root-cause"></textarea>
        <mat-error>{{ err(form.controls.root_cause) }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
        <mat-label>{{ t('incident.resolutionNotes') }}</mat-label>
        <textarea matInput rows="2" formControlName="resolution_notes" data-testid="f-resolution"></textarea>
        <mat-error>{{ err(form.controls.resolution_notes) }}</mat-error>
      </mat-form-field>

      <mat-checkbox class="wide" formControlName="public" data-testid="f-public">{{ t('incident.public') }}</mat-checkbox>
    </app-entity-form-dialog>
  `,
})
export class IncidentFormDialog extends EntityFormDialog<Incident, IncidentDetail> {
  private readonly data = inject<IncidentDialogData>(MAT_DIALOG_DATA);
  protected readonly existing = this.data.incident;
  protected readonly form = incidentForm(this.existing);
  protected readonly notices = { created: 'incident.created', saved: 'incident.saved' } as const;
  protected readonly severities = SEVERITIES;
  protected readonly types = INCIDENT_TYPES;
  protected readonly statuses = statusChoices(this.existing);
  protected readonly environments = new EnvironmentLookup();

  protected create(): Promise<IncidentDetail> {
    return this.api.createIncident(incidentInput(this.form));
  }

  protected update(incident: Incident): Promise<IncidentDetail> {
    return this.api.updateIncident(incident.id, incidentChanges(incident, incidentInput(this.form)));
  }
}

export function openIncidentDialog(dialog: MatDialog, data: IncidentDialogData, injector: Injector): Promise<IncidentDetail | undefined> {
  return openEntityFormDialog(dialog, IncidentFormDialog, data, injector);
}
