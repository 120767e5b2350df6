import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolDefinition } from './mcp-tool.js';

/**
 * A tool's entry in tools/list, as lean as still says what the model needs: the JSON Schema of its
 * arguments without what only a validator uses (examples, string lengths, list sizes, the integer
 * range every int has), descriptions on the tool's own arguments only (a nested object's fields are
 * named, and `updates` names only its enum-valued ones), and an output schema of top-level keys.
 * Validation itself still runs the full contract (mcp-server.factory.ts).
 */

type Json = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;
/** Keys a model does not need to call the tool right; the contract still enforces them. */
const VALIDATOR_ONLY = new Set(['$schema', 'example', 'examples', 'maxLength', 'minLength', 'maxItems', 'minItems', 'propertyNames', 'id']);

interface Rules {
  /** Depth below which descriptions are dropped (1: the tool's own arguments keep theirs). */
  describeBelow: number;
  /** An output schema: nested objects list their fields without insisting on each. */
  output?: boolean;
}

function lean(node: unknown, depth: number, rules: Rules): unknown {
  if (Array.isArray(node)) return node.map((n) => lean(n, depth, rules));
  if (!node || typeof node !== 'object') return node;
  // An output's fields give their type (and values, for an enum) only: its keys are what a client relies on.
  if (rules.output && depth >= 1 && 'type' in node) {
    const { type, enum: values } = node as Json;
    return values ? { type, enum: values } : { type };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (VALIDATOR_ONLY.has(key)) continue;
    if (key === 'format' && value !== 'date-time') continue;
    if ((key === 'minimum' && value === -SAFE) || (key === 'maximum' && value === SAFE)) continue;
    if (key === 'description' && depth > rules.describeBelow) continue;
    if (key === 'required' && rules.output && depth > 0) continue;
    if (key === 'items' && value && typeof value === 'object' && Object.keys(value).length === 0) continue;
    if (key === 'additionalProperties' && value === false && depth > 0) continue;
    if (key === 'additionalProperties' && typeof value === 'object' && value && Object.keys(value).length === 0) continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, schema]) => [name, lean(schema, depth + 1, rules)]));
    } else if (key === 'items' || key === 'anyOf' || key === 'additionalProperties') {
      out[key] = lean(value, depth, rules);
    } else {
      out[key] = value;
    }
  }
  return nullableAsType(out);
}

/** `anyOf: [{type: "string"}, {type: "null"}]` says the same as `type: ["string", "null"]` in a third of the text. */
function nullableAsType(node: Json): Json {
  const anyOf = node.anyOf as Json[] | undefined;
  if (!anyOf || anyOf.length !== 2) return node;
  const other = anyOf.find((s) => s.type !== 'null');
  const hasNull = anyOf.some((s) => s.type === 'null' && Object.keys(s).length === 1);
  if (!other || !hasNull || typeof other.type !== 'string' || 'enum' in other || 'anyOf' in other) return node;
  const { anyOf: _anyOf, ...rest } = node;
  return { ...other, ...rest, type: [other.type, 'null'] };
}

export function inputJsonSchema(tool: ToolDefinition): Tool['inputSchema'] {
  const raw = z.toJSONSchema(z.strictObject(tool.input), { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  // The tool's own arguments are described; the fields of a nested object (health_check, updates) are named only.
  const schema = lean(raw, 0, { describeBelow: 1 }) as Tool['inputSchema'];
  const properties = schema.properties as Record<string, Json> | undefined;
  const updates = properties?.updates as Json | undefined;
  if (updates?.properties) {
    // `updates` takes the create tool's fields (its description says which); listed here are only the
    // ones with a closed set of values, so the enums stay in front of the model.
    const fields = updates.properties as Record<string, Json>;
    updates.properties = Object.fromEntries(Object.entries(fields).filter(([, field]) => 'enum' in field));
  }
  for (const [name, brief] of Object.entries(tool.brief ?? {})) {
    const property = properties?.[name];
    if (!property) throw new Error(`${tool.name}: brief for unknown argument ${name}`);
    if (brief === null) delete property.description;
    else property.description = brief;
  }
  return schema;
}

export function outputJsonSchema(output: z.ZodType): Tool['outputSchema'] {
  const raw = z.toJSONSchema(output, { target: 'draft-7', io: 'output', unrepresentable: 'any' });
  // The tool's description says what comes back; the schema gives the shape.
  return lean(raw, 0, { describeBelow: -1, output: true }) as Tool['outputSchema'];
}

/**
 * The hints a client cannot infer from the specification's defaults (readOnlyHint false,
 * destructiveHint true, idempotentHint false, openWorldHint true). readOnlyHint is always given, and
 * destructiveHint for every tool that writes; idempotence says nothing more about a read.
 */
export function leanAnnotations(a: ToolDefinition['annotations']): Tool['annotations'] {
  return {
    readOnlyHint: a.readOnlyHint,
    ...(a.readOnlyHint ? {} : { destructiveHint: a.destructiveHint ?? true }),
    ...(!a.readOnlyHint && a.idempotentHint ? { idempotentHint: true } : {}),
    ...(a.openWorldHint === false ? { openWorldHint: false } : {}),
  };
}

export function toolEntry(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool),
    ...(tool.output ? { outputSchema: outputJsonSchema(tool.output) } : {}),
    annotations: leanAnnotations(tool.annotations),
  };
}

/**
 * A catalogue's entries with each argument description said once: an argument with the same name and
 * the same description as one before it (incident_id, cursor, response_format…) is named only.
 */
export function describedOnce(entries: readonly Tool[]): Tool[] {
  const said = new Set<string>();
  return entries.map((entry) => {
    const properties = entry.inputSchema.properties as Record<string, Json> | undefined;
    if (!properties) return entry;
    const lean: Record<string, Json> = {};
    for (const [name, schema] of Object.entries(properties)) {
      const key = `${name}\u0000${String(schema.description)}`;
      if (typeof schema.description === 'string' && said.has(key)) {
        const { description: _said, ...rest } = schema;
        lean[name] = rest;
      } else {
        said.add(key);
        lean[name] = schema;
      }
    }
    return { ...entry, inputSchema: { ...entry.inputSchema, properties: lean } };
  });
}
