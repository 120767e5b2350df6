import type { z } from 'zod';

/** The same schemas with the named fields made optional (for create tools' optional fields and update payloads). */
export function optionalize<S extends Record<string, z.ZodTypeAny>, const K extends keyof S>(shape: S, keys: readonly K[]) {
  return Object.fromEntries(keys.map((k) => [k, shape[k]!.optional()])) as { [P in K]: z.ZodOptional<S[P]> };
}
