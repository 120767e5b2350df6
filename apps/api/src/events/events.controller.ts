import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../domain.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { EventStream } from './event-stream.service.js';

const HEARTBEAT_MS = 15_000;

function parseSeq(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw)) throw DomainError.validation(name, 'must be the id of an event received earlier (a whole number)');
  return Number(raw);
}

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly stream: EventStream) {}

  @Get()
  @ApiOperation({
    summary: 'Live stream of every change (Server-Sent Events)',
    description:
      'Each event is `{seq, entity, entity_id, action, source, actor, occurred_at}` with `id: seq`. Reconnect with the Last-Event-ID header (EventSource does this itself) or `?after=seq` to receive what was missed. Includes changes made by other processes on the same database. With an access token configured, pass it as `?access_token=` since EventSource cannot send headers.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiQuery({ name: 'after', required: false, type: Number })
  @ApiQuery({ name: 'access_token', required: false, type: String })
  @ApiErrors(400)
  async events(
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
  ): Promise<void> {
    const resumeFrom = parseSeq(lastEventId, 'Last-Event-ID') ?? parseSeq(after, 'after');
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // A stream ends only at shutdown or disconnect; its socket is never reused.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    const unsubscribe = await this.stream.subscribe(
      resumeFrom,
      (event) => raw.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`),
      () => raw.end(),
    );
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    // The response closes when the client goes away or the stream is ended at shutdown.
    raw.once('close', close);
    if (raw.destroyed) close();
  }
}
