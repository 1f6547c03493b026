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

/** Runs several parsers, gathering every ValidationError, so that a caller hears of all problems at once. */
export function validationCollector() {
  const fieldErrors: FieldError[] = [];
  return {
    fieldErrors,
    attempt<T>(parse: () => T): T | undefined {
      try {
        return parse();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        fieldErrors.push(...error.fieldErrors);
        return undefined;
      }
    },
    throwIfAny(): void {
      if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    },
  };
}
