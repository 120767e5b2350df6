import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { actorName, identityOf } from '../common/identity.js';
import { Requires } from '../common/requires.decorator.js';
import { User, UserCreate, UserPage, UserQuery, UserUpdate } from '../contracts.js';
import type { Page } from '../domain.js';
import { UsersService } from './users.service.js';

const ID = ApiParam({ name: 'id', description: 'User id.' });
const caller = (request: FastifyRequest) => identityOf(request);

@ApiTags('access')
@Controller('users')
@Requires('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users' })
  @Returns(UserPage)
  @ApiErrors(400, 403)
  list(@QueryOf(UserQuery) query: UserQuery): Promise<Page<User>> {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a user', description: 'The first user switches the service from local to team mode.' })
  @Returns(User, 201)
  @ApiErrors(400, 403, 409)
  create(@BodyOf(UserCreate) dto: UserCreate, @Req() request: FastifyRequest): Promise<User> {
    const identity = caller(request);
    return this.users.create(dto, identity ? actorName(identity) : null);
  }

  @Get(':id')
  @ID
  @ApiOperation({ summary: 'Get a user' })
  @Returns(User)
  @ApiErrors(403, 404)
  get(@Param('id') id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ID
  @ApiOperation({
    summary: 'Change a user',
    description: 'Role, display name, password or disabled. A new password or disabling ends their sessions.',
  })
  @Returns(User)
  @ApiErrors(400, 403, 404, 409)
  update(@Param('id') id: string, @BodyOf(UserUpdate) dto: UserUpdate, @Req() request: FastifyRequest): Promise<User> {
    const identity = caller(request);
    return this.users.update(id, dto, identity ? actorName(identity) : null, identity?.userId ?? null);
  }

  @Delete(':id')
  @ID
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user', description: 'Their sessions and tokens end with them. The last admin cannot be deleted.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(403, 404, 409)
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const identity = caller(request);
    await this.users.remove(id, identity ? actorName(identity) : null, identity?.userId ?? null);
  }
}
