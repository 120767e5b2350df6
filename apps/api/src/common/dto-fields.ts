import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { isRealInstant } from './instants.js';
import { LIMITS } from '../domain.js';

/**
 * Field decorators shared by every request shape, built from the domain's limits so
 * validation, OpenAPI and the MCP schemas agree on what is allowed.
 */

interface FieldOptions {
  description: string;
  example?: unknown;
}

interface TextOptions extends FieldOptions {
  /** Refuse empty and whitespace-only text even where the field may be left out (titles, names, versions). */
  nonBlank?: boolean;
}

// Optional means "may be left out", not "may be null": null is only accepted where a field documents it.
const optional = (required: boolean) => (required ? [] : [ValidateIf((_, v) => v !== undefined)]);
const notBlank = () => Matches(/\S/, { message: '$property must not be blank' });
const doc = (required: boolean, options: Record<string, unknown>) => (required ? ApiProperty(options) : ApiPropertyOptional(options));

/**
 * At most `max` characters, counted as Unicode code points, as JSON Schema's maxLength, the MCP
 * tools' schemas and PostgreSQL's varchar count them. class-validator's MaxLength skips emoji
 * presentation selectors (U+FE0F), so REST took titles the MCP tools and PostgreSQL refuse.
 */
export function MaxChars(max: number, { each = false } = {}) {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= max || [...value].length <= max,
        defaultMessage: () => `${each ? 'each value in ' : ''}$property must be shorter than or equal to ${max} characters`,
      },
    },
    { each },
  );
}

export function TextField(max: number, required: boolean, { nonBlank = required, ...o }: TextOptions) {
  return applyDecorators(
    ...optional(required),
    IsString(),
    ...(nonBlank ? [IsNotEmpty({ message: '$property must not be empty' }), notBlank()] : []),
    MaxChars(max),
    doc(required, { type: String, maxLength: max, ...(nonBlank ? { minLength: 1 } : {}), ...o }),
  );
}

/** A text field that may be cleared by sending null. */
export function NullableTextField(max: number, o: FieldOptions) {
  return applyDecorators(
    IsOptional(),
    ValidateIf((_, v) => v !== null),
    IsString(),
    MaxChars(max),
    ApiPropertyOptional({ type: String, maxLength: max, nullable: true, ...o }),
  );
}

export function EnumField(values: readonly string[], required: boolean, o: FieldOptions) {
  return applyDecorators(
    ...optional(required),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
    doc(required, { enum: values, ...o }),
  );
}

export function StringListField(maxItems: number, maxLength: number, o: FieldOptions) {
  return applyDecorators(
    ...optional(false),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true, message: 'each value in $property must not be empty' }),
    MaxChars(maxLength, { each: true }),
    ApiPropertyOptional({ type: [String], maxItems, ...o }),
  );
}

export function TagsField() {
  return StringListField(LIMITS.tagsMax, LIMITS.tagMax, { description: 'Labels for filtering and grouping.', example: ['api', 'payment'] });
}

export function IntField(min: number, max: number, required: boolean, o: FieldOptions) {
  return applyDecorators(
    ...optional(required),
    IsInt(),
    Min(min),
    Max(max),
    doc(required, { type: Number, minimum: min, maximum: max, ...o }),
  );
}

/** An integer read from a query string ("50" → 50); anything else is refused, not guessed. */
export function QueryIntField(min: number, max: number, o: FieldOptions) {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value)),
    IsInt(),
    Min(min),
    Max(max),
    ApiPropertyOptional({ type: Number, minimum: min, maximum: max, ...o }),
  );
}

export function QueryBoolField(o: FieldOptions) {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
    IsIn([true, false], { message: '$property must be true or false' }),
    ApiPropertyOptional({ type: Boolean, ...o }),
  );
}

export function RevisionField() {
  return IntField(1, Number.MAX_SAFE_INTEGER, false, {
    description: 'The revision you last read. If the record has changed since, the update is refused with 409 instead of overwriting.',
  });
}

export function UrlField(required: boolean, o: FieldOptions) {
  return applyDecorators(
    ...optional(required),
    ValidateIf((_, v) => v !== null),
    IsString(),
    MaxChars(LIMITS.urlMax),
    Matches(/^https?:\/\/[^\s/?#]+[^\s]*$/i, { message: '$property must be an absolute http:// or https:// URL' }),
    doc(required, { type: String, format: 'uri', maxLength: LIMITS.urlMax, nullable: !required, ...o }),
  );
}

export function TimestampField(o: FieldOptions) {
  return applyDecorators(
    IsOptional(),
    ValidateIf((_, v) => v !== null),
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO-8601 date-time with a time zone, e.g. 2025-01-15T02:00:00Z',
    }),
    // Values that do not even look like a date are left to the message above, so each mistake is named once.
    ValidateBy({
      name: 'realInstant',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || isRealInstant(value),
        defaultMessage: () => '$property is not a real date and time, e.g. 2025-01-15T02:00:00Z',
      },
    }),
    ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, ...o }),
  );
}

export function LimitField() {
  return QueryIntField(1, LIMITS.listLimitMax, { description: `Page size (default ${LIMITS.listLimitDefault}).` });
}

export function CursorField() {
  return TextField(2_000, false, { description: 'next_cursor from the previous page, to get the next one.' });
}

export { Type };
