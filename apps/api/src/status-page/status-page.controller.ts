import { applyDecorators, Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { schemaOf } from '../common/contract/openapi-schemas.js';
import { Public } from '../common/requires.decorator.js';
import { ErrorBodySchema, PublicStatus, UptimeBadgeQuery } from '../contracts.js';
import { statusBadge, uptimeBadge } from './badges.js';
import { StatusPageService, uptimeOver } from './status-page.service.js';

/** Short: a badge in a README should follow an outage within a minute. */
const BADGE_CACHE = 'public, max-age=30';
const ENVIRONMENT = ApiParam({ name: 'environment', description: 'Name or id of an environment marked public.' });
const SVG = ApiResponse({ status: 200, description: 'A flat SVG badge.', content: { 'image/svg+xml': { schema: { type: 'string' } } } });

const ERRORS: Record<number, string> = {
  400: 'Invalid input; `fields` names each field and what to fix.',
  403: 'The request came to a name (Host) or from a page (Origin) that is not this service’s.',
  404: 'No public environment has this name or id (the same answer whether it does not exist or is not public).',
};

/** Public routes never answer 401 or a role's 403: only a refused Host or Origin, and what is listed. */
function PublicErrors(...statuses: number[]) {
  const schema = schemaOf(ErrorBodySchema) as never;
  return applyDecorators(...[...statuses, 403].map((status) => ApiResponse({ status, description: ERRORS[status], schema })));
}

function svg(reply: FastifyReply): void {
  void reply
    .header('content-type', 'image/svg+xml; charset=utf-8')
    .header('cache-control', BADGE_CACHE)
    // Badges are meant to be shown on other sites' pages.
    .header('cross-origin-resource-policy', 'cross-origin');
}

/** The public status page's data and badges: open to anyone, and showing only what is marked public. */
@ApiTags('status page')
@Public()
@Controller('public')
export class StatusPageController {
  constructor(private readonly statusPage: StatusPageService) {}

  @Get('status')
  @Header('cache-control', 'public, max-age=5')
  @ApiOperation({
    operationId: 'getPublicStatus',
    summary: 'Public status',
    description:
      'What the status page at /status shows, without signing in: environments marked public with their health and 90 days of daily uptime, open incidents marked public, and their maintenance.',
  })
  @Returns(PublicStatus)
  @PublicErrors()
  getPublicStatus(): Promise<PublicStatus> {
    return this.statusPage.status();
  }

  @Get('badges/:environment/status.svg')
  @ENVIRONMENT
  @ApiProduces('image/svg+xml')
  @ApiOperation({ operationId: 'getStatusBadge', summary: 'Status badge', description: 'Current health of a public environment.' })
  @SVG
  @PublicErrors(404)
  async getStatusBadge(@Param('environment') reference: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const environment = await this.statusPage.environment(reference);
    svg(reply);
    return statusBadge(environment.name, environment.status);
  }

  @Get('badges/:environment/uptime.svg')
  @ENVIRONMENT
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    operationId: 'getUptimeBadge',
    summary: 'Uptime badge',
    description: 'Uptime of a public environment over 30 or 90 days.',
  })
  @SVG
  @PublicErrors(400, 404)
  async getUptimeBadge(
    @Param('environment') reference: string,
    @QueryOf(UptimeBadgeQuery) query: UptimeBadgeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const environment = await this.statusPage.environment(reference);
    const days = Number(query.days ?? '30');
    svg(reply);
    return uptimeBadge(environment.name, days, uptimeOver(environment, days));
  }
}
