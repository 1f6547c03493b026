/**
 * The most keys one `IN (…)` list binds. SQLite refuses a statement with more than 32,766
 * parameters ("too many SQL variables"), and a caller controls how many keys a batch load gets
 * (a page of 1,000 rows, each with its targets and their clusters); far below that limit, the
 * statements also stay small enough to plan and run quickly.
 */
export const MAX_KEYS_PER_STATEMENT = 500;

/**
 * Runs `load` over the distinct keys, at most MAX_KEYS_PER_STATEMENT at a time, and returns every
 * row. Rows of one key all come from the same statement, so an order the statement gives per key
 * holds; there is no order across statements.
 */
export function inBatches<K, R>(keys: Iterable<K>, load: (batch: K[]) => R[]): R[] {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) return [];
  if (distinct.length <= MAX_KEYS_PER_STATEMENT) return load(distinct);
  const rows: R[] = [];
  for (let start = 0; start < distinct.length; start += MAX_KEYS_PER_STATEMENT) {
    for (const row of load(distinct.slice(start, start + MAX_KEYS_PER_STATEMENT))) rows.push(row);
  }
  return rows;
}
