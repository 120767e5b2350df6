import { ChangeDetectionStrategy, Component, type Injector, OnInit, inject, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { INCIDENT_TYPES, LIMITS, SEVERITIES, type Environment, type Incident, type IncidentDetail } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../core/api-client';
import { injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { ChipsInput } from '../shared/chips-input';
import { applyFieldErrors, errorText } from '../shared/form-errors';
import { incidentChanges, incidentForm, incidentInput, statusChoices } from './incident-form';

export interface IncidentDialogData {
  /** Absent: create a new incident. */
  incident?: Incident;
}

/** "새 인시던트 생성" and "수정": every field of an incident. Closes with the saved incident. */
@Component({
  selector: 'app-incident-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ChipsInput],
  template: `
    <h2 mat-dialog-title>{{ data.incident ? t('incident.editTitle') : t('incident.createTitle') }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="incident-form">
      <mat-dialog-content class="grid">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('incident.title') }}</mat-label>
          <input matInput formControlName="title" required data-testid="f-title" cdkFocusInitial />
          <mat-error>{{ err('title') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('incident.severity') }}</mat-label>
          <select matNativeControl formControlName="severity" required data-testid="f-severity">
            @for (s of severities; track s) {
              <option [ngValue]="s">{{ label('severity', s) }}</option>
            }
          </select>
          <mat-error>{{ err('severity') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('incident.type') }}</mat-label>
          <select matNativeControl formControlName="incident_type" required data-testid="f-type">
            @for (type of types; track type) {
              <option [ngValue]="type">{{ label('incidentType', type) }}</option>
            }
          </select>
          <mat-error>{{ err('incident_type') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('incident.status') }}</mat-label>
          <select matNativeControl formControlName="status" data-testid="f-status">
            @for (s of statuses; track s) {
              <option [ngValue]="s">{{ label('incidentStatus', s) }}</option>
            }
          </select>
          <mat-error>{{ err('status') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('incident.environment') }}</mat-label>
          <select matNativeControl formControlName="environment_id" data-testid="f-environment">
            <option [ngValue]="null">{{ t('common.none') }}</option>
            @for (env of environments(); track env.id) {
              <option [ngValue]="env.id">{{ env.name }}</option>
            }
          </select>
          <mat-error>{{ err('environment_id') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('incident.description') }}</mat-label>
          <textarea matInput rows="3" formControlName="description" data-testid="f-description"></textarea>
          <mat-error>{{ err('description') }}</mat-error>
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
          <mat-error>{{ err('commander') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('incident.deployment') }}</mat-label>
          <input matInput formControlName="deployment_id" data-testid="f-deployment" />
          <mat-hint>{{ t('incident.deploymentHint') }}</mat-hint>
          <mat-error>{{ err('deployment_id') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('incident.rootCause') }}</mat-label>
          <textarea matInput rows="2" formControlName="root_cause" data-testid="f-root-cause"></textarea>
          <mat-error>{{ err('root_cause') }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('incident.resolutionNotes') }}</mat-label>
          <textarea matInput rows="2" formControlName="resolution_notes" data-testid="f-resolution"></textarea>
          <mat-error>{{ err('resolution_notes') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="f-submit">
          {{ data.incident ? t('common.save') : t('common.create') }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 16px;
      padding-top: 8px;
      align-items: start;
    }
    .wide {
      grid-column: 1 / -1;
    }
    mat-form-field {
      width: 100%;
    }
    @media (max-width: 600px) {
      .grid {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class IncidentFormDialog implements OnInit {
  protected readonly data = inject<IncidentDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<IncidentFormDialog, IncidentDetail>>(MatDialogRef);
  private readonly api = inject(ApiClient);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly limits = LIMITS;
  protected readonly severities = SEVERITIES;
  protected readonly types = INCIDENT_TYPES;
  protected readonly statuses = statusChoices(this.data.incident);
  protected readonly form = incidentForm(this.data.incident);
  protected readonly environments = signal<Environment[]>([]);
  protected readonly saving = signal(false);

  async ngOnInit(): Promise<void> {
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      /* shown by the interceptor; the field still offers "none" */
    }
  }

  protected err(name: keyof typeof this.form.controls): string {
    return errorText(this.form.controls[name], this.t);
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    try {
      const input = incidentInput(this.form);
      const existing = this.data.incident;
      const saved = existing
        ? await this.api.updateIncident(existing.id, incidentChanges(existing, input))
        : await this.api.createIncident(input);
      this.notifier.info(existing ? this.t('incident.saved') : this.t('incident.created'));
      this.ref.close(saved);
    } catch (error) {
      applyFieldErrors(this.form, error);
    } finally {
      this.saving.set(false);
    }
  }
}

/** `injector`: the caller's, so the dialog reaches the API client provided by the pages' route. */
export async function openIncidentDialog(
  dialog: MatDialog,
  data: IncidentDialogData,
  injector: Injector,
): Promise<IncidentDetail | undefined> {
  const ref = dialog.open<IncidentFormDialog, IncidentDialogData, IncidentDetail>(IncidentFormDialog, {
    data,
    injector,
    width: '760px',
    maxWidth: '96vw',
    autoFocus: 'first-tabbable',
  });
  return firstValueFrom(ref.afterClosed());
}
