import { ValidationError } from '../domain/errors.js';
import { badUserInput } from './credential-list.js';

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
