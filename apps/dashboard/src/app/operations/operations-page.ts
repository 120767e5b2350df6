import { ChangeDetectionStrategy, Component, inject, viewChild, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { Auth } from '../core/auth';
import { translator } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { POSTMORTEMS_MESSAGES } from '../postmortems/postmortems.messages';
import { PageHead } from '../shared/page-head';
import { IncidentList } from './incident-list';
import { openIncidentDialog } from './incident-form-dialog';
import { OpsSummary } from './ops-summary';

/** /operations: the summary cards, then the incident list with "새 인시던트 생성". */
@Component({
  selector: 'app-operations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, PageHead, OpsSummary, IncidentList],
  template: `
    <app-page-head [heading]="t('ops.title')" [subtitle]="t('ops.subtitle')">
      <a mat-stroked-button routerLink="/operations/follow-ups" data-testid="follow-ups-link">{{ pm('fu.link') }}</a>
    </app-page-head>
    <app-ops-summary />
    <div class="section-head">
      <h2>{{ t('ops.incidents') }}</h2>
      @if (auth.can('responder')) {
        <button mat-flat-button type="button" (click)="create()" data-testid="new-incident">{{ t('incident.new') }}</button>
      }
    </div>
    <app-incident-list />
  `,
  styles: `
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
  /** The follow-ups list is reached from here rather than the shell's navigation, which stays in the initial bundle. */
  protected readonly pm = translator(POSTMORTEMS_MESSAGES);
  /** Viewers read only: the create button is not offered to them. */
  protected readonly auth = inject(Auth);

  protected async create(): Promise<void> {
    const created = await openIncidentDialog(this.dialog, {}, this.injector);
    if (created) await this.list().load();
  }
}
