import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import type { SystemHealth } from '../domain.js';
import { EnvironmentStatusView, SystemHealthQuery, SystemHealthView } from './dto/system-health.dto.js';
import { SystemHealthService, type EnvironmentStatusReport } from './system-health.service.js';

@ApiTags('system-health')
@Controller()
export class SystemHealthController {
  constructor(private readonly health: SystemHealthService) {}

  @Get('system-health')
  @ApiOperation({ summary: 'System health', description: 'Summary counts by health status, recent checks and, with include_details, measured metrics.' })
  @ApiOkResponse({ type: SystemHealthView })
  @ApiErrors(400, 404)
  systemHealth(@Query() query: SystemHealthQuery): Promise<SystemHealth> {
    return this.health.systemHealth(query.environment_id, query.include_details ?? false);
  }

  @Get('environments/:id/status')
  @ApiParam({ name: 'id', description: 'Environment id or unique name.' })
  @ApiOperation({ summary: 'Status of one environment', description: 'The environment, its health, current version, open incidents and last deployment.' })
  @ApiOkResponse({ type: EnvironmentStatusView })
  @ApiErrors(404)
  environmentStatus(@Param('id') id: string): Promise<EnvironmentStatusReport> {
    return this.health.environmentStatus(id);
  }
}
