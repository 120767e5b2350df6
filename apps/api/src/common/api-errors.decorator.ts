import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodySchema } from '../contracts.js';
import { schemaOf } from './contract/openapi-schemas.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `fields` names each field and what to fix.',
  401: 'An access token is required.',
  404: 'No such record.',
  409: 'Conflict: duplicate, still referenced, stale revision or illegal lifecycle move.',
};

/** Documents the error responses a route can give, all in the one error shape. */
export function ApiErrors(...statuses: number[]) {
  const schema = schemaOf(ErrorBodySchema) as never;
  return applyDecorators(...[...statuses, 401].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], schema })));
}
