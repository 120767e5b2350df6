import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError, type EnvironmentMetrics } from '../domain.js';
import { HealthEnvironments } from './health.ports.js';
import { METRIC_FIELDS, type MetricsReport } from '../contracts.js';
import { EnvironmentMetricsEntity } from './environment-metrics.entity.js';

/** A stored report with the metrics it did not include left out, never filled in. */
export function toEnvironmentMetrics(e: EnvironmentMetricsEntity): EnvironmentMetrics {
  const metrics: EnvironmentMetrics = { environment_id: e.environment_id, reported_at: e.reported_at };
  for (const field of METRIC_FIELDS) {
    const value = e[field];
    if (value !== null && value !== undefined) metrics[field] = Number(value);
  }
  return metrics;
}

/** Metrics environments report about themselves (their own agents or pipelines push them). */
@Injectable()
export class EnvironmentMetricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly environments: HealthEnvironments,
    private readonly clock: Clock,
  ) {}

  async report(idOrName: string, dto: MetricsReport): Promise<EnvironmentMetrics> {
    if (METRIC_FIELDS.every((field) => dto[field] === undefined)) {
      throw new DomainError('validation_failed', `Report at least one metric: ${METRIC_FIELDS.join(', ')}.`, {
        fields: METRIC_FIELDS.map((field) => ({ field, messages: ['at least one metric is required'] })),
      });
    }
    return this.unitOfWork.write(async (m) => {
      const environment = await this.environments.require(idOrName, m);
      const row: Omit<EnvironmentMetricsEntity, 'id'> = {
        environment_id: environment.id,
        cpu_usage: dto.cpu_usage ?? null,
        memory_usage: dto.memory_usage ?? null,
        disk_usage: dto.disk_usage ?? null,
        network_latency: dto.network_latency ?? null,
        reported_at: this.clock.now(),
      };
      const inserted = await m.insert(EnvironmentMetricsEntity, row);
      return toEnvironmentMetrics({ ...row, id: Number(inserted.identifiers[0]!.id) });
    });
  }

  /** The latest report of each environment (of the given ones, or all) that reported any. */
  async latest(environmentIds?: string[]): Promise<EnvironmentMetrics[]> {
    const newest = this.dataSource
      .getRepository(EnvironmentMetricsEntity)
      .createQueryBuilder('x')
      .select('MAX(x.id)')
      .groupBy('x.environment_id');
    if (environmentIds) {
      if (environmentIds.length === 0) return [];
      newest.where('x.environment_id IN (:...ids)', { ids: environmentIds });
    }
    const rows = await this.dataSource
      .getRepository(EnvironmentMetricsEntity)
      .createQueryBuilder('m')
      .where(`m.id IN (${newest.getQuery()})`)
      .setParameters(newest.getParameters())
      .orderBy('m.environment_id', 'ASC')
      .getMany();
    return rows.map(toEnvironmentMetrics);
  }
}
