import type { z } from 'zod';
import { DomainError } from '../errors.js';
import { refusedFields } from './messages.js';

/** Parses input with its contract, or refuses it naming every wrong field (REST answers 400, MCP an error result). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = refusedFields(result.error.issues);
  throw new DomainError('validation_failed', fields.flatMap((f) => f.messages).join('; '), { fields });
}
