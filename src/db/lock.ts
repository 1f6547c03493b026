import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Another gateway holds the data directory: this one must not touch it. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

const LOCK_FILE = 'credgate.lock';

/** Lock files this process holds: a holder with our own pid is live only if it is one of these. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'string') return parsed as Holder;
  } catch {
    // unreadable or half written: judged below
  }
  return null;
}

/**
 * One process per data directory: `<dir>/credgate.lock` is created exclusively and holds the
 * holder's pid, host and start time. A lock left by a process that is gone (same host, pid not
 * running) is taken over; a live one, or one from another host (whose pid cannot be checked),
 * stops the start with a message naming the holder. Returns the release function.
 */
export function acquireDataDirLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      // In a container every start is process 1 on the same host name, so a lock left by a
      // killed pod names our own pid: it is ours only if this process took it.
      const live = (h: Holder) => (h.pid === me.pid ? heldHere.has(file) : alive(h.pid));
      if (holder && (holder.host !== me.host || live(holder))) {
        const where = holder.host === me.host ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.host}`;
        throw new DataDirLockedError(
          `the data directory ${dir} is in use by another credgate (${where}, started ${holder.startedAt}); ` +
            `stop it first${holder.host === me.host ? '' : `, or remove ${file} if that host is gone`}`,
        );
      }
      if (!holder) {
        // Being written by a process starting right now, or left half-written by a crash: a
        // moment later tells which.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        if (attempt === 0) continue;
      }
      try {
        unlinkSync(file); // the holder is gone
      } catch {
        // someone else cleared it first
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    heldHere.add(file);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldHere.delete(file);
      const holder = readHolder(file);
      if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
    };
  }
  throw new DataDirLockedError(`the data directory ${dir} is being taken by another credgate process at the same moment; try again`);
}
