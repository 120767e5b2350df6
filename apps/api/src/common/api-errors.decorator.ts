import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES } from '../domain.js';

class FieldErrorView {
  @ApiProperty({ example: 'severity' }) field!: string;
  @ApiProperty({ type: [String] }) messages!: string[];
}

export class ErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ enum: ERROR_CODES }) error!: string;
  @ApiProperty({ description: 'What was wrong and how to fix it.' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorView] }) fields?: FieldErrorView[];
  @ApiPropertyOptional({ description: 'For refused lifecycle moves: the status now.' }) current_status?: string;
  @ApiPropertyOptional({ type: [String], description: 'For refused lifecycle moves: what may be done now.' }) allowed_actions?: string[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `fields` names each field and what to fix.',
  401: 'An access token is required.',
  404: 'No such record.',
  409: 'Conflict: duplicate, still referenced, stale revision or illegal lifecycle move.',
};

/** Documents the error responses a route can give, all in the one error shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...statuses, 401].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorView })),
  );
}
