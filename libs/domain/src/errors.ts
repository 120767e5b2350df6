import type { z } from 'zod';
import type { ErrorBodySchema } from './common.contract.js';

/**
 * Error codes every interface speaks. One place maps them to HTTP statuses,
 * one place to MCP error results; the message always says what to fix.
 */
export const ERROR_CODES = [
  'validation_failed',
  'not_found',
  'conflict',
  'invalid_transition',
  'revision_conflict',
  'unauthorized',
  'forbidden',
  'unsupported_media_type',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type FieldError = NonNullable<ErrorBody['fields']>[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody, 'statusCode' | 'error' | 'message'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(kind: string, id: string, hint: string): DomainError {
    return new DomainError('not_found', `No ${kind} with id "${id}". ${hint}`);
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError('validation_failed', `${field}: ${message}`, { fields: [{ field, messages: [message] }] });
  }
}
