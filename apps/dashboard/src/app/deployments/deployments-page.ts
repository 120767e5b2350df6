import { ChangeDetectionStrategy, Component, Injector, type OnInit, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import {
  DEPLOYMENT_SORTS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  LIMITS,
  type Deployment,
  type DeploymentQuery,
  type DeploymentSort,
  type DeploymentStats,
  type DeploymentStatus,
  type DeploymentType,
} from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { CHART_COLORS } from '../shared/charts/colors';
import { StackedBar, type Segment } from '../shared/charts/stacked-bar';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { ListFilters } from '../shared/list-filters';
import { PageHead } from '../shared/page-head';
import { PagedList } from '../shared/paged-list';
import { Pager } from '../shared/pager';
import { StatusPill } from '../shared/status-pill';
import { DeploymentActions } from './deployment-actions';
import { openDeploymentDialog } from './deployment-form-dialog';

const PAGE_SIZE = 20;

/** /deployments: outcomes, then every deployment in time order with filters; "새 배포 계획"; "실행" on planned ones. */
@Component({
  selector: 'app-deployments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    StatusPill,
    StackedBar,
    PageHead,
    Pager,
  ],
  template: `
    <app-page-head [heading]="t('dep.title')" [subtitle]="t('dep.subtitle')">
      @if (auth.can('responder')) {
        <button mat-flat-button type="button" (click)="plan()" data-testid="new-deployment">{{ t('dep.new') }}</button>
      }
    </app-page-head>

    @if (stats(); as s) {
      <section class="outcomes" data-testid="deployment-outcomes">
        <div class="rate">
          <span class="label">{{ t('dep.successRate') }}</span>
          <span class="value">{{ s.success_rate === null ? '—' : percent(s.success_rate) }}</span>
        </div>
        <div class="bar">
          <span class="label">{{ t('dep.outcomes') }}</span>
          <app-stacked-bar [segments]="segments()" [title]="t('dep.outcomes')" />
        </div>
        <a mat-button routerLink="/delivery" data-testid="delivery-link">{{ t('dep.deliveryLink') }}</a>
      </section>
    }

    <form class="filters" [formGroup]="filters.form" role="search" (submit)="$event.preventDefault()">
      <mat-form-field appearance="outline" class="search">
        <mat-label>{{ t('common.search') }}</mat-label>
        <input matInput formControlName="search" [placeholder]="t('dep.searchHint')" data-testid="dfilter-search" />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dep.environment') }}</mat-label>
        <select matNativeControl formControlName="environment_id" data-testid="dfilter-environment">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (env of environments.all(); track env.id) {
            <option [ngValue]="env.id">{{ env.name }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('common.status') }}</mat-label>
        <select matNativeControl formControlName="status" data-testid="dfilter-status">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (s of statuses; track s) {
            <option [ngValue]="s">{{ label('deploymentStatus', s) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dep.type') }}</mat-label>
        <select matNativeControl formControlName="deployment_type" data-testid="dfilter-type">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (type of types; track type) {
            <option [ngValue]="type">{{ label('deploymentType', type) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline" class="sort">
        <mat-label>{{ t('common.sort') }}</mat-label>
        <select matNativeControl formControlName="sort_by" data-testid="dfilter-sort">
          @for (s of sorts; track s) {
            <option [ngValue]="s">{{ label('deploymentSort', s) }}</option>
          }
        </select>
      </mat-form-field>
      @if (filters.active()) {
        <button mat-button type="button" (click)="filters.clear()">{{ t('common.clearFilters') }}</button>
      }
    </form>

    @if (pages.page(); as p) {
      @if (p.items.length === 0) {
        <div class="empty" data-testid="deployments-empty">
          <p>{{ emptyText() }}</p>
          @if (filters.active()) {
            <button mat-stroked-button type="button" (click)="filters.clear()">{{ t('common.clearFilters') }}</button>
          }
        </div>
      } @else {
        <div class="table-wrap">
          <table data-testid="deployment-table">
            <thead>
              <tr>
                <th scope="col">{{ t('dep.deploymentTitle') }}</th>
                <th scope="col">{{ t('dep.environment') }}</th>
                <th scope="col">{{ t('dep.version') }}</th>
                <th scope="col" class="opt">{{ t('dep.type') }}</th>
                <th scope="col">{{ t('common.status') }}</th>
                <th scope="col" class="opt">{{ t('dep.when') }}</th>
                <th scope="col">
                  <span class="sr-only">{{ t('common.actions') }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (dep of p.items; track dep.id) {
                <tr [attr.data-id]="dep.id" (click)="open(dep)">
                  <td class="title">
                    <a [routerLink]="['/deployments', dep.id]" (click)="$event.stopPropagation()">{{ dep.title }}</a>
                  </td>
                  <td>{{ environments.name(dep.environment_id) }}</td>
                  <td>
                    <code>{{ dep.version }}</code>
                  </td>
                  <td class="opt">{{ label('deploymentType', dep.deployment_type) }}</td>
                  <td class="status">
                    <app-status-pill group="deploymentStatus" [value]="dep.status" />
                    @if (dep.status === 'in_progress') {
                      <mat-progress-bar
                        [mode]="waiting(dep) ? 'indeterminate' : 'determinate'"
                        [value]="dep.progress_percentage ?? 0"
                        [attr.aria-label]="t('dep.progress')"
                      />
                      <span class="pct">{{
                        waiting(dep) ? t('dep.waiting') : t('dep.progressValue', { percent: dep.progress_percentage ?? 0 })
                      }}</span>
                    }
                  </td>
                  <td class="opt">
                    <span class="when">{{ when(dep) }}</span>
                  </td>
                  <td class="actions">
                    @if (dep.allowed_actions.includes('execute') && auth.can('responder')) {
                      <button mat-flat-button type="button" (click)="$event.stopPropagation(); execute(dep)" data-testid="row-execute">
                        {{ t('dep.execute') }}
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <app-pager [list]="pages" />
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    .outcomes {
      display: flex;
      flex-wrap: wrap;
      gap: 12px 32px;
      align-items: flex-start;
      margin-bottom: 16px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    .outcomes .rate {
      display: flex;
      flex-direction: column;
    }
    .outcomes .bar {
      flex: 1 1 320px;
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      display: block;
      margin-bottom: 4px;
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
    td {
      vertical-align: middle;
    }
    td.status {
      min-width: 140px;
    }
    td.status mat-progress-bar {
      margin-top: 6px;
    }
    .pct {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .when {
      white-space: nowrap;
    }
    td.actions {
      text-align: right;
      white-space: nowrap;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class DeploymentsPage implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly actions = inject(DeploymentActions);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  /** Viewers read only: no plan or execute buttons. */
  protected readonly auth = inject(Auth);
  protected readonly label = this.i18n.label;
  protected readonly statuses = DEPLOYMENT_STATUSES;
  protected readonly types = DEPLOYMENT_TYPES;
  protected readonly sorts = DEPLOYMENT_SORTS;
  protected readonly environments = new EnvironmentLookup({ live: true });

  protected readonly filters = new ListFilters(
    {
      search: new FormControl('', { nonNullable: true }),
      environment_id: new FormControl<string | null>(null),
      status: new FormControl<DeploymentStatus | null>(null),
      deployment_type: new FormControl<DeploymentType | null>(null),
      sort_by: new FormControl<DeploymentSort>('scheduled_desc', { nonNullable: true }),
    },
    () => this.pages.restart(),
  );

  protected readonly pages = new PagedList<Deployment>({
    fetch: (paging) => this.api.listDeployments({ ...this.query(), ...paging }),
    limit: PAGE_SIZE,
    reloadOn: ['deployment'],
  });

  protected readonly emptyText = computed(() => {
    if (this.filters.active()) return this.t('dep.emptyFiltered');
    return this.environments.all().length === 0 ? this.t('dep.noEnvironments') : this.t('dep.empty');
  });

  protected readonly stats = signal<DeploymentStats | null>(null);
  protected readonly segments = computed<Segment[]>(() =>
    DEPLOYMENT_STATUSES.map((s) => ({
      label: this.i18n.label('deploymentStatus', s),
      value: this.stats()?.by_status[s] ?? 0,
      color: CHART_COLORS[s] ?? '#888',
    })),
  );

  constructor() {
    // The list reloads itself on deployment changes; the outcomes above it follow them too.
    inject(LiveUpdates).watch(['deployment'], () => void this.loadStats());
  }

  ngOnInit(): void {
    void this.load();
  }

  /** Started, and the pipeline has not said anything yet. */
  protected waiting(dep: Deployment): boolean {
    return dep.progress_percentage === null || (dep.progress_percentage === 0 && !dep.progress_message);
  }

  protected percent(rate: number): string {
    return `${Math.round(rate * 1000) / 10}%`;
  }
  protected when(dep: Deployment): string {
    const locale = this.language.locale();
    if (dep.completed_at) return formatDateTime(dep.completed_at, locale);
    if (dep.started_at) return formatDateTime(dep.started_at, locale);
    return dep.scheduled_at
      ? formatDateTime(dep.scheduled_at, locale)
      : `${this.t('dep.unscheduled')} · ${formatDateTime(dep.created_at, locale)}`;
  }

  protected open(dep: Deployment): void {
    void this.router.navigate(['/deployments', dep.id]);
  }

  protected async plan(): Promise<void> {
    if (await openDeploymentDialog(this.dialog, {}, this.injector)) await this.load();
  }

  protected async execute(dep: Deployment): Promise<void> {
    if (await this.actions.run('execute', dep, this.environments.name(dep.environment_id))) await this.load();
  }

  private query(): DeploymentQuery {
    const f = this.filters.form.getRawValue();
    return {
      search: f.search.trim().slice(0, LIMITS.searchMax) || undefined,
      environment_id: f.environment_id ?? undefined,
      status: f.status ?? undefined,
      deployment_type: f.deployment_type ?? undefined,
      sort_by: f.sort_by,
    };
  }

  async load(): Promise<void> {
    await Promise.all([this.pages.load(), this.loadStats()]);
  }

  private async loadStats(): Promise<void> {
    try {
      this.stats.set(await this.api.deploymentStats());
    } catch {
      /* the interceptor showed the API's message */
    }
  }
}
