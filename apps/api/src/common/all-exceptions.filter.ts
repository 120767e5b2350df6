import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ERROR_CODES, type ErrorBody, type ErrorCode } from '../domain.js';
import { domainErrorFromDatabase, errorBody } from './http-errors.js';

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** The one place errors become HTTP responses: a code, a message that says what to fix, never a stack or SQL. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      // The request's own logger: the line carries the request id its response header names.
      if (reply.log)
        reply.log.error({ err: exception, context: 'HTTP' }, exception instanceof Error ? exception.message : String(exception));
      else this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (body.retry_after_seconds !== undefined) void reply.header('retry-after', String(body.retry_after_seconds));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return errorBody(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && ERROR_CODES.includes((response as ErrorBody).error)) {
        return response as ErrorBody;
      }
      const message = typeof response === 'string' ? response : exception.message;
      return {
        statusCode: status,
        error: CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed'),
        message,
      };
    }
    const fromDatabase = domainErrorFromDatabase(exception);
    if (fromDatabase) return errorBody(fromDatabase);
    return {
      statusCode: 500,
      error: 'internal_error',
      message: 'Something went wrong on the server; it has been logged. Retry, and report it if it persists.',
    };
  }
}
