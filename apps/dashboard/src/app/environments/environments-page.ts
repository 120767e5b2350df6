import { ChangeDetectionStrategy, Component, type OnInit, inject, signal, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { Environment, EnvironmentStatus, EnvironmentStatusReport, HealthStatus, MaintenanceWindow } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { Notifier } from '../core/notifier';
import { PageHead } from '../shared/page-head';
import { EnvironmentCard } from './environment-card';
import { openEnvironmentDialog } from './environment-form-dialog';

/** /environments: a card per environment with live health; "새 환경 추가", "편집", status changes. */
@Component({
  selector: 'app-environments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, EnvironmentCard, PageHead],
  template: `
    <app-page-head [heading]="t('env.title')" [subtitle]="t('env.subtitle')">
      @if (auth.can('admin')) {
        <button mat-flat-button type="button" (click)="create()" data-testid="new-environment">{{ t('env.new') }}</button>
      }
    </app-page-head>
    @if (environments(); as list) {
      @if (list.length === 0) {
        <div class="empty" data-testid="environments-empty">
          <p>{{ t('env.empty') }}</p>
          @if (auth.can('admin')) {
            <button mat-flat-button type="button" (click)="create()">{{ t('env.new') }}</button>
          }
        </div>
      } @else {
        <div class="cards">
          @for (env of list; track env.id) {
            <app-environment-card
              [environment]="env"
              [report]="reports().get(env.id) ?? null"
              [healthStatus]="health().get(env.id) ?? null"
              [maintenance]="maintenance().get(env.id) ?? null"
              (edit)="edit(env)"
              (statusChange)="setStatus(env, $event)"
            />
          }
        </div>
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styleUrl: '../shared/styles/empty-state.scss',
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(340px, 1fr));
      gap: 16px;
    }
  `,
})
export class EnvironmentsPage implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  /** Only admins manage environments: others see no create button. */
  protected readonly auth = inject(Auth);
  protected readonly environments = signal<Environment[] | null>(null);
  protected readonly reports = signal<Map<string, EnvironmentStatusReport>>(new Map());
  protected readonly health = signal<Map<string, HealthStatus>>(new Map());
  /** The maintenance window in effect now, by environment. */
  protected readonly maintenance = signal<Map<string, MaintenanceWindow>>(new Map());

  constructor() {
    inject(LiveUpdates).watch(['environment', 'health', 'deployment', 'incident'], (batch) => {
      // A health change concerns one environment: refresh only its card (checks run all the time).
      if (batch.kind === 'changes' && batch.events.every((e) => e.entity === 'health'))
        void this.refreshHealth(batch.events.map((e) => e.entity_id));
      else void this.load();
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [page, windows] = await Promise.all([
        this.api.listEnvironments(),
        this.api.listMaintenanceWindows().catch(() => ({ items: [] })),
      ]);
      this.maintenance.set(new Map(windows.items.filter((w) => w.active).map((w) => [w.environment_id, w])));
      this.environments.set(page.items);
      // Each card's health comes with its status report: system health lists only one page of environments.
      const reports = (await Promise.all(page.items.map((env) => this.api.environmentStatus(env.id).catch(() => null)))).filter(
        (r): r is EnvironmentStatusReport => r !== null,
      );
      this.health.set(new Map(reports.map((r) => [r.environment.id, r.health.status])));
      this.reports.set(new Map(reports.map((r) => [r.environment.id, r])));
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  private async refreshHealth(ids: string[]): Promise<void> {
    try {
      const reports = await Promise.all([...new Set(ids)].map((id) => this.api.environmentStatus(id).catch(() => null)));
      const next = new Map(this.reports());
      const health = new Map(this.health());
      for (const report of reports) {
        if (!report) continue;
        next.set(report.environment.id, report);
        health.set(report.environment.id, report.health.status);
      }
      this.health.set(health);
      this.reports.set(next);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected async create(): Promise<void> {
    if (await openEnvironmentDialog(this.dialog, {}, this.injector)) await this.load();
  }

  protected async edit(env: Environment): Promise<void> {
    if (await openEnvironmentDialog(this.dialog, { environment: env }, this.injector)) await this.load();
  }

  protected async setStatus(env: Environment, status: EnvironmentStatus): Promise<void> {
    if (status === env.status) return;
    try {
      await this.api.updateEnvironment(env.id, { status });
      this.notifier.info(this.t('env.statusChanged', { name: env.name, status: this.i18n.label('environmentStatus', status) }));
    } catch {
      /* the interceptor showed the API's message; the reload puts the toggle back */
    }
    await this.load();
  }
}
