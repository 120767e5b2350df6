import { Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../contracts.js';
import { schemaOf } from './openapi-schemas.js';

/**
 * REST routes take their request shapes from the shared contracts: one decorator validates the
 * input and documents it in OpenAPI, so the two can never disagree.
 */

class ContractPipe implements PipeTransform {
  constructor(
    private readonly schema: z.ZodType,
    private readonly fromQueryString: boolean,
  ) {}

  transform(value: unknown): unknown {
    const input = this.fromQueryString ? coerceQuery(this.schema, value) : (value ?? {});
    return parseInput(this.schema, input);
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}

/**
 * A query string carries only text: "50" becomes 50 and "true" becomes true where the contract
 * asks for a number or a boolean. Anything else is left as sent, for the contract to refuse.
 */
function coerceQuery(schema: z.ZodType, raw: unknown): unknown {
  if (!(schema instanceof z.ZodObject) || typeof raw !== 'object' || raw === null) return raw ?? {};
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([key, value]) => {
      const field = shape[key] ? unwrap(shape[key]) : undefined;
      if (typeof value !== 'string' || !field) return [key, value];
      if (field instanceof z.ZodNumber && /^-?\d+(\.\d+)?$/.test(value)) return [key, Number(value)];
      if (field instanceof z.ZodBoolean) {
        if (value === 'true' || value === '1') return [key, true];
        if (value === 'false' || value === '0') return [key, false];
      }
      return [key, value];
    }),
  );
}

type ParamDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

/** Applies method decorators from a parameter decorator (the method's descriptor carries OpenAPI metadata). */
function alsoOnMethod(param: ParamDecorator, ...method: MethodDecorator[]): ParamDecorator {
  return (target, key, index) => {
    param(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) for (const decorate of method) decorate(target, key, descriptor);
  };
}

/** The request body, parsed by its contract. */
export function BodyOf(schema: z.ZodType): ParamDecorator {
  return alsoOnMethod(Body(new ContractPipe(schema, false)), ApiBody({ schema: schemaOf(schema) as never }));
}

/** The query string, parsed by its contract; each field is documented as a query parameter. */
export function QueryOf(schema: z.ZodObject): ParamDecorator {
  const shape = schema.shape as Record<string, z.ZodType>;
  const params = Object.entries(shape).map(([name, field]) => {
    const { description, ...documented } = schemaOf(unwrap(field)) as { description?: string };
    return ApiQuery({ name, required: !field.safeParse(undefined).success, schema: documented as never, description });
  });
  return alsoOnMethod(Query(new ContractPipe(schema, true)), ...params);
}

/** The response a route gives on success, documented from its contract. */
export function Returns(schema: z.ZodType, status: 200 | 201 = 200): MethodDecorator {
  return ApiResponse({ status, description: status === 201 ? 'Created.' : 'OK.', schema: schemaOf(schema) as never });
}
