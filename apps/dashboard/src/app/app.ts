import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/**
 * The shell: toolbar with one link per page area, pages below.
 * The nav links are plain anchors styled with Material's system tokens rather than
 * mat-button: MatButton (with ripple and focus monitoring) adds ~40 kB to the
 * initial bundle, and the initial budget is 300 kB.
 */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule],
  template: `
    <mat-toolbar>
      <span class="brand">workflow-mcp</span>
      <nav aria-label="Main">
        @for (link of links; track link.path) {
          <a [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ link.label }}</a>
        }
      </nav>
    </mat-toolbar>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    .brand {
      margin-right: 24px;
    }
    nav {
      display: flex;
      gap: 4px;
    }
    nav a {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      text-decoration: none;
      padding: 8px 16px;
      border-radius: 20px;
    }
    nav a:hover {
      background: color-mix(in srgb, var(--mat-sys-on-surface) 8%, transparent);
    }
    nav a:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    nav a.active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    main {
      padding: 16px 24px;
    }
  `,
})
export class App {
  protected readonly links = [
    { path: '/operations', label: 'Operations' },
    { path: '/environments', label: 'Environments' },
    { path: '/deployments', label: 'Deployments' },
  ] as const;
}
