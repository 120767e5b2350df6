import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import {
  EnvironmentMetrics,
  HealthCheck,
  HealthCheckPage,
  HealthCheckQuery,
  HealthHistory,
  HealthHistoryQuery,
  MetricsReport,
  type Page,
} from '../contracts.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckRunner } from './health-check.runner.js';
import { HealthHistoryService } from './health-history.service.js';
import { HealthStatsService } from './health-stats.service.js';

const ID = ApiParam({ name: 'id', description: 'Environment id or unique name.' });

@ApiTags('system-health')
@Controller('environments')
export class HealthController {
  constructor(
    private readonly runner: HealthCheckRunner,
    private readonly stats: HealthStatsService,
    private readonly metrics: EnvironmentMetricsService,
    private readonly historyOf: HealthHistoryService,
  ) {}

  @Post(':id/check')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'checkEnvironmentHealth',
    summary: 'Check an environment now',
    description:
      'Runs a health check at once (whatever its schedule or settings say), stores it like any other and returns it. 409 when the environment has no url or full-URL target.',
  })
  @Returns(HealthCheck)
  @ApiErrors(404, 409)
  checkNow(@Param('id') id: string): Promise<HealthCheck> {
    return this.runner.checkNow(id);
  }

  @Get(':id/checks')
  @ID
  @ApiOperation({
    operationId: 'listHealthChecks',
    summary: 'Health check history',
    description:
      'Newest first; filter by status, trigger and time; paginated with next_cursor. Raw checks are kept HEALTH_RAW_RETENTION_DAYS.',
  })
  @Returns(HealthCheckPage)
  @ApiErrors(400, 404)
  list(@Param('id') id: string, @QueryOf(HealthCheckQuery) query: HealthCheckQuery): Promise<Page<HealthCheck>> {
    return this.stats.list(id, query);
  }

  @Get(':id/health-history')
  @ID
  @ApiOperation({
    operationId: 'getHealthHistory',
    summary: 'Checks per hour',
    description:
      'The last 24 h (window=24h, default) or 7 d (window=7d) in hourly buckets, oldest first, the current hour last: checks, healthy/warning/critical counts and response time avg/p50/p95/max in ms. Hours without checks are present with zero counts.',
  })
  @Returns(HealthHistory)
  @ApiErrors(400, 404)
  history(@Param('id') id: string, @QueryOf(HealthHistoryQuery) query: HealthHistoryQuery): Promise<HealthHistory> {
    return this.historyOf.history(id, query.window);
  }

  @Post(':id/metrics')
  @ID
  @ApiOperation({
    operationId: 'reportEnvironmentMetrics',
    summary: 'Report metrics measured in an environment',
    description:
      'cpu_usage, memory_usage, disk_usage (percent, 0–100) and network_latency (ms, ≥ 0); at least one. Shown in system health detailed_metrics as reported, never filled in.',
  })
  @Returns(EnvironmentMetrics, 201)
  @ApiErrors(400, 404)
  report(@Param('id') id: string, @BodyOf(MetricsReport) dto: MetricsReport): Promise<EnvironmentMetrics> {
    return this.metrics.report(id, dto);
  }
}
