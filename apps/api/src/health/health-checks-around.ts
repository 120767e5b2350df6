import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthCheck } from '../domain.js';
import { HealthCheckEntity } from './health-check.entity.js';

/** What a review of a span of time needs from each check. */
export type CheckPoint = Pick<HealthCheck, 'status' | 'status_code' | 'response_time_ms' | 'error_message' | 'checked_at'>;

const COLUMNS = ['h.id', 'h.status', 'h.status_code', 'h.response_time_ms', 'h.error_message', 'h.checked_at'];

const toPoint = (e: HealthCheckEntity): CheckPoint => ({
  status: e.status,
  status_code: e.status_code,
  response_time_ms: e.response_time_ms,
  error_message: e.error_message,
  checked_at: e.checked_at,
});

/** Stored checks of one environment over a span of time, as a postmortem reviews them. */
@Injectable()
export class HealthChecksAround {
  constructor(private readonly dataSource: DataSource) {}

  async between(
    environmentId: string,
    since: string,
    until: string,
    max: number,
  ): Promise<{ before: CheckPoint | null; checks: CheckPoint[]; truncated: boolean }> {
    const repo = this.dataSource.getRepository(HealthCheckEntity);
    const rows = await repo
      .createQueryBuilder('h')
      .select(COLUMNS)
      .where('h.environment_id = :environmentId', { environmentId })
      .andWhere('h.checked_at >= :since AND h.checked_at <= :until', { since, until })
      .orderBy('h.checked_at', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .limit(max + 1)
      .getMany();
    const before = await repo
      .createQueryBuilder('h')
      .select(COLUMNS)
      .where('h.environment_id = :environmentId AND h.checked_at < :since', { environmentId, since })
      .orderBy('h.checked_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(1)
      .getOne();
    return { before: before ? toPoint(before) : null, checks: rows.slice(0, max).map(toPoint), truncated: rows.length > max };
  }
}
