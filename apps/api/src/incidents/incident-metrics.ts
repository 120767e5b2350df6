import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SEVERITIES } from '../domain.js';
import { Metrics } from '../metrics/metrics.js';
import { IncidentsService } from './incidents.service.js';

/** Unresolved incidents by severity, counted on each scrape (every severity present, zero included). */
@Injectable()
export class IncidentMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly incidents: IncidentsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('workflow_incidents_open', 'Incidents not resolved, by severity.', ['severity'], async () => {
      const open = await this.incidents.openBySeverity();
      return SEVERITIES.map((severity) => [{ severity }, open[severity]]);
    });
  }
}
