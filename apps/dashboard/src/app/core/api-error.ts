import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorBody, FieldError } from '@workflow-mcp/domain';

/** The API's error body, when the failure came from the API. */
export function errorBody(error: unknown): ErrorBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (typeof body === 'object' && body !== null && typeof (body as ErrorBody).message === 'string') return body as ErrorBody;
  return null;
}

/** Field-level problems of a 400, by field name (nested fields as `health_check.timeout_ms`). */
export function fieldErrors(error: unknown): FieldError[] {
  return errorBody(error)?.fields ?? [];
}

/** Whether the browser could not reach the service at all (down, restarting, network gone). */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof HttpErrorResponse &&
    (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504) &&
    errorBody(error) === null
  );
}
