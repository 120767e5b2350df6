import { ChangeDetectionStrategy, Component, type Injector, inject, signal } from '@angular/core';
import { type AbstractControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ENVIRONMENT_STATUSES, ENVIRONMENT_TYPES, type Environment } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiClient } from '../core/api-client';
import { injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { ChipsInput } from '../shared/chips-input';
import { applyFieldErrors, errorText } from '../shared/form-errors';
import { environmentChanges, environmentForm, environmentInput } from './environment-form';

export interface EnvironmentDialogData {
  environment?: Environment;
}

/** "새 환경 추가" and "편집": every field of an environment, health check settings included. */
@Component({
  selector: 'app-environment-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatCheckboxModule, ChipsInput],
  template: `
    <h2 mat-dialog-title>{{ data.environment ? t('env.editTitle') : t('env.createTitle') }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="environment-form">
      <mat-dialog-content class="grid">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.name') }}</mat-label>
          <input matInput formControlName="name" required data-testid="e-name" />
          <mat-hint>{{ t('env.nameHint') }}</mat-hint>
          <mat-error>{{ err(form.controls.name) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.type') }}</mat-label>
          <select matNativeControl formControlName="environment_type" required data-testid="e-type">
            @for (type of types; track type) {
              <option [ngValue]="type">{{ label('environmentType', type) }}</option>
            }
          </select>
          <mat-error>{{ err(form.controls.environment_type) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.url') }}</mat-label>
          <input matInput formControlName="url" type="url" placeholder="https://api.company.com" data-testid="e-url" />
          <mat-error>{{ err(form.controls.url) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.status') }}</mat-label>
          <select matNativeControl formControlName="status" data-testid="e-status">
            @for (s of statuses; track s) {
              <option [ngValue]="s">{{ label('environmentStatus', s) }}</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('common.description') }}</mat-label>
          <textarea matInput rows="2" formControlName="description" data-testid="e-description"></textarea>
          <mat-error>{{ err(form.controls.description) }}</mat-error>
        </mat-form-field>
        <app-chips-input class="wide" [control]="form.controls.tags" [label]="t('common.tags')" testId="e-tags" />
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.currentVersion') }}</mat-label>
          <input matInput formControlName="current_version" data-testid="e-version" />
          <mat-error>{{ err(form.controls.current_version) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('env.deployHook') }}</mat-label>
          <input matInput formControlName="deploy_hook_url" type="url" data-testid="e-hook" />
          <mat-hint>{{ t('env.deployHookHint') }}</mat-hint>
          <mat-error>{{ err(form.controls.deploy_hook_url) }}</mat-error>
        </mat-form-field>

        <fieldset class="wide hc" formGroupName="health_check">
          <legend>{{ t('env.healthCheck') }}</legend>
          <div class="checks">
            <mat-checkbox formControlName="enabled" data-testid="e-hc-enabled">{{ t('env.hcEnabled') }}</mat-checkbox>
            <mat-checkbox formControlName="auto_incident_enabled" data-testid="e-hc-auto">{{ t('env.hcAutoIncident') }}</mat-checkbox>
          </div>
          <div class="hc-grid">
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="hc-target">
              <mat-label>{{ t('env.hcTarget') }}</mat-label>
              <input matInput formControlName="target" placeholder="/health" data-testid="e-hc-target" />
              <mat-hint>{{ t('env.hcTargetHint') }}</mat-hint>
              <mat-error>{{ err(hc.controls.target) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcExpected') }}</mat-label>
              <input matInput type="number" formControlName="expected_status" data-testid="e-hc-expected" />
              <mat-error>{{ err(hc.controls.expected_status) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcTimeout') }}</mat-label>
              <input matInput type="number" formControlName="timeout_ms" data-testid="e-hc-timeout" />
              <mat-error>{{ err(hc.controls.timeout_ms) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcInterval') }}</mat-label>
              <input matInput type="number" formControlName="interval_seconds" data-testid="e-hc-interval" />
              <mat-error>{{ err(hc.controls.interval_seconds) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcSlow') }}</mat-label>
              <input matInput type="number" formControlName="slow_threshold_ms" data-testid="e-hc-slow" />
              <mat-error>{{ err(hc.controls.slow_threshold_ms) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcThreshold') }}</mat-label>
              <input matInput type="number" formControlName="critical_threshold" data-testid="e-hc-threshold" />
              <mat-error>{{ err(hc.controls.critical_threshold) }}</mat-error>
            </mat-form-field>
          </div>
        </fieldset>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="e-submit">
          {{ data.environment ? t('common.save') : t('common.create') }}
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
    .hc {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px 0;
      margin: 0;
    }
    .hc legend {
      font: var(--mat-sys-label-large);
      padding: 0 4px;
    }
    .hc-grid {
      display: grid;
      grid-template-columns: repeat(5, minmax(0, 1fr));
      gap: 16px 12px;
      margin: 8px 0 12px;
      align-items: start;
    }
    .hc-target {
      grid-column: 1 / -1;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 0 16px;
    }
    @media (max-width: 600px) {
      .grid {
        grid-template-columns: 1fr;
      }
      .hc-grid {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
  `,
})
export class EnvironmentFormDialog {
  protected readonly data = inject<EnvironmentDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<EnvironmentFormDialog, Environment>>(MatDialogRef);
  private readonly api = inject(ApiClient);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly types = ENVIRONMENT_TYPES;
  protected readonly statuses = ENVIRONMENT_STATUSES;
  protected readonly form = environmentForm(this.data.environment);
  protected readonly hc = this.form.controls.health_check;
  protected readonly saving = signal(false);

  constructor() {
    // Until someone sets it, automatic incidents follow the type (on for production), as the service does.
    const auto = this.hc.controls.auto_incident_enabled;
    this.form.controls.environment_type.valueChanges.pipe(takeUntilDestroyed()).subscribe((type) => {
      if (!auto.dirty && !this.data.environment) auto.setValue(type === 'production');
    });
  }

  protected err(control: AbstractControl): string {
    return errorText(control, this.t);
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    try {
      const input = environmentInput(this.form);
      const existing = this.data.environment;
      const saved = existing
        ? await this.api.updateEnvironment(existing.id, environmentChanges(existing, input))
        : await this.api.createEnvironment(input);
      this.notifier.info(existing ? this.t('env.saved') : this.t('env.created'));
      this.ref.close(saved);
    } catch (error) {
      applyFieldErrors(this.form, error);
    } finally {
      this.saving.set(false);
    }
  }
}

/** `injector`: the caller's, so the dialog reaches the API client provided by the pages' route. */
export async function openEnvironmentDialog(
  dialog: MatDialog,
  data: EnvironmentDialogData,
  injector: Injector,
): Promise<Environment | undefined> {
  const ref = dialog.open<EnvironmentFormDialog, EnvironmentDialogData, Environment>(EnvironmentFormDialog, {
    data,
    injector,
    width: '760px',
    maxWidth: '96vw',
    autoFocus: 'first-tabbable',
  });
  return firstValueFrom(ref.afterClosed());
}
