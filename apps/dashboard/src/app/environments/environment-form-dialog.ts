import { ChangeDetectionStrategy, Component, type Injector, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  DNS_RECORD_TYPES,
  ENVIRONMENT_STATUSES,
  ENVIRONMENT_TYPES,
  HEALTH_CHECK_KINDS,
  type Environment,
  type HealthCheckKind,
} from '@workflow-mcp/domain';
import { ChipsInput } from '../shared/chips-input';
import { EntityFormDialog, openEntityFormDialog } from '../shared/entity-form-dialog';
import { EntityFormDialogShell } from '../shared/entity-form-dialog-shell';
import { environmentChanges, environmentForm, environmentInput } from './environment-form';

export interface EnvironmentDialogData {
  environment?: Environment;
}

/** "새 환경 추가" and "편집": every field of an environment, health check settings included. */
@Component({
  selector: 'app-environment-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatCheckboxModule, ChipsInput, EntityFormDialogShell],
  styleUrl: '../shared/styles/entity-form.scss',
  template: `
    <app-entity-form-dialog
      [formGroup]="form"
      (ngSubmit)="save()"
      [heading]="existing ? t('env.editTitle') : t('env.createTitle')"
      [submitLabel]="existing ? t('common.save') : t('common.create')"
      [saving]="saving()"
      formTestId="environment-form"
      submitTestId="e-submit"
    >
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
      <mat-checkbox class="wide" formControlName="public" data-testid="e-public">{{ t('env.public') }}</mat-checkbox>

      <fieldset class="wide group" formGroupName="health_check">
        <legend>{{ t('env.healthCheck') }}</legend>
        <div class="checks">
          <mat-checkbox formControlName="enabled" data-testid="e-hc-enabled">{{ t('env.hcEnabled') }}</mat-checkbox>
          <mat-checkbox formControlName="auto_incident_enabled" data-testid="e-hc-auto">{{ t('env.hcAutoIncident') }}</mat-checkbox>
        </div>
        <div class="group-grid hc-grid">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('env.hcKind') }}</mat-label>
            <select matNativeControl formControlName="kind" data-testid="e-hc-kind">
              @for (k of kinds; track k) {
                <option [ngValue]="k">{{ t(kindLabel(k)) }}</option>
              }
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="target">
            <mat-label>{{ kind() === 'http' ? t('env.hcTarget') : t('env.hcTargetHost') }}</mat-label>
            <input matInput formControlName="target" [placeholder]="targetExample[kind()]" data-testid="e-hc-target" />
            <mat-hint>{{ t(targetHint[kind()]) }}</mat-hint>
            <mat-error>{{ err(hc.controls.target) }}</mat-error>
          </mat-form-field>
          @if (kind() === 'http') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcExpected') }}</mat-label>
              <input matInput type="number" formControlName="expected_status" data-testid="e-hc-expected" />
              <mat-error>{{ err(hc.controls.expected_status) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="half-row">
              <mat-label>{{ t('env.hcKeyword') }}</mat-label>
              <input matInput formControlName="body_keyword" data-testid="e-hc-keyword" />
              <mat-error>{{ err(hc.controls.body_keyword) }}</mat-error>
            </mat-form-field>
            <mat-checkbox class="half-row" formControlName="body_keyword_absent" data-testid="e-hc-keyword-absent">
              {{ t('env.hcKeywordAbsent') }}
            </mat-checkbox>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full-row">
              <mat-label>{{ t('env.hcJson') }}</mat-label>
              <input matInput formControlName="body_json_condition" placeholder='$.status == "ok"' data-testid="e-hc-json" />
              <mat-hint>{{ t('env.hcJsonHint') }}</mat-hint>
              <mat-error>{{ err(hc.controls.body_json_condition) }}</mat-error>
            </mat-form-field>
          }
          @if (kind() === 'tls') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcTlsDays') }}</mat-label>
              <input matInput type="number" formControlName="tls_expiry_warning_days" data-testid="e-hc-tls-days" />
              <mat-error>{{ err(hc.controls.tls_expiry_warning_days) }}</mat-error>
            </mat-form-field>
            <mat-checkbox class="half-row" formControlName="tls_allow_untrusted" data-testid="e-hc-tls-untrusted">
              {{ t('env.hcTlsUntrusted') }}
            </mat-checkbox>
          }
          @if (kind() === 'dns') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('env.hcDnsType') }}</mat-label>
              <select matNativeControl formControlName="dns_record_type" data-testid="e-hc-dns-type">
                <option [ngValue]="null">{{ t('env.hcDnsTypeAny') }}</option>
                @for (type of recordTypes; track type) {
                  <option [ngValue]="type">{{ type }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="half-row">
              <mat-label>{{ t('env.hcDnsExpected') }}</mat-label>
              <input matInput formControlName="dns_expected" data-testid="e-hc-dns-expected" />
              <mat-hint>{{ t('env.hcDnsExpectedHint') }}</mat-hint>
              <mat-error>{{ err(hc.controls.dns_expected) }}</mat-error>
            </mat-form-field>
          }
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
    </app-entity-form-dialog>
  `,
  styles: `
    .hc-grid {
      grid-template-columns: repeat(5, minmax(0, 1fr));
      margin-top: 8px;
    }
    .target {
      grid-column: span 4;
    }
    .half-row {
      grid-column: span 2;
      align-self: center;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 0 16px;
    }
    @media (max-width: 600px) {
      .hc-grid {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
  `,
})
export class EnvironmentFormDialog extends EntityFormDialog<Environment, Environment> {
  private readonly data = inject<EnvironmentDialogData>(MAT_DIALOG_DATA);
  protected readonly existing = this.data.environment;
  protected readonly form = environmentForm(this.existing);
  protected readonly notices = { created: 'env.created', saved: 'env.saved' } as const;
  protected readonly hc = this.form.controls.health_check;
  protected readonly types = ENVIRONMENT_TYPES;
  protected readonly statuses = ENVIRONMENT_STATUSES;
  protected readonly kinds = HEALTH_CHECK_KINDS;
  protected readonly recordTypes = DNS_RECORD_TYPES;
  protected readonly kind = toSignal(this.hc.controls.kind.valueChanges, { initialValue: this.hc.controls.kind.value });
  protected readonly kindLabel = (kind: HealthCheckKind) => `env.hcKind.${kind}` as const;
  protected readonly targetHint = {
    http: 'env.hcTargetHint',
    tcp: 'env.hcTargetHintTcp',
    tls: 'env.hcTargetHintTls',
    dns: 'env.hcTargetHintDns',
  } as const satisfies Record<HealthCheckKind, string>;
  protected readonly targetExample: Record<HealthCheckKind, string> = {
    http: '/health',
    tcp: 'db.internal:5432',
    tls: 'api.company.com',
    dns: 'api.company.com',
  };

  constructor() {
    super();
    // Until someone sets it, automatic incidents follow the type (on for production), as the service does.
    const auto = this.hc.controls.auto_incident_enabled;
    this.form.controls.environment_type.valueChanges.pipe(takeUntilDestroyed()).subscribe((type) => {
      if (!auto.dirty && !this.existing) auto.setValue(type === 'production');
    });
    // What a target may be depends on the kind.
    this.hc.controls.kind.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.hc.controls.target.updateValueAndValidity());
  }

  protected create(): Promise<Environment> {
    return this.api.createEnvironment(environmentInput(this.form));
  }

  protected update(environment: Environment): Promise<Environment> {
    return this.api.updateEnvironment(environment.id, environmentChanges(environment, environmentInput(this.form)));
  }
}

export function openEnvironmentDialog(
  dialog: MatDialog,
  data: EnvironmentDialogData,
  injector: Injector,
): Promise<Environment | undefined> {
  return openEntityFormDialog(dialog, EnvironmentFormDialog, data, injector);
}
