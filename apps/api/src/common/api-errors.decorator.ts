import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodySchema } from '../contracts.js';
import { schemaOf } from './contract/openapi-schemas.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `fields` names each field and what to fix.',
  401: 'Sign in, or send an access token (Authorization: Bearer).',
  403: 'Your role (or a read-only token) may not do this; the message names the role needed.',
  429: 'Too many attempts; wait for Retry-After seconds.',
  404: 'No such record.',
  409: 'Conflict: duplicate, still referenced, stale revision or illegal lifecycle move.',
};

/** Documents the error responses a route can give, all in the one error shape; every route may answer 401 and 403. */
export function ApiErrors(...statuses: number[]) {
  const schema = schemaOf(ErrorBodySchema) as never;
  return applyDecorators(
    ...[...new Set([...statuses, 401, 403])].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], schema })),
  );
}
