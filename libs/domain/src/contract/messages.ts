import { z } from 'zod';

/**
 * How a refused value is described on every interface. Each message names its field (the path
 * of the value inside the request), so the REST body's `fields` and an MCP tool's error text
 * say the same thing about the same input.
 */

type Path = readonly PropertyKey[] | undefined;

/** "title", "health_check.timeout_ms", or "each value in tags" for an item of a list. */
export function fieldName(path: Path): string {
  const segments = (path ?? []).filter((p) => typeof p !== 'symbol');
  const named = segments.filter((p): p is string => typeof p === 'string');
  const name = named.length > 0 ? named.join('.') : 'the value';
  return segments.some((p) => typeof p === 'number') ? `each value in ${name}` : name;
}

/** A fixed fragment after the field's name: `say('must not be blank')`. */
export const say =
  (fragment: string) =>
  (issue: { path?: Path }): string =>
    `${fieldName(issue.path)} ${fragment}`;

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a JSON object',
};

const units = (origin: unknown) => (origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '');

type Issue = z.core.$ZodRawIssue;

function describe(issue: Issue): string | undefined {
  const name = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${name} is required`;
      return `${name} must be ${EXPECTED[issue.expected] ?? issue.expected}${issue.input === null ? ', not null' : ''}`;
    case 'invalid_value':
      if (issue.input === undefined) return `${name} is required`;
      return issue.values.length === 1
        ? `${name} must be ${String(issue.values[0])}`
        : `${name} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return `${name} must be at most ${String(issue.maximum)}${units(issue.origin)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      if (issue.origin === 'array' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      return `${name} must be at least ${String(issue.minimum)}${units(issue.origin)}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `property ${issue.path?.length ? `${fieldName(issue.path)}.` : ''}${key} should not exist`).join('; ');
    case 'invalid_format':
      return `${name} is not in the expected format`;
    case 'not_multiple_of':
      return `${name} must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

// Process-wide, so schemas built anywhere (tool arguments, REST bodies, queries) speak alike.
z.config({ customError: describe });

/** A refused field as the REST error body lists it. */
export interface RefusedField {
  field: string;
  messages: string[];
}

/**
 * The refused fields of a failed parse, one entry per field in the order first seen. An unknown
 * property is listed under its own name, so a client can point at the field to remove.
 */
export function refusedFields(issues: readonly z.core.$ZodIssue[]): RefusedField[] {
  const byField = new Map<string, string[]>();
  const add = (field: string, message: string) => {
    const messages = byField.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byField.set(field, messages);
  };
  for (const issue of issues) {
    const at = issue.path.filter((p): p is string => typeof p === 'string').join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(at ? `${at}.${key}` : key, `property ${at ? `${at}.` : ''}${key} should not exist`);
    } else {
      add(at || 'body', issue.message);
    }
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}
