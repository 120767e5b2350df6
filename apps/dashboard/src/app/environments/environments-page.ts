import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder: the environments list arrives in a later issue. */
@Component({
  selector: 'app-environments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Environments</h1>
    <p>Environments and their health will appear here.</p>
  `,
})
export class EnvironmentsPage {}
