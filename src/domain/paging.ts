import { ValidationError, type FieldError } from './errors.js';

/** Relay's paging arguments, as every list field takes them. */
export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** How long a list's pages may be. */
export interface PageLimits {
  defaultPage: number;
  maxPage: number;
}

export interface PageWindow {
  /** Forwards (first/after: the rows after the cursor) or backwards (last/before: the rows before it, or the list's end). */
  backwards: boolean;
  limit: number;
  /** The cursor the window starts from (after when forwards, before when backwards), still to be decoded by its list. */
  cursor?: string;
}

/**
 * The one rule for paging arguments: first/after or last/before, never both directions, a page
 * of 0 to maxPage rows. A number out of range is refused rather than clamped, so a caller never
 * gets a different page from the one it asked for. Throws ValidationError naming every problem.
 */
export function parsePaging(args: PagingArgs, limits: PageLimits): PageWindow {
  const errors: FieldError[] = [];
  const { first, after, last, before } = args;
  if (first != null && last != null) errors.push({ path: ['last'], message: 'cannot be given together with first; page forwards or backwards' });
  if (after != null && before != null) errors.push({ path: ['before'], message: 'cannot be given together with after' });
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && (!Number.isInteger(value) || value < 0 || value > limits.maxPage)) {
      errors.push({ path: [name], message: `must be between 0 and ${limits.maxPage}` });
    }
  }
  if (first != null && before != null) errors.push({ path: ['before'], message: 'pages backwards; use it with last' });
  if (last != null && after != null) errors.push({ path: ['after'], message: 'pages forwards; use it with first' });
  if (errors.length > 0) throw new ValidationError(errors);
  const backwards = last != null || before != null;
  return {
    backwards,
    limit: (backwards ? last : first) ?? limits.defaultPage,
    cursor: (backwards ? before : after) ?? undefined,
  };
}

/** A `first`-style count on a plain list (no cursors): 0 to max, refused rather than clamped. Throws ValidationError. */
export function parseListLimit(value: number | null | undefined, path: string[], limits: PageLimits): number {
  if (value == null) return limits.defaultPage;
  if (!Number.isInteger(value) || value < 0 || value > limits.maxPage) throw ValidationError.of(path, `must be between 0 and ${limits.maxPage}`);
  return value;
}
