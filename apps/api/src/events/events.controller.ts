import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../domain.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { schemaOf } from '../common/contract/openapi-schemas.js';
import { errorBody } from '../common/http-errors.js';
import { ErrorBodySchema } from '../contracts.js';
import { EventStream } from './event-stream.service.js';

/** What a client refused for lack of room is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;

function parseSeq(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw)) throw DomainError.validation(name, 'must be the id of an event received earlier (a whole number)');
  const seq = Number(raw);
  if (!Number.isSafeInteger(seq)) throw DomainError.validation(name, 'is larger than any event id');
  return seq;
}

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly stream: EventStream,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'streamEvents',
    summary: 'Live stream of every change (Server-Sent Events)',
    description:
      'Each event is `{seq, entity, entity_id, action, source, actor, occurred_at}` with `id: seq`. Reconnect with the Last-Event-ID header (EventSource does this itself) or `?after=seq` to receive what was missed. Includes changes made by other processes on the same database. With an access token configured, pass it as `?access_token=` since EventSource cannot send headers.\n\n' +
      'A comment line (`: keep-alive`) comes every EVENTS_HEARTBEAT_SECONDS. A client that stops reading is disconnected after EVENTS_STALLED_CLIENT_SECONDS and may reconnect and resume. Events older than EVENTS_RETENTION_DAYS are deleted; a client resuming from before them receives `event: reset` with `{reason, latest_seq}` (and `id: latest_seq`): reload everything, then follow the stream from there.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'An open stream: `id: <seq>` and `data: <event JSON>` per change, `event: reset` when resuming from before the retained events.',
    content: {
      'text/event-stream': { schema: { type: 'string', example: 'id: 42\ndata: {"seq":42,"entity":"incident","action":"created"}\n\n' } },
    },
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiQuery({ name: 'after', required: false, type: Number })
  @ApiQuery({ name: 'access_token', required: false, type: String })
  @ApiErrors(400)
  @ApiResponse({
    status: 503,
    description: 'EVENTS_MAX_CONNECTIONS streams are already open (or the service is shutting down); retry after `Retry-After` seconds.',
    headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } },
    schema: schemaOf(ErrorBodySchema) as never,
  })
  events(
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
  ): void {
    const resumeFrom = parseSeq(lastEventId, 'Last-Event-ID') ?? parseSeq(after, 'after');
    if (!this.stream.hasRoom()) {
      // Answered here rather than thrown: a full house is expected, not a server error to log.
      const refusal = new DomainError(
        'unavailable',
        this.stream.shuttingDown
          ? `The service is shutting down; reconnect in ${RETRY_AFTER_SECONDS} seconds.`
          : `The event stream already serves ${this.config.eventStream.maxConnections} clients, the most this service takes (EVENTS_MAX_CONNECTIONS); retry in ${RETRY_AFTER_SECONDS} seconds.`,
      );
      const body = errorBody(refusal);
      void reply
        .status(body.statusCode)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .header('content-type', 'application/json; charset=utf-8')
        .send(body);
      return;
    }
    // From here the stream owns the response; nothing is awaited before it takes its place.
    reply.hijack();
    this.stream.serve(reply.raw, resumeFrom, reply.getHeaders());
  }
}
