import { ChangeDetectionStrategy, Component, inject, viewChild, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { injectI18n } from '../core/i18n/messages';
import { IncidentList } from './incident-list';
import { openIncidentDialog } from './incident-form-dialog';
import { OpsSummary } from './ops-summary';

/** /operations: the summary cards, then the incident list with "새 인시던트 생성". */
@Component({
  selector: 'app-operations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, OpsSummary, IncidentList],
  template: `
    <div class="page-head">
      <div>
        <h1>{{ t('ops.title') }}</h1>
        <p class="subtitle">{{ t('ops.subtitle') }}</p>
      </div>
    </div>
    <app-ops-summary />
    <div class="section-head">
      <h2>{{ t('ops.incidents') }}</h2>
      <button mat-flat-button type="button" (click)="create()" data-testid="new-incident">{{ t('incident.new') }}</button>
    </div>
    <app-incident-list />
  `,
  styles: `
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 8px 0 0;
    }
    .subtitle {
      margin: 4px 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .section-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin: 28px 0 12px;
    }
    .section-head h2 {
      font: var(--mat-sys-title-large);
      margin: 0;
    }
  `,
})
export class OperationsPage {
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly list = viewChild.required(IncidentList);
  protected readonly t = injectI18n().t;

  protected async create(): Promise<void> {
    const created = await openIncidentDialog(this.dialog, {}, this.injector);
    if (created) await this.list().load();
  }
}
