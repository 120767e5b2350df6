import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires } from '../common/requires.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { By } from '../common/actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import {
  Deployment,
  DeploymentCompletion,
  DeploymentCreate,
  DeploymentDetail,
  DeploymentFailure,
  DeploymentPage,
  DeploymentQuery,
  DeploymentRollback,
  DeploymentStats,
  DeploymentStatsQuery,
  DeploymentUpdate,
  ProgressReport,
  TimelinePage,
  TimelineQuery,
  type Page,
  type TimelineEntry,
} from '../contracts.js';
import { DeploymentsService } from './deployments.service.js';

const ID = ApiParam({ name: 'id', description: 'Deployment id.' });
const ILLEGAL_MOVE = 'Refused with 409 (current_status and allowed_actions in the body) unless the deployment is';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listDeployments',
    summary: 'List deployments',
    description: 'Filter by environment, status, type, tag or text; paginated with next_cursor.',
  })
  @Returns(DeploymentPage)
  @ApiErrors(400)
  list(@QueryOf(DeploymentQuery) query: DeploymentQuery): Promise<Page<Deployment>> {
    return this.deployments.list(query);
  }

  @Get('stats')
  @ApiOperation({
    operationId: 'getDeploymentStats',
    summary: 'Deployment statistics',
    description: 'Counts by status and the success rate of deployments created in the window (default: the last 30 days).',
  })
  @Returns(DeploymentStats)
  @ApiErrors(400)
  stats(@QueryOf(DeploymentStatsQuery) query: DeploymentStatsQuery): Promise<DeploymentStats> {
    return this.deployments.stats(query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createDeployment',
    summary: 'Plan a deployment',
    description: 'It starts as planned; start it with execute.',
  })
  @Returns(Deployment, 201)
  @ApiErrors(400)
  create(@BodyOf(DeploymentCreate) dto: DeploymentCreate, @By() by: Actor): Promise<Deployment> {
    return this.deployments.create(dto, by);
  }

  @Get(':id')
  @ID
  @ApiOperation({ operationId: 'getDeployment', summary: 'Get a deployment with its timeline' })
  @Returns(DeploymentDetail)
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<DeploymentDetail> {
    return this.deployments.get(id);
  }

  @Get(':id/timeline')
  @ID
  @ApiOperation({
    operationId: 'getDeploymentTimeline',
    summary: "Page back through a deployment's timeline",
    description:
      'The detail shows the newest entries; when timeline_has_more is true, pass its timeline_next_cursor as cursor here for the ones before them, then each next_cursor for earlier pages. Within a page entries are oldest first.',
  })
  @Returns(TimelinePage)
  @ApiErrors(400, 404)
  timeline(@Param('id') id: string, @QueryOf(TimelineQuery) query: TimelineQuery): Promise<Page<TimelineEntry>> {
    return this.deployments.timelinePage(id, query);
  }

  @Patch(':id')
  @ID
  @ApiOperation({
    operationId: 'updateDeployment',
    summary: 'Change some fields of a deployment',
    description:
      'Only the fields given change. Environment, version, type, config and schedule change only while planned. A `status` performs the matching lifecycle action. Send `revision` to refuse overwriting a newer change.',
  })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  patch(@Param('id') id: string, @BodyOf(DeploymentUpdate) dto: DeploymentUpdate, @By() by: Actor): Promise<Deployment> {
    return this.deployments.update(id, dto, by);
  }

  @Put(':id')
  @ID
  @ApiOperation({ operationId: 'putDeployment', summary: 'Change some fields of a deployment (same as PATCH)' })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  put(@Param('id') id: string, @BodyOf(DeploymentUpdate) dto: DeploymentUpdate, @By() by: Actor): Promise<Deployment> {
    return this.deployments.update(id, dto, by);
  }

  @Requires('admin')
  @Delete(':id')
  @ID
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteDeployment',
    summary: 'Delete a planned deployment',
    description: `${ILLEGAL_MOVE} planned: one that has run stays on record.`,
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404, 409)
  remove(@Param('id') id: string, @By() by: Actor): Promise<void> {
    return this.deployments.remove(id, by);
  }

  @Post(':id/execute')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'executeDeployment',
    summary: 'Start a planned deployment',
    description: `${ILLEGAL_MOVE} planned. If the environment has a deploy hook, it is POSTed the deployment as JSON after this returns; its answer appears on the timeline.`,
  })
  @Returns(Deployment)
  @ApiErrors(404, 409)
  execute(@Param('id') id: string, @By() by: Actor): Promise<Deployment> {
    return this.deployments.execute(id, by);
  }

  @Post(':id/progress')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reportDeploymentProgress',
    summary: 'Report how far a running deployment is',
    description: `${ILLEGAL_MOVE} in_progress.`,
  })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  progress(@Param('id') id: string, @BodyOf(ProgressReport) dto: ProgressReport, @By() by: Actor): Promise<Deployment> {
    return this.deployments.reportProgress(id, dto, by);
  }

  @Post(':id/complete')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'completeDeployment',
    summary: 'Mark a running deployment completed',
    description: `Sets the environment's current_version. ${ILLEGAL_MOVE} in_progress.`,
  })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  complete(@Param('id') id: string, @BodyOf(DeploymentCompletion) dto: DeploymentCompletion, @By() by: Actor): Promise<Deployment> {
    return this.deployments.complete(id, dto, by);
  }

  @Post(':id/fail')
  @ID
  @HttpCode(200)
  @ApiOperation({ operationId: 'failDeployment', summary: 'Mark a running deployment failed', description: `${ILLEGAL_MOVE} in_progress.` })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  fail(@Param('id') id: string, @BodyOf(DeploymentFailure) dto: DeploymentFailure, @By() by: Actor): Promise<Deployment> {
    return this.deployments.fail(id, dto, by);
  }

  @Post(':id/rollback')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rollbackDeployment',
    summary: 'Roll a deployment back',
    description: `Restores rollback_version (from the body, else the deployment's), else the version the environment ran before this deployment, as the environment's current_version; 409 when there is none. ${ILLEGAL_MOVE} in_progress, completed or failed.`,
  })
  @Returns(Deployment)
  @ApiErrors(400, 404, 409)
  rollback(@Param('id') id: string, @BodyOf(DeploymentRollback) dto: DeploymentRollback, @By() by: Actor): Promise<Deployment> {
    return this.deployments.rollback(id, dto, by);
  }
}
