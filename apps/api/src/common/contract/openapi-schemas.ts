import { z } from 'zod';
import { apiSchemas, namedSchemas } from '../../contracts.js';

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => `#/components/schemas/${id}`;

/** Enum values → the name of the shared enum schema, so every field of that enum points at one named type. */
function namedEnums(): Map<string, { id: string; schema: z.ZodType }> {
  const enums = new Map<string, { id: string; schema: z.ZodType }>();
  for (const { id, schema } of namedSchemas()) {
    if (schema instanceof z.ZodEnum) enums.set(JSON.stringify(schema.options), { id, schema });
  }
  return enums;
}

const OPTIONS = {
  target: 'openapi-3.0',
  io: 'input',
  unrepresentable: 'any',
} as const;

/** Turns an inline copy of a named enum into a reference, keeping the field's own description. */
function referToNamedEnums(enums: ReturnType<typeof namedEnums>) {
  return (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) => {
    const schema = ctx.zodSchema;
    if (!(schema instanceof z.ZodEnum)) return;
    const named = enums.get(JSON.stringify(schema.options));
    if (!named || named.schema === schema) return;
    const { description, example, default: fallback, nullable } = ctx.jsonSchema;
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
    Object.assign(ctx.jsonSchema, { allOf: [{ $ref: ref(named.id) }] }, description === undefined ? {} : { description });
    if (example !== undefined) ctx.jsonSchema.example = example;
    if (fallback !== undefined) ctx.jsonSchema.default = fallback;
    if (nullable !== undefined) ctx.jsonSchema.nullable = nullable;
  };
}

function clean(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

/** Every named shape as an OpenAPI component. */
export function openApiComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, { ...OPTIONS, uri: ref, override: referToNamedEnums(namedEnums()) }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, clean(schema)]));
}

/** A reference to a named shape, or the shape inline when it has no name. */
export function schemaOf(schema: z.ZodType): JsonSchema {
  const id = apiSchemas.get(schema)?.id;
  if (id) return { $ref: ref(id) };
  return clean(z.toJSONSchema(schema, { ...OPTIONS, override: referToNamedEnums(namedEnums()) }) as JsonSchema);
}

/**
 * Rewrites what zod's OpenAPI 3.0 output says loosely into what 3.0 tools read without complaint:
 * `allOf` around a single reference becomes the reference; a nullable reference also names its target's
 * `type` (3.0 ignores `nullable` without one); a record keyed by an enum lists those keys as properties,
 * so its `required` names properties that exist. Walks the whole document: components and parameters alike.
 */
export function tidyOpenApiSchemas(document: { components?: { schemas?: Record<string, unknown> } }): void {
  const components = (document.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const targetType = (reference: unknown): unknown =>
    typeof reference === 'string' ? components[reference.slice(ref('').length)]?.type : undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    for (const value of Object.values(schema)) visit(value);
    const allOf = schema.allOf;
    if (Array.isArray(allOf) && allOf.length === 1) {
      const only = allOf[0] as JsonSchema;
      if (Object.keys(schema).length === 1 && typeof only.$ref === 'string') {
        delete schema.allOf;
        schema.$ref = only.$ref;
      } else if (schema.nullable === true && schema.type === undefined && targetType(only.$ref) !== undefined) {
        schema.type = targetType(only.$ref);
      }
    }
    const required = schema.required;
    const values = schema.additionalProperties;
    if (Array.isArray(required) && schema.properties === undefined && values !== null && typeof values === 'object') {
      schema.properties = Object.fromEntries(required.map((key) => [String(key), values]));
    }
  };
  visit(document);
}
