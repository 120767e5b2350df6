import { DomainError, type ErrorBody, type ErrorCode } from '../domain.js';

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  unsupported_media_type: 415,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  revision_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};

export function errorBody(error: DomainError): ErrorBody {
  return { statusCode: HTTP_STATUS_BY_CODE[error.code], error: error.code, message: error.message, ...error.details };
}

/** Constraint violations that slipped past the service's own checks (e.g. two writers racing). */
export function domainErrorFromDatabase(error: unknown): DomainError | null {
  const text = error instanceof Error ? error.message : '';
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === '23505' || /UNIQUE constraint failed/.test(text)) {
    return new DomainError('conflict', 'A record with the same unique value already exists; choose another value.');
  }
  if (code === '23503' || /FOREIGN KEY constraint failed/.test(text)) {
    return new DomainError('conflict', 'The change refers to a record that does not exist or is still referred to by others.');
  }
  if (code === '23514' || /CHECK constraint failed/.test(text)) {
    return new DomainError('validation_failed', 'A value is not one of the allowed values.');
  }
  if (/SQLITE_BUSY|database is locked/.test(text)) {
    return new DomainError('conflict', 'The database is busy with another writer; retry the request.');
  }
  return null;
}
