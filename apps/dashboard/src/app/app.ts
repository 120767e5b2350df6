import { ChangeDetectionStrategy, Component, Injector, ViewContainerRef, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Language, type Lang, translator } from './core/i18n/language';
import { SHELL_MESSAGES, type ShellKey } from './core/i18n/shell-messages';
import { serviceVersion } from './core/service-version';
import type { LiveState, LiveUpdates } from './core/live-updates';

const LIVE_LABELS: Record<LiveState, ShellKey> = {
  live: 'live.live',
  connecting: 'live.connecting',
  reconnecting: 'live.reconnecting',
  offline: 'live.offline',
};

/**
 * The shell: a header with one link per page area, the live-connection state and the language
 * switch; pages below. Plain elements styled with Material's system tokens, and the live stream
 * loaded after start: the initial bundle has a 300 kB budget, and Material (used by the lazy
 * pages) already makes Angular's core larger there.
 */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <a class="skip" href="#main">{{ t('skip') }}</a>
    <header>
      <a class="brand" routerLink="/operations">{{ t('brand') }}</a>
      <nav [attr.aria-label]="t('nav.main')">
        <a routerLink="/operations" routerLinkActive="on" ariaCurrentWhenActive="page">{{ t('nav.operations') }}</a>
        <a routerLink="/environments" routerLinkActive="on" ariaCurrentWhenActive="page">{{ t('nav.environments') }}</a>
        <a routerLink="/deployments" routerLinkActive="on" ariaCurrentWhenActive="page">{{ t('nav.deployments') }}</a>
        <a routerLink="/notifications" routerLinkActive="on" ariaCurrentWhenActive="page">{{ t('nav.notifications') }}</a>
        <ng-container #adminLink />
      </nav>
      <span
        class="live"
        [attr.data-state]="state()"
        role="status"
        [title]="t(state() === 'live' ? 'live.liveHint' : 'live.reconnectingHint')"
        data-testid="live-state"
      >
        <i aria-hidden="true"></i>{{ t(liveLabel()) }}
      </span>
      <!-- Who is signed in (or "local mode"): filled in once the service has said, see showAccount(). -->
      <ng-container #account />
      <span class="lang" role="group" [attr.aria-label]="t('lang.switch')">
        <button type="button" [attr.aria-pressed]="language.current() === 'en'" (click)="setLang('en')" lang="en" data-testid="lang-en">
          EN
        </button>
        <button type="button" [attr.aria-pressed]="language.current() === 'ko'" (click)="setLang('ko')" lang="ko" data-testid="lang-ko">
          한국어
        </button>
      </span>
    </header>
    <main id="main" tabindex="-1"><router-outlet /></main>
    @if (version) {
      <footer data-testid="app-version">workflow-mcp {{ version }}</footer>
    }
  `,
  styles: `
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 8px;
      top: 8px;
      z-index: 9;
      background: var(--mat-sys-surface);
      padding: 8px;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 8px 24px;
      position: sticky;
      top: 0;
      z-index: 5;
      background: var(--mat-sys-surface-container);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    a,
    button {
      color: inherit;
      text-decoration: none;
    }
    :focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .brand {
      font: var(--mat-sys-title-medium);
    }
    nav {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-right: auto;
    }
    nav a,
    button {
      font: var(--mat-sys-label-large);
      padding: 8px 14px;
      border-radius: 20px;
    }
    nav a:hover {
      background: var(--mat-sys-surface-container-highest);
    }
    .on,
    [aria-pressed='true'] {
      background: var(--mat-sys-secondary-container);
    }
    .live {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    i {
      display: inline-block;
      width: 8px;
      height: 8px;
      margin-right: 6px;
      border-radius: 50%;
      background: #9aa0a6;
    }
    [data-state='live'] i {
      background: #2e7d32;
    }
    [data-state='reconnecting'] {
      color: #b45309;
    }
    [data-state='reconnecting'] i {
      background: #ef6c00;
    }
    .lang {
      display: inline-flex;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 20px;
      overflow: hidden;
    }
    button {
      border: 0;
      background: none;
      cursor: pointer;
      padding: 6px 12px;
      border-radius: 0;
    }
    main {
      display: block;
      padding: 16px 24px 48px;
      max-width: 1400px;
      margin: 0 auto;
      outline: none;
    }
    footer {
      padding: 8px 24px 16px;
      text-align: center;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 800px) {
      header,
      main {
        padding-left: 12px;
        padding-right: 12px;
      }
      nav a {
        padding: 6px 10px;
      }
    }
  `,
})
export class App {
  protected readonly t = translator(SHELL_MESSAGES);
  protected readonly version = serviceVersion();
  protected readonly language = inject(Language);
  private readonly live = signal<LiveUpdates | null>(null);
  private readonly adminLink = viewChild.required('adminLink', { read: ViewContainerRef });
  private readonly account = viewChild.required('account', { read: ViewContainerRef });
  protected readonly state = computed<LiveState>(() => this.live()?.state() ?? 'connecting');
  protected readonly liveLabel = computed(() => LIVE_LABELS[this.state()]);

  constructor() {
    const injector = inject(Injector);
    // Who is signed in is asked first: it decides the header's account part, and whether the live
    // stream may open (it would be refused before sign-in). Both load after start, like the pages.
    void import('./access/account')
      .then(({ showAccount }) => showAccount(injector, { nav: this.adminLink(), header: this.account() }))
      .then(() => import('./core/live-updates'))
      .then(({ LiveUpdates }) => {
        const live = injector.get(LiveUpdates);
        live.start();
        this.live.set(live);
      });
  }

  protected setLang(lang: Lang): void {
    this.language.set(lang);
  }
}
