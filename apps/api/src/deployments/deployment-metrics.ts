import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DEPLOYMENT_STATUSES } from '../domain.js';
import { Metrics } from '../metrics/metrics.js';
import { DeploymentEntity } from './deployment.entity.js';

/** Deployments by status, counted on each scrape (every status present, zero included). */
@Injectable()
export class DeploymentMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @InjectRepository(DeploymentEntity) private readonly deployments: Repository<DeploymentEntity>,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('workflow_deployments', 'Deployments by status.', ['status'], async () => {
      const rows = await this.deployments
        .createQueryBuilder('d')
        .select('d.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .groupBy('d.status')
        .getRawMany<{ status: string; count: string | number }>();
      const counts = new Map(rows.map((row) => [row.status, Number(row.count)]));
      return DEPLOYMENT_STATUSES.map((status) => [{ status }, counts.get(status) ?? 0]);
    });
  }
}
