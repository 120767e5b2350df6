import { z } from 'zod';
import { isRealInstant } from '../instants.js';
import { LIMITS } from '../limits.js';
import { fieldName, say } from './messages.js';

/**
 * The building blocks of every request and response shape. Each carries its limit, its message
 * and its documentation, so REST validation, the OpenAPI document and the MCP tool schemas all
 * come from the same definition.
 */

export type FieldDoc = {
  description: string;
  example?: unknown;
};

/** Shapes that get a name of their own in the OpenAPI document (and so in generated clients). */
export const apiSchemas = z.registry<{ id: string }>();
const registered: Array<{ id: string; schema: z.ZodType }> = [];

export function named<T extends z.ZodType>(id: string, schema: T): T {
  apiSchemas.add(schema, { id });
  registered.push({ id, schema });
  return schema;
}

export function namedSchemas(): ReadonlyArray<{ id: string; schema: z.ZodType }> {
  return registered;
}

/**
 * A string of at most `max` characters, counted as Unicode code points, as JSON Schema's
 * maxLength and PostgreSQL's varchar count them (String#length counts UTF-16 units).
 */
function boundedString(max: number) {
  return z.string().refine((v) => v.length <= max || [...v].length <= max, { error: say(`must be at most ${max} characters`) });
}

const notBlank = (issue: { input?: unknown; path?: readonly PropertyKey[] }) =>
  `${fieldName(issue.path)} ${issue.input === '' ? 'must not be empty' : 'must not be blank'}`;

/** Free text; `nonBlank` refuses empty and whitespace-only values (titles, names, versions). */
export function text(max: number, doc: FieldDoc, { nonBlank = false }: { nonBlank?: boolean } = {}) {
  const schema = nonBlank ? boundedString(max).refine((v) => /\S/.test(v), { error: notBlank }) : boundedString(max);
  return schema.meta({ ...doc, maxLength: max, ...(nonBlank ? { minLength: 1 } : {}) });
}

/** Text that may be cleared by sending null. */
export function nullableText(max: number, doc: FieldDoc) {
  return boundedString(max).meta({ maxLength: max }).nullable().meta(doc);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, doc: FieldDoc) {
  return z.enum(values).meta(doc);
}

/** A list of short non-empty strings (services, tags). */
export function stringList(maxItems: number, itemMax: number, doc: FieldDoc) {
  const item = boundedString(itemMax)
    .refine((v) => v.length > 0, { error: say('must not be empty') })
    .meta({ maxLength: itemMax, minLength: 1 });
  return z.array(item).max(maxItems).meta(doc);
}

export const tags = () =>
  stringList(LIMITS.tagsMax, LIMITS.tagMax, { description: 'Labels for filtering and grouping.', example: ['api', 'payment'] });

export function int(min: number, max: number, doc: FieldDoc) {
  return z.int().min(min).max(max).meta(doc);
}

/** A finite number in a range. */
export function number(min: number, max: number, doc: FieldDoc) {
  return z.number().min(min).max(max).meta(doc);
}

export function bool(doc: FieldDoc) {
  return z.boolean().meta(doc);
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const PATH_OR_URL = /^(\/[^\s]*|https?:\/\/[^\s/?#]+[^\s]*)$/i;

/** An absolute http(s) URL; null clears it. */
export function url(doc: FieldDoc) {
  return boundedString(LIMITS.urlMax)
    .refine((v) => HTTP_URL.test(v), { error: say('must be an absolute http:// or https:// URL') })
    .meta({ format: 'uri', maxLength: LIMITS.urlMax })
    .nullable()
    .meta(doc);
}

/** A path joined to a base URL, or a full http(s) URL. */
export function pathOrUrl(doc: FieldDoc) {
  return boundedString(LIMITS.urlMax)
    .refine((v) => PATH_OR_URL.test(v), { error: say('must be a path starting with / or an absolute http(s) URL') })
    .meta({ ...doc, maxLength: LIMITS.urlMax });
}

export function isPathOrUrl(value: string): boolean {
  return PATH_OR_URL.test(value);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a time zone, naming a real calendar day. */
export function instant(doc: FieldDoc) {
  return (
    z
      .string()
      .refine((v) => ISO_INSTANT.test(v), { error: say('must be an ISO-8601 date-time with a time zone, e.g. 2025-01-15T02:00:00Z') })
      // Values that do not even look like a date are left to the message above, so each mistake is named once.
      .refine((v) => !/^\d{4}-\d{2}-\d{2}T/.test(v) || isRealInstant(v), {
        error: say('is not a real date and time, e.g. 2025-01-15T02:00:00Z'),
      })
      .meta({ ...doc, format: 'date-time' })
  );
}

/** An instant that may be cleared by sending null. */
export function nullableInstant(doc: FieldDoc) {
  const { description: _description, ...rest } = doc;
  return instant({ description: '', ...rest })
    .nullable()
    .meta(doc);
}

export const revision = () =>
  int(1, Number.MAX_SAFE_INTEGER, {
    description: 'The revision you last read. If the record has changed since, the update is refused (409) instead of overwriting.',
  });

export const limit = () =>
  int(1, LIMITS.listLimitMax, { description: `Page size (default ${LIMITS.listLimitDefault}, at most ${LIMITS.listLimitMax}).` });

export const cursor = () => text(2_000, { description: 'next_cursor from the previous page, to get the next one.' });

/** An id as returned by the service, given back to name a record. */
export const recordId = (description: string) => text(40, { description }, { nonBlank: true });

// Response fields: what the service returns needs no limits, only types and descriptions.
export const timestamp = (description?: string) => z.string().meta({ format: 'date-time', ...(description ? { description } : {}) });
export const nullableTimestamp = (description?: string) =>
  z
    .string()
    .meta({ format: 'date-time' })
    .nullable()
    .meta(description ? { description } : {});
export const nullableString = (description?: string) =>
  z
    .string()
    .nullable()
    .meta(description ? { description } : {});
export const nullableNumber = (description?: string) =>
  z
    .number()
    .nullable()
    .meta(description ? { description } : {});
export const count = (description?: string) =>
  z
    .int()
    .min(0)
    .meta(description ? { description } : {});

/** A list result: the items with what is needed to fetch more. */
export function pageOf<T extends z.ZodType, K extends string = 'items'>(item: T, key: K = 'items' as K) {
  return z.object({
    ...({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> }),
    total: count(`How many match the filters, counted up to ${LIMITS.listTotalMax} (see total_capped).`),
    total_capped: z.boolean().meta({
      description: `True when more than ${LIMITS.listTotalMax} match: total is then ${LIMITS.listTotalMax}, not the exact count. Counting stops there so no page reads a whole large table.`,
    }),
    limit: count(),
    has_more: z.boolean().meta({ description: 'True when more results exist; ask again with cursor = next_cursor.' }),
    next_cursor: nullableString('Pass as cursor to get the next page; null on the last page.'),
  });
}
