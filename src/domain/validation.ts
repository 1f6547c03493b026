import type { z } from 'zod';
import { ValidationError, type FieldError } from './errors.js';

/** Parses input with a zod schema, turning its issues into a ValidationError with field paths. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
  }));
  throw new ValidationError(fieldErrors);
}
