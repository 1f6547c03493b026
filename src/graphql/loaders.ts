/** Rows in the order of the keys a dataloader asked for; null where a row is gone (a node that no longer exists). */
export function inKeyOrder<T extends { id: string }>(rows: T[], ids: readonly string[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? (null as never));
}
