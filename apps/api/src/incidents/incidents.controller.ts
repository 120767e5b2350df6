import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { By } from '../common/actor.decorator.js';
import { Requires } from '../common/requires.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import type { Actor } from '../common/request-context.js';
import {
  Incident,
  IncidentCreate,
  IncidentDetail,
  IncidentNote,
  IncidentPage,
  IncidentQuery,
  IncidentStats,
  IncidentUpdate,
  StatsWindow,
  TimelinePage,
  TimelineQuery,
  type Page,
  type TimelineEntry,
} from '../contracts.js';
import { IncidentsService } from './incidents.service.js';

const ID = ApiParam({ name: 'id', description: 'Incident id.' });
const UPDATE_DESCRIPTION =
  'Only the fields given change, e.g. `{"status": "resolved", "resolution_notes": "…"}`. Status moves follow the lifecycle; every change is recorded on the timeline. Send `revision` to refuse overwriting a newer change.';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listIncidents',
    summary: 'List incidents',
    description: 'Filter by severity, status, type, environment, tag or text; sort; paginate with next_cursor.',
  })
  @Returns(IncidentPage)
  @ApiErrors(400)
  list(@QueryOf(IncidentQuery) query: IncidentQuery): Promise<Page<Incident>> {
    return this.incidents.list(query);
  }

  @Get('stats')
  @ApiOperation({
    operationId: 'getIncidentStats',
    summary: 'Incident statistics',
    description: 'Counts by severity and status, open count, MTTA and MTTR (median and p90) over a window.',
  })
  @Returns(IncidentStats)
  @ApiErrors(400)
  stats(@QueryOf(StatsWindow) query: StatsWindow): Promise<IncidentStats> {
    return this.incidents.stats(query);
  }

  @Post()
  @ApiOperation({ operationId: 'createIncident', summary: 'Open an incident' })
  @Returns(IncidentDetail, 201)
  @ApiErrors(400)
  create(@BodyOf(IncidentCreate) dto: IncidentCreate, @By() by: Actor): Promise<IncidentDetail> {
    return this.incidents.create(dto, by);
  }

  @Get(':id')
  @ID
  @ApiOperation({ operationId: 'getIncident', summary: 'Get an incident with its timeline' })
  @Returns(IncidentDetail)
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<IncidentDetail> {
    return this.incidents.get(id);
  }

  @Get(':id/timeline')
  @ID
  @ApiOperation({
    operationId: 'getIncidentTimeline',
    summary: "Page back through an incident's timeline",
    description:
      'The detail shows the newest entries; when timeline_has_more is true, pass its timeline_next_cursor as cursor here for the ones before them, then each next_cursor for earlier pages. Within a page entries are oldest first.',
  })
  @Returns(TimelinePage)
  @ApiErrors(400, 404)
  timeline(@Param('id') id: string, @QueryOf(TimelineQuery) query: TimelineQuery): Promise<Page<TimelineEntry>> {
    return this.incidents.timelinePage(id, query);
  }

  @Put(':id')
  @ID
  @ApiOperation({ operationId: 'putIncident', summary: 'Update an incident', description: UPDATE_DESCRIPTION })
  @Returns(IncidentDetail)
  @ApiErrors(400, 404, 409)
  put(@Param('id') id: string, @BodyOf(IncidentUpdate) dto: IncidentUpdate, @By() by: Actor): Promise<IncidentDetail> {
    return this.incidents.update(id, dto, by);
  }

  @Patch(':id')
  @ID
  @ApiOperation({ operationId: 'updateIncident', summary: 'Update an incident (same as PUT)', description: UPDATE_DESCRIPTION })
  @Returns(IncidentDetail)
  @ApiErrors(400, 404, 409)
  patch(@Param('id') id: string, @BodyOf(IncidentUpdate) dto: IncidentUpdate, @By() by: Actor): Promise<IncidentDetail> {
    return this.incidents.update(id, dto, by);
  }

  @Post(':id/notes')
  @ID
  @ApiOperation({ operationId: 'addIncidentNote', summary: 'Add a note to the timeline' })
  @Returns(IncidentDetail, 201)
  @ApiErrors(400, 404)
  addNote(@Param('id') id: string, @BodyOf(IncidentNote) dto: IncidentNote, @By() by: Actor): Promise<IncidentDetail> {
    return this.incidents.addNote(id, dto.note, by);
  }

  @Requires('admin')
  @Delete(':id')
  @ID
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteIncident', summary: 'Delete an incident and its timeline' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  remove(@Param('id') id: string, @By() by: Actor): Promise<void> {
    return this.incidents.remove(id, by);
  }
}
