import { ChangeDetectionStrategy, Component, type Injector, OnInit, inject, signal } from '@angular/core';
import { type AbstractControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { DEPLOYMENT_TYPES, type Deployment, type Environment } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../core/api-client';
import { injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { ChipsInput } from '../shared/chips-input';
import { applyFieldErrors, errorText } from '../shared/form-errors';
import { deploymentChanges, deploymentForm, deploymentInput } from './deployment-form';

export interface DeploymentDialogData {
  deployment?: Deployment;
  /** Preselected environment for a new plan. */
  environmentId?: string;
}

/** "새 배포 계획" (and editing a deployment): environment, version, type, schedule, rollback version, config. */
@Component({
  selector: 'app-deployment-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ChipsInput],
  template: `
    <h2 mat-dialog-title>{{ data.deployment ? t('dep.editTitle') : t('dep.createTitle') }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="deployment-form">
      <mat-dialog-content class="grid">
        @if (locked) {
          <p class="wide note">{{ t('dep.planLocked') }}</p>
        }
        @if (!locked && environments()?.length === 0) {
          <p class="wide warn" role="alert">{{ t('dep.noEnvironments') }}</p>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('dep.deploymentTitle') }}</mat-label>
          <input matInput formControlName="title" required data-testid="d-title" />
          <mat-error>{{ err(form.controls.title) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.environment') }}</mat-label>
          <select matNativeControl formControlName="environment_id" required data-testid="d-environment">
            @for (env of environments() ?? []; track env.id) {
              <option [ngValue]="env.id">{{ env.name }} ({{ label('environmentType', env.environment_type) }})</option>
            }
          </select>
          <mat-error>{{ err(form.controls.environment_id) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.version') }}</mat-label>
          <input matInput formControlName="version" required placeholder="v2.1.0" data-testid="d-version" />
          <mat-error>{{ err(form.controls.version) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.type') }}</mat-label>
          <select matNativeControl formControlName="deployment_type" required data-testid="d-type">
            @for (type of types; track type) {
              <option [ngValue]="type">{{ label('deploymentType', type) }}</option>
            }
          </select>
          <mat-error>{{ err(form.controls.deployment_type) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.schedule') }}</mat-label>
          <input matInput type="datetime-local" formControlName="scheduled_at" data-testid="d-schedule" />
          <mat-hint>{{ t('dep.scheduleHint') }}</mat-hint>
          <mat-error>{{ err(form.controls.scheduled_at) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.rollbackVersion') }}</mat-label>
          <input matInput formControlName="rollback_version" placeholder="v2.0.5" data-testid="d-rollback-version" />
          <mat-hint>{{ t('dep.rollbackVersionHint') }}</mat-hint>
          <mat-error>{{ err(form.controls.rollback_version) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('common.description') }}</mat-label>
          <textarea matInput rows="2" formControlName="description" data-testid="d-description"></textarea>
          <mat-error>{{ err(form.controls.description) }}</mat-error>
        </mat-form-field>

        <fieldset class="wide config" formGroupName="config">
          <legend>{{ t('dep.config') }}</legend>
          <div class="config-grid">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('dep.instances') }}</mat-label>
              <input matInput type="number" min="1" formControlName="instances" data-testid="d-instances" />
              <mat-error>{{ err(config.controls.instances) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('dep.rollout') }}</mat-label>
              <input matInput type="number" min="0" max="100" formControlName="rollout_percentage" data-testid="d-rollout" />
              <mat-error>{{ err(config.controls.rollout_percentage) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('dep.hcUrl') }}</mat-label>
              <input matInput formControlName="health_check_url" placeholder="/health" data-testid="d-hc-url" />
              <mat-error>{{ err(config.controls.health_check_url) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full-row">
              <mat-label>{{ t('dep.extraConfig') }}</mat-label>
              <textarea
                matInput
                rows="2"
                formControlName="extra"
                class="mono"
                placeholder='{"region": "ap-northeast-2"}'
                data-testid="d-extra"
              ></textarea>
              <mat-error>{{ err(config.controls.extra) }}</mat-error>
            </mat-form-field>
          </div>
        </fieldset>

        <app-chips-input class="wide" [control]="form.controls.tags" [label]="t('common.tags')" testId="d-tags" />
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>{{ t('dep.notes') }}</mat-label>
          <textarea matInput rows="2" formControlName="notes" data-testid="d-notes"></textarea>
          <mat-error>{{ err(form.controls.notes) }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="d-submit">
          {{ data.deployment ? t('common.save') : t('dep.new') }}
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
    .config {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px 0;
      margin: 0;
    }
    .config legend {
      font: var(--mat-sys-label-large);
      padding: 0 4px;
    }
    .config-grid {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr));
      gap: 16px 12px;
      margin-bottom: 12px;
      align-items: start;
    }
    .full-row {
      grid-column: 1 / -1;
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
    .note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .warn {
      margin: 0;
      color: var(--mat-sys-error);
    }
    @media (max-width: 600px) {
      .grid,
      .config-grid {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class DeploymentFormDialog implements OnInit {
  protected readonly data = inject<DeploymentDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<DeploymentFormDialog, Deployment>>(MatDialogRef);
  private readonly api = inject(ApiClient);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly types = DEPLOYMENT_TYPES;
  protected readonly form = deploymentForm(this.data.deployment);
  protected readonly config = this.form.controls.config;
  protected readonly locked = !!this.data.deployment && this.data.deployment.status !== 'planned';
  protected readonly environments = signal<Environment[] | null>(null);
  protected readonly saving = signal(false);

  async ngOnInit(): Promise<void> {
    if (this.data.environmentId && !this.data.deployment) this.form.controls.environment_id.setValue(this.data.environmentId);
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      this.environments.set([]);
    }
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
      const input = deploymentInput(this.form);
      const existing = this.data.deployment;
      const saved = existing
        ? await this.api.updateDeployment(existing.id, deploymentChanges(existing, input))
        : await this.api.createDeployment(input);
      this.notifier.info(existing ? this.t('dep.saved') : this.t('dep.planned'));
      this.ref.close(saved);
    } catch (error) {
      applyFieldErrors(this.form, error, { deployment_config: 'config.extra' });
    } finally {
      this.saving.set(false);
    }
  }
}

/** `injector`: the caller's, so the dialog reaches the API client provided by the pages' route. */
export async function openDeploymentDialog(
  dialog: MatDialog,
  data: DeploymentDialogData,
  injector: Injector,
): Promise<Deployment | undefined> {
  const ref = dialog.open<DeploymentFormDialog, DeploymentDialogData, Deployment>(DeploymentFormDialog, {
    data,
    injector,
    width: '760px',
    maxWidth: '96vw',
    autoFocus: 'first-tabbable',
  });
  return firstValueFrom(ref.afterClosed());
}
