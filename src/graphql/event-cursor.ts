import { ValidationError } from '../domain/errors.js';
import { badUserInput } from './credential-list.js';
import { replayThenLive } from '../services/async-streams.js';

/** How many past events a resumed subscription replays at most. */
export const REPLAY_LIMIT = 10_000;

type EventLog = 'status-event' | 'change-event';

/** An opaque cursor naming one event of a log. */
export function eventCursor(log: EventLog, id: number): string {
  return Buffer.from(`${log}:${id}`).toString('base64url');
}

/** The event id a cursor names; a cursor of another log, or none of ours, is a typed input error. */
export function eventIdOf(log: EventLog, cursor: string): number {
  const match = new RegExp(`^${log}:(\\d+)$`).exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badUserInput(ValidationError.of(['after'], `is not a ${log.replace('-', ' ')} cursor; pass the \`cursor\` of an event you received`));
  return Number(match[1]);
}

/**
 * A subscription that may resume: `live` is already listening when the log is read, so no event
 * falls between the two. Without a cursor it is the live stream alone; with one, the kept events
 * after it that `keep` admits come first. A cursor too far behind is refused (and `live` closed).
 */
export function resumable<T extends { id: number }>(
  log: EventLog,
  after: string | null | undefined,
  live: AsyncIterableIterator<T>,
  readAfter: (afterId: number, limit: number) => T[],
  keep: (event: T) => boolean,
): AsyncIterableIterator<T> {
  if (after == null) return live;
  const refuse = (error: unknown): never => {
    void live.return?.();
    throw error;
  };
  let afterId = 0;
  try {
    afterId = eventIdOf(log, after);
  } catch (error) {
    refuse(error);
  }
  const written = readAfter(afterId, REPLAY_LIMIT + 1);
  if (written.length > REPLAY_LIMIT) {
    refuse(badUserInput(ValidationError.of(['after'], `more than ${REPLAY_LIMIT} events were written since this cursor; re-read what you show and subscribe without it`)));
  }
  return replayThenLive(written.filter(keep), live, (event) => event.id);
}
