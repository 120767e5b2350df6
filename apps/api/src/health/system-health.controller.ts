import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { EnvironmentStatusReport, SystemHealth, SystemHealthQuery } from '../contracts.js';
import { SystemHealthService } from './system-health.service.js';

@ApiTags('system-health')
@Controller()
export class SystemHealthController {
  constructor(private readonly health: SystemHealthService) {}

  @Get('system-health')
  @ApiOperation({
    operationId: 'getSystemHealth',
    summary: 'System health',
    description:
      "Counts by health status and by environment type, the environments that need attention (critical, then warning; capped), the latest checks, one page of environments by name (filter by status, environment_type, search; next page with cursor) and, with include_details, measured metrics. Drill down with /api/environments/{id}/status. An environment's status is its latest check's: `unknown` before any check, and while its checks are disabled or it is inactive (inactive environments are not checked on schedule); environments in maintenance show their real status (they are checked, but raise no incidents).",
  })
  @Returns(SystemHealth)
  @ApiErrors(400, 404)
  systemHealth(@QueryOf(SystemHealthQuery) query: SystemHealthQuery): Promise<SystemHealth> {
    return this.health.systemHealth(query);
  }

  @Get('environments/:id/status')
  @ApiParam({ name: 'id', description: 'Environment id or unique name.' })
  @ApiOperation({
    operationId: 'getEnvironmentStatus',
    summary: 'Status of one environment',
    description:
      'The environment, its health (status, latest check, critical checks in a row), uptime over 24 h / 7 d / 30 d (percent of checks not critical), response-time percentiles over 24 h, its latest reported metrics, current version, open incidents and last deployment.',
  })
  @Returns(EnvironmentStatusReport)
  @ApiErrors(404)
  environmentStatus(@Param('id') id: string): Promise<EnvironmentStatusReport> {
    return this.health.environmentStatus(id);
  }
}
