import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SEVERITIES } from '../domain.js';
import { Metrics } from '../metrics/metrics.js';
import { IncidentEntity } from './incident.entity.js';

/** Unresolved incidents by severity, counted on each scrape (every severity present, zero included). */
@Injectable()
export class IncidentMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @InjectRepository(IncidentEntity) private readonly incidents: Repository<IncidentEntity>,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('workflow_incidents_open', 'Incidents not resolved, by severity.', ['severity'], async () => {
      const rows = await this.incidents
        .createQueryBuilder('i')
        .select('i.severity', 'severity')
        .addSelect('COUNT(*)', 'count')
        .where('i.status <> :resolved', { resolved: 'resolved' })
        .groupBy('i.severity')
        .getRawMany<{ severity: string; count: string | number }>();
      const counts = new Map(rows.map((row) => [row.severity, Number(row.count)]));
      return SEVERITIES.map((severity) => [{ severity }, counts.get(severity) ?? 0]);
    });
  }
}
