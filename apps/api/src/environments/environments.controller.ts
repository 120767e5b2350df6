import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires } from '../common/requires.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { By } from '../common/actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { Environment, EnvironmentCreate, EnvironmentPage, EnvironmentQuery, EnvironmentUpdate, type Page } from '../contracts.js';
import { EnvironmentsService } from './environments.service.js';

const ID = ApiParam({ name: 'id', description: 'Environment id or unique name.' });

@ApiTags('environments')
@Controller('environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listEnvironments',
    summary: 'List environments',
    description: 'Filter by type, status, tag or text; paginated with next_cursor.',
  })
  @Returns(EnvironmentPage)
  @ApiErrors(400)
  list(@QueryOf(EnvironmentQuery) query: EnvironmentQuery): Promise<Page<Environment>> {
    return this.environments.list(query);
  }

  @Requires('admin')
  @Post()
  @ApiOperation({ operationId: 'createEnvironment', summary: 'Register an environment' })
  @Returns(Environment, 201)
  @ApiErrors(400, 409)
  create(@BodyOf(EnvironmentCreate) dto: EnvironmentCreate, @By() by: Actor): Promise<Environment> {
    return this.environments.create(dto, by);
  }

  @Get(':id')
  @ID
  @ApiOperation({ operationId: 'getEnvironment', summary: 'Get an environment' })
  @Returns(Environment)
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<Environment> {
    return this.environments.get(id);
  }

  @Requires('admin')
  @Patch(':id')
  @ID
  @ApiOperation({
    operationId: 'updateEnvironment',
    summary: 'Change some fields of an environment',
    description: 'Only the fields given change. Send `revision` to refuse overwriting a newer change.',
  })
  @Returns(Environment)
  @ApiErrors(400, 404, 409)
  patch(@Param('id') id: string, @BodyOf(EnvironmentUpdate) dto: EnvironmentUpdate, @By() by: Actor): Promise<Environment> {
    return this.environments.update(id, dto, by);
  }

  @Requires('admin')
  @Put(':id')
  @ID
  @ApiOperation({ operationId: 'putEnvironment', summary: 'Change some fields of an environment (same as PATCH)' })
  @Returns(Environment)
  @ApiErrors(400, 404, 409)
  put(@Param('id') id: string, @BodyOf(EnvironmentUpdate) dto: EnvironmentUpdate, @By() by: Actor): Promise<Environment> {
    return this.environments.update(id, dto, by);
  }

  @Requires('admin')
  @Delete(':id')
  @ID
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEnvironment',
    summary: 'Delete an environment nothing refers to',
    description: 'Refused with 409 while incidents or deployments refer to it.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404, 409)
  remove(@Param('id') id: string, @By() by: Actor): Promise<void> {
    return this.environments.remove(id, by);
  }
}
