import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../common/http-errors.js';
import { parseInput, StatusPageQuery } from '../contracts.js';
import type { DomainError } from '../domain.js';
import { STATUS_PAGE_CSP, renderStatusPage } from './status-page.html.js';
import { pageLanguage, STATUS_PAGE_MESSAGES } from './status-page.messages.js';
import { StatusPageController } from './status-page.controller.js';
import { StatusPageService } from './status-page.service.js';

/**
 * The public status page: GET /status (a server-rendered page, outside /api so it reads as the
 * site's own address), its JSON and badges under /api/public. Reads other features only through
 * its ports (status-page.ports.ts), bound in FeatureWiringModule.
 */
@Module({
  controllers: [StatusPageController],
  providers: [StatusPageService],
})
export class StatusPageModule implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly statusPage: StatusPageService,
  ) {}

  onModuleInit(): void {
    // No HTTP server (the stdio MCP server): no page.
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.get('/status', async (request, reply) => {
      let query: StatusPageQuery;
      try {
        query = parseInput(StatusPageQuery, request.query ?? {});
      } catch (error) {
        const body = errorBody(error as DomainError);
        return reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
      }
      const lang = pageLanguage(query.lang, request.headers['accept-language']);
      const html = renderStatusPage(await this.statusPage.status(), STATUS_PAGE_MESSAGES[lang]);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'public, max-age=5')
        .header('vary', 'Accept-Language')
        .header('content-language', lang)
        .send(html);
    });
  }
}
