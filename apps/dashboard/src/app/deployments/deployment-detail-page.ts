import { ChangeDetectionStrategy, Component, Injector, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import type { Deployment, DeploymentDetail } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { ChipList } from '../shared/chip-list';
import { DetailHeader } from '../shared/detail-header';
import { DetailPage } from '../shared/detail-page';
import { EntityDetail } from '../shared/entity-detail';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { Panel } from '../shared/panel';
import { StatusPill } from '../shared/status-pill';
import { Timeline, TimelineHistory } from '../shared/timeline';
import { ACTION_LABELS, type ButtonAction, DeploymentActions, buttonActions } from './deployment-actions';
import { openDeploymentDialog } from './deployment-form-dialog';

const KNOWN_CONFIG = ['instances', 'rollout_percentage', 'health_check_url'];

/** /deployments/:id — the plan, live progress, the lifecycle buttons ("실행", complete, fail, "롤백") and the timeline. */
@Component({
  selector: 'app-deployment-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, StatusPill, Timeline, DetailPage, DetailHeader, Panel, ChipList],
  template: `
    <app-detail-page
      [detail]="detail"
      back="/deployments"
      [backLabel]="t('dep.back')"
      [notFound]="t('dep.notFound')"
      missingTestId="deployment-missing"
    >
      @if (detail.value(); as dep) {
        <app-detail-header [heading]="dep.title" headingTestId="deployment-title" actionsTestId="deployment-actions">
          <app-status-pill group="deploymentStatus" [value]="dep.status" data-testid="deployment-status" />
          <code>{{ dep.version }}</code>
          <span class="muted">→ {{ environmentName() }}</span>
          <span class="muted">· {{ label('deploymentType', dep.deployment_type) }}</span>
          @for (action of actions(); track action) {
            <button
              detailAction
              [attr.data-action]="action"
              type="button"
              [disabled]="busy()"
              (click)="run(action)"
              [class]="
                action === 'execute' || action === 'complete'
                  ? 'primary'
                  : action === 'fail' || action === 'rollback' || action === 'delete'
                    ? 'danger'
                    : ''
              "
              mat-stroked-button
            >
              {{ t(actionLabels[action]) }}
            </button>
          }
        </app-detail-header>

        @if (dep.status === 'in_progress') {
          <app-panel class="progress" aria-live="polite" data-testid="deployment-progress">
            <div class="progress-head">
              <strong>{{ t('dep.progress') }}</strong>
              <span>{{ waiting(dep) ? t('dep.waiting') : t('dep.progressValue', { percent: dep.progress_percentage ?? 0 }) }}</span>
            </div>
            <mat-progress-bar
              [mode]="waiting(dep) ? 'indeterminate' : 'determinate'"
              [value]="dep.progress_percentage ?? 0"
              [attr.aria-label]="t('dep.progress')"
              [attr.aria-valuenow]="dep.progress_percentage"
            />
            @if (dep.progress_message) {
              <p class="muted">{{ dep.progress_message }}</p>
            }
          </app-panel>
        }

        <div class="layout">
          <app-panel [heading]="t('dep.details')">
            <dl class="fields">
              <dt>{{ t('dep.environment') }}</dt>
              <dd>{{ environmentName() }}</dd>
              <dt>{{ t('dep.version') }}</dt>
              <dd>
                <code>{{ dep.version }}</code>
              </dd>
              <dt>{{ t('dep.type') }}</dt>
              <dd>{{ label('deploymentType', dep.deployment_type) }}</dd>
              <dt>{{ t('dep.schedule') }}</dt>
              <dd>{{ dep.scheduled_at ? time(dep.scheduled_at) : t('dep.unscheduled') }}</dd>
              <dt>{{ t('dep.rollbackVersion') }}</dt>
              <dd>{{ dep.rollback_version ?? '—' }}</dd>
              <dt>{{ t('dep.previousVersion') }}</dt>
              <dd>{{ dep.previous_version ?? '—' }}</dd>
              <dt>{{ t('dep.instances') }}</dt>
              <dd>{{ dep.deployment_config.instances ?? '—' }}</dd>
              <dt>{{ t('dep.rollout') }}</dt>
              <dd>{{ dep.deployment_config.rollout_percentage ?? '—' }}</dd>
              <dt>{{ t('dep.hcUrl') }}</dt>
              <dd>{{ dep.deployment_config.health_check_url ?? '—' }}</dd>
              @if (extraConfig(); as extra) {
                <dt>{{ t('dep.extraConfig') }}</dt>
                <dd>
                  <pre>{{ extra }}</pre>
                </dd>
              }
              <dt>{{ t('common.description') }}</dt>
              <dd class="pre">{{ dep.description || '—' }}</dd>
              <dt>{{ t('common.tags') }}</dt>
              <dd><app-chip-list [items]="dep.tags" /></dd>
              <dt>{{ t('dep.notes') }}</dt>
              <dd class="pre">{{ dep.notes || '—' }}</dd>
              <dt>{{ t('common.created') }}</dt>
              <dd>{{ time(dep.created_at) }}</dd>
              <dt>{{ t('dep.started') }}</dt>
              <dd>{{ time(dep.started_at) }}</dd>
              <dt>{{ t('dep.finished') }}</dt>
              <dd>{{ time(dep.completed_at) }}</dd>
              @if (dep.failure_reason) {
                <dt>{{ t('dep.failureReason') }}</dt>
                <dd class="pre">{{ dep.failure_reason }}</dd>
              }
              @if (dep.rolled_back_to) {
                <dt>{{ t('dep.rolledBackTo') }}</dt>
                <dd data-testid="rolled-back-to">
                  <code>{{ dep.rolled_back_to }}</code>
                </dd>
              }
              @if (dep.rollback_reason) {
                <dt>{{ t('dep.rollbackReasonShown') }}</dt>
                <dd class="pre">{{ dep.rollback_reason }}</dd>
              }
            </dl>
          </app-panel>
          <app-panel [heading]="t('common.timeline')">
            <app-timeline [history]="history" [olderLabel]="t('dep.olderEntries')" />
          </app-panel>
        </div>
      }
    </app-detail-page>
  `,
  styleUrl: '../shared/styles/detail-page.scss',
  styles: `
    [data-action].primary {
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    [data-action].danger {
      color: var(--mat-sys-error);
    }
    .progress {
      margin-bottom: 16px;
    }
    .progress-head {
      display: flex;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 8px;
    }
    pre {
      margin: 0;
      font-size: 12px;
      white-space: pre-wrap;
    }
  `,
})
export class DeploymentDetailPage {
  readonly id = input.required<string>();
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly lifecycle = inject(DeploymentActions);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  private readonly auth = inject(Auth);
  protected readonly label = this.i18n.label;
  protected readonly actionLabels = ACTION_LABELS;

  protected readonly detail = new EntityDetail<DeploymentDetail>({
    id: this.id,
    fetch: (id) => this.api.getDeployment(id),
    entity: 'deployment',
    // The page names the environment and the versions it holds.
    alsoOn: ['environment'],
  });
  /** The timeline with the older entries a person asked for. */
  protected readonly history = new TimelineHistory(this.detail.value, (id, query) => this.api.deploymentTimeline(id, query));
  private readonly environments = new EnvironmentLookup();
  protected readonly busy = signal(false);

  protected readonly actions = computed<ButtonAction[]>(() => {
    const dep = this.detail.value();
    // Viewers change nothing; deleting is for admins.
    return dep ? buttonActions(dep).filter((action) => this.auth.can(action === 'delete' ? 'admin' : 'responder')) : [];
  });
  protected readonly environmentName = computed(() => {
    const dep = this.detail.value();
    return dep ? this.environments.name(dep.environment_id) : '';
  });
  protected readonly extraConfig = computed(() => {
    const config = this.detail.value()?.deployment_config ?? {};
    const extra = Object.fromEntries(Object.entries(config).filter(([k]) => !KNOWN_CONFIG.includes(k)));
    return Object.keys(extra).length ? JSON.stringify(extra, null, 2) : null;
  });

  /** Started, and the pipeline has not said anything yet. */
  protected waiting(dep: Deployment): boolean {
    return dep.progress_percentage === null || (dep.progress_percentage === 0 && !dep.progress_message);
  }

  protected time(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }

  protected async run(action: ButtonAction): Promise<void> {
    const dep = this.detail.value();
    if (!dep) return;
    this.busy.set(true);
    try {
      if (action === 'edit') {
        await openDeploymentDialog(this.dialog, { deployment: dep }, this.injector);
      } else {
        const result = await this.lifecycle.run(action, dep, this.environmentName());
        if (result === 'deleted') {
          await this.router.navigate(['/deployments']);
          return;
        }
      }
      await this.detail.reload();
    } finally {
      this.busy.set(false);
    }
  }
}
