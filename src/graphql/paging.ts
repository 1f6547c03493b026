import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { ValidationError } from '../domain/errors.js';
import { parseListLimit, parsePaging, type PageLimits, type PageWindow, type PagingArgs } from '../domain/paging.js';
import { badUserInput } from './credential-list.js';

/** Paging arguments checked by the one rule (domain/paging.ts), or a BAD_USER_INPUT error with fieldErrors. */
export function pageWindowOf(args: PagingArgs, limits: PageLimits): PageWindow {
  return asBadUserInput(() => parsePaging(args, limits));
}

/** A count argument of a plain list (`statusHistory(first:)`), checked by the same rule. */
export function listLimitOf(value: number | null | undefined, path: string[], limits: PageLimits): number {
  return asBadUserInput(() => parseListLimit(value, path, limits));
}

/** Runs a check that throws ValidationError, turning it into the typed GraphQL error queries return. */
export function asBadUserInput<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError) throw badUserInput(error);
    throw error;
  }
}

const OFFSET_CURSOR = /^OffsetConnection:(0|[1-9]\d{0,8})$/;

function checkedOffsetCursor(cursor: string | null | undefined, name: 'after' | 'before'): void {
  if (cursor == null) return;
  const text = cursor.length <= 100 ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  if (!OFFSET_CURSOR.test(text)) throw ValidationError.of([name], 'is not a cursor of this list; start again from the first page');
}

/**
 * A Relay connection over a list read by offset (Pothos' offset cursors): the paging arguments
 * pass the one rule first, a bad cursor is BAD_USER_INPUT, and `last` without `before` means the
 * end of the list (its total is asked for first).
 */
export async function offsetConnection<T>(
  args: PagingArgs,
  limits: PageLimits,
  page: (window: { limit: number; offset: number }) => { rows: T[]; total: number },
) {
  const window = asBadUserInput(() => {
    const parsed = parsePaging(args, limits);
    checkedOffsetCursor(args.after, 'after');
    checkedOffsetCursor(args.before, 'before');
    return parsed;
  });
  const totalCount = window.backwards && args.before == null ? page({ limit: 0, offset: 0 }).total : undefined;
  let total = totalCount ?? 0;
  const connection = await resolveOffsetConnection(
    { args: { ...args, first: window.backwards ? undefined : window.limit, last: window.backwards ? window.limit : undefined }, totalCount, defaultSize: limits.defaultPage, maxSize: limits.maxPage },
    (offsetWindow) => {
      const result = page(offsetWindow);
      total = result.total;
      return result.rows;
    },
  );
  return { ...connection, totalCount: total };
}
