import { Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { By } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import type { Actor } from '../common/request-context.js';
import { FollowUpPage, FollowUpQuery, Postmortem, PostmortemDraft, PostmortemSave, type FollowUp, type Page } from '../contracts.js';
import { PostmortemsService } from './postmortems.service.js';

const ID = ApiParam({ name: 'id', description: 'Incident id.' });

@ApiTags('postmortems')
@Controller('incidents')
export class IncidentPostmortemController {
  constructor(private readonly postmortems: PostmortemsService) {}

  @Get(':id/postmortem/draft')
  @ID
  @ApiOperation({
    operationId: 'getPostmortemDraft',
    summary: 'Draft a postmortem from what was recorded',
    description:
      'Built from the incident and its timeline, its linked deployment and its environment’s health checks from 30 minutes before it opened until it was resolved; root_cause is left for a person. Nothing is saved. Resolved incidents only (409 otherwise).',
  })
  @Returns(PostmortemDraft)
  @ApiErrors(404, 409)
  draft(@Param('id') id: string): Promise<PostmortemDraft> {
    return this.postmortems.draft(id);
  }

  @Get(':id/postmortem')
  @ID
  @ApiOperation({ operationId: 'getPostmortem', summary: 'The saved postmortem of an incident, with its follow-ups' })
  @Returns(Postmortem)
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<Postmortem> {
    return this.postmortems.get(id);
  }

  @Put(':id/postmortem')
  @ID
  @ApiOperation({
    operationId: 'savePostmortem',
    summary: 'Save the postmortem of a resolved incident',
    description:
      'One per incident. Leave revision out the first time; afterwards send the revision you read (a stale one is refused with 409). Fields left out keep their saved value; follow_ups, when given, replace the list (send back the id of each one kept). Recorded on the incident’s timeline.',
  })
  @Returns(Postmortem)
  @ApiErrors(400, 404, 409)
  save(@Param('id') id: string, @BodyOf(PostmortemSave) dto: PostmortemSave, @By() by: Actor): Promise<Postmortem> {
    return this.postmortems.save(id, dto, by);
  }

  @Get(':id/postmortem.md')
  @ID
  @ApiOperation({ operationId: 'exportPostmortemMarkdown', summary: 'The saved postmortem as a Markdown document' })
  @ApiProduces('text/markdown')
  @ApiResponse({ status: 200, description: 'The document.', content: { 'text/markdown': { schema: { type: 'string' } } } })
  @ApiErrors(404)
  async markdown(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const document = await this.postmortems.markdown(id);
    void reply
      .header('content-type', 'text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="postmortem-${id.replace(/[^\w.-]/g, '_')}.md"`);
    return document;
  }
}

@ApiTags('postmortems')
@Controller('postmortems')
export class FollowUpsController {
  constructor(private readonly postmortems: PostmortemsService) {}

  @Get('follow-ups')
  @ApiOperation({
    operationId: 'listFollowUps',
    summary: 'Follow-up actions across postmortems',
    description:
      'Earliest due first; by default those not done. Filter by status, owner, overdue, environment or incident; paginate with next_cursor.',
  })
  @Returns(FollowUpPage)
  @ApiErrors(400)
  list(@QueryOf(FollowUpQuery) query: FollowUpQuery): Promise<Page<FollowUp>> {
    return this.postmortems.listFollowUps(query);
  }
}
