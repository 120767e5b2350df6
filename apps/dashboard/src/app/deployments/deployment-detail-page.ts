import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type { Deployment, DeploymentDetail, Environment } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { errorBody } from '../core/api-error';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { StatusPill } from '../shared/status-pill';
import { Timeline } from '../shared/timeline';
import { ACTION_LABELS, type ButtonAction, DeploymentActions, buttonActions } from './deployment-actions';
import { openDeploymentDialog } from './deployment-form-dialog';

const KNOWN_CONFIG = ['instances', 'rollout_percentage', 'health_check_url'];

/** /deployments/:id — the plan, live progress, the lifecycle buttons ("실행", complete, fail, "롤백") and the timeline. */
@Component({
  selector: 'app-deployment-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatProgressBarModule, StatusPill, Timeline],
  template: `
    <a routerLink="/deployments" class="back">← {{ t('dep.back') }}</a>
    @if (missing()) {
      <div class="empty" data-testid="deployment-missing">
        <p>{{ t('dep.notFound') }}</p>
        <a mat-stroked-button routerLink="/deployments">{{ t('dep.back') }}</a>
      </div>
    } @else if (deployment(); as dep) {
      <header class="head">
        <div class="title-block">
          <h1 data-testid="deployment-title">{{ dep.title }}</h1>
          <div class="pills">
            <app-status-pill group="deploymentStatus" [value]="dep.status" data-testid="deployment-status" />
            <code>{{ dep.version }}</code>
            <span class="muted">→ {{ environmentName() }}</span>
            <span class="muted">· {{ label('deploymentType', dep.deployment_type) }}</span>
          </div>
        </div>
        <div class="head-actions" data-testid="deployment-actions">
          @for (action of actions(); track action) {
            <button
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
        </div>
      </header>

      @if (dep.status === 'in_progress') {
        <section class="panel progress" aria-live="polite" data-testid="deployment-progress">
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
        </section>
      }

      <div class="layout">
        <section class="panel" aria-labelledby="dep-fields">
          <h2 id="dep-fields">{{ t('dep.details') }}</h2>
          <dl>
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
            <dd>
              @for (tag of dep.tags; track tag) {
                <span class="chip">{{ tag }}</span>
              } @empty {
                —
              }
            </dd>
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
        </section>
        <section class="panel" aria-labelledby="dep-timeline">
          <h2 id="dep-timeline">{{ t('common.timeline') }}</h2>
          <app-timeline [timeline]="dep.timeline" />
        </section>
      </div>
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    .back {
      display: inline-block;
      margin: 8px 0 12px;
      color: var(--mat-sys-primary);
      text-decoration: none;
    }
    .back:hover {
      text-decoration: underline;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 12px;
      align-items: flex-start;
      margin-bottom: 16px;
    }
    .title-block {
      min-width: 0;
      flex: 1 1 360px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
    .pills {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .head-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .head-actions .primary {
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    .head-actions .danger {
      color: var(--mat-sys-error);
    }
    .panel {
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
      min-width: 0;
    }
    .panel h2 {
      font: var(--mat-sys-title-small);
      margin: 0 0 8px;
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
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 16px;
      align-items: start;
    }
    @media (max-width: 1000px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    dl {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 8px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    pre {
      margin: 0;
      font-size: 12px;
      white-space: pre-wrap;
    }
    .pre {
      white-space: pre-wrap;
    }
    .chip {
      display: inline-block;
      padding: 1px 8px;
      margin: 0 4px 4px 0;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
    .empty {
      padding: 32px 16px;
      text-align: center;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 600px) {
      dl {
        grid-template-columns: minmax(0, 1fr);
      }
      dt {
        margin-top: 6px;
      }
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
  protected readonly label = this.i18n.label;
  protected readonly actionLabels = ACTION_LABELS;

  protected readonly deployment = signal<DeploymentDetail | null>(null);
  protected readonly missing = signal(false);
  protected readonly busy = signal(false);
  private readonly environments = signal<Environment[]>([]);

  protected readonly actions = computed<ButtonAction[]>(() => {
    const dep = this.deployment();
    return dep ? buttonActions(dep) : [];
  });
  protected readonly environmentName = computed(() => {
    const dep = this.deployment();
    if (!dep) return '';
    return this.environments().find((e) => e.id === dep.environment_id)?.name ?? dep.environment_id;
  });
  protected readonly extraConfig = computed(() => {
    const config = this.deployment()?.deployment_config ?? {};
    const extra = Object.fromEntries(Object.entries(config).filter(([k]) => !KNOWN_CONFIG.includes(k)));
    return Object.keys(extra).length ? JSON.stringify(extra, null, 2) : null;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.deployment.set(null);
        this.missing.set(false);
        void this.load(id);
      });
    });
    void this.loadEnvironments();
    inject(LiveUpdates).watch(['deployment', 'environment'], (batch) => {
      if (batch.kind === 'resync' || batch.events.some((e) => e.entity === 'environment' || e.entity_id === this.id()))
        void this.load(this.id());
    });
  }

  /** Started, and the pipeline has not said anything yet. */
  protected waiting(dep: Deployment): boolean {
    return dep.progress_percentage === null || (dep.progress_percentage === 0 && !dep.progress_message);
  }

  protected time(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }

  async load(id: string): Promise<void> {
    try {
      const dep = await this.api.getDeployment(id);
      if (id === this.id()) this.deployment.set(dep);
    } catch (error) {
      if (errorBody(error)?.statusCode === 404) this.missing.set(true);
    }
  }

  private async loadEnvironments(): Promise<void> {
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      /* shown by the interceptor */
    }
  }

  protected async run(action: ButtonAction): Promise<void> {
    const dep = this.deployment();
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
      await this.load(dep.id);
    } finally {
      this.busy.set(false);
    }
  }
}
