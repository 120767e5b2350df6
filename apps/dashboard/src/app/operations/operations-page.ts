import { ChangeDetectionStrategy, Component } from '@angular/core';
import { SEVERITIES } from '@workflow-mcp/domain';

/** Placeholder: incidents and system health arrive in a later issue. */
@Component({
  selector: 'app-operations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Operations</h1>
    <p>Incidents by severity will appear here.</p>
    <ul class="severities">
      @for (severity of severities; track severity) {
        <li>{{ severity }}</li>
      }
    </ul>
  `,
})
export class OperationsPage {
  /** From the shared domain library: the same list the service validates against. */
  protected readonly severities = SEVERITIES;
}
