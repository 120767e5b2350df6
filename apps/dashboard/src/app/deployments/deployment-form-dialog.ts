import { ChangeDetectionStrategy, Component, type Injector, type OnInit, inject, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, type MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { DEPLOYMENT_TYPES, type Deployment, type Environment } from '@workflow-mcp/domain';
import { ChipsInput } from '../shared/chips-input';
import { EntityFormDialog, openEntityFormDialog } from '../shared/entity-form-dialog';
import { EntityFormDialogShell } from '../shared/entity-form-dialog-shell';
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
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, ChipsInput, EntityFormDialogShell],
  styleUrl: '../shared/styles/entity-form.scss',
  template: `
    <app-entity-form-dialog
      [formGroup]="form"
      (ngSubmit)="save()"
      [heading]="existing ? t('dep.editTitle') : t('dep.createTitle')"
      [submitLabel]="existing ? t('common.save') : t('dep.new')"
      [saving]="saving()"
      formTestId="deployment-form"
      submitTestId="d-submit"
    >
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
      @if (!existing) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('dep.commitAt') }}</mat-label>
          <input matInput type="datetime-local" formControlName="commit_at" data-testid="d-commit-at" />
          <mat-hint>{{ t('dep.commitAtHint') }}</mat-hint>
          <mat-error>{{ err(form.controls.commit_at) }}</mat-error>
        </mat-form-field>
      }
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

      <fieldset class="wide group" formGroupName="config">
        <legend>{{ t('dep.config') }}</legend>
        <div class="group-grid config-grid">
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
    </app-entity-form-dialog>
  `,
  styles: `
    .config-grid {
      grid-template-columns: repeat(3, minmax(0, 1fr));
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
      .config-grid {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class DeploymentFormDialog extends EntityFormDialog<Deployment, Deployment> implements OnInit {
  private readonly data = inject<DeploymentDialogData>(MAT_DIALOG_DATA);
  protected readonly existing = this.data.deployment;
  protected readonly form = deploymentForm(this.existing);
  protected readonly notices = { created: 'dep.planned', saved: 'dep.saved' } as const;
  protected override readonly fieldAliases = { deployment_config: 'config.extra' };
  protected readonly config = this.form.controls.config;
  protected readonly types = DEPLOYMENT_TYPES;
  protected readonly locked = !!this.existing && this.existing.status !== 'planned';
  /** null until loaded: "add an environment first" only shows once it is known there is none. */
  protected readonly environments = signal<Environment[] | null>(null);

  async ngOnInit(): Promise<void> {
    if (this.data.environmentId && !this.existing) this.form.controls.environment_id.setValue(this.data.environmentId);
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      this.environments.set([]);
    }
  }

  protected create(): Promise<Deployment> {
    return this.api.createDeployment(deploymentInput(this.form));
  }

  protected update(deployment: Deployment): Promise<Deployment> {
    return this.api.updateDeployment(deployment.id, deploymentChanges(deployment, deploymentInput(this.form)));
  }
}

export function openDeploymentDialog(dialog: MatDialog, data: DeploymentDialogData, injector: Injector): Promise<Deployment | undefined> {
  return openEntityFormDialog(dialog, DeploymentFormDialog, data, injector);
}
