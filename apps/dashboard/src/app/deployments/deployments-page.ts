import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder: the deployments list arrives in a later issue. */
@Component({
  selector: 'app-deployments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Deployments</h1>
    <p>Planned, running and finished deployments will appear here.</p>
  `,
})
export class DeploymentsPage {}
