import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { identityOf, type Identity } from '../common/identity.js';
import { Requires } from '../common/requires.decorator.js';
import { AccessToken, AccessTokenCreate, AccessTokenPage, AccessTokenQuery, CreatedAccessToken } from '../contracts.js';
import { DomainError, type Page } from '../domain.js';
import { TokensService } from './tokens.service.js';

function caller(request: FastifyRequest): Identity {
  const identity = identityOf(request);
  if (!identity) throw new DomainError('unauthorized', 'Sign in first.');
  return identity;
}

@ApiTags('access')
@Controller('tokens')
@Requires('viewer')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiOperation({ summary: 'List access tokens', description: 'Your own; admins may pass all=true or user_id.' })
  @Returns(AccessTokenPage)
  @ApiErrors(400, 403)
  list(@QueryOf(AccessTokenQuery) query: AccessTokenQuery, @Req() request: FastifyRequest): Promise<Page<AccessToken>> {
    return this.tokens.list(query, caller(request));
  }

  @Post()
  @ApiOperation({
    summary: 'Create an access token',
    description: 'For yourself (admins: for anyone). The secret is in this response only; send it as "Authorization: Bearer <secret>".',
  })
  @Returns(CreatedAccessToken, 201)
  @ApiErrors(400, 403, 404, 409)
  create(@BodyOf(AccessTokenCreate) dto: AccessTokenCreate, @Req() request: FastifyRequest): Promise<CreatedAccessToken> {
    return this.tokens.create(dto, caller(request));
  }

  @Delete(':id')
  @ApiParam({ name: 'id', description: 'Token id.' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an access token', description: 'Refused from the next request on. Your own, or anyone’s for admins.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors(403, 404)
  revoke(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    return this.tokens.revoke(id, caller(request));
  }
}
