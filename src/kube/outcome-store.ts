import type { Logger } from '../log.js';
import { isStorageFailure, type StorageHealth } from '../db/storage.js';
import type { TargetKey, TargetOutcome } from '../services/propagation.js';

interface Pending {
  outcome: TargetOutcome;
  resolve: (result: { requeue: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Stores reconcile outcomes, gathered for a few milliseconds into one transaction. A key's run
 * waits for its outcome to be stored (the work queue holds the key meanwhile), so nothing is
 * decided twice and nothing is lost: when the database cannot take the write (disk full, busy,
 * I/O error) the batch is kept and written again with backoff until it goes through.
 */
export class OutcomeStore {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly record: (outcomes: TargetOutcome[]) => { requeue: TargetKey[] },
    private readonly keyOf: (key: TargetKey) => string,
    private readonly health: StorageHealth,
    private readonly log: Logger,
    private readonly flushDelayMs: number,
  ) {}

  get waiting(): number {
    return this.pending.length;
  }

  save(outcome: TargetOutcome): Promise<{ requeue: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ outcome, resolve, reject });
      if (this.stopped) {
        // Stopping: one try now, nothing left waiting.
        this.flush();
        for (const { reject: fail } of this.pending.splice(0)) fail(new Error('stopped before the outcome could be stored'));
        return;
      }
      this.schedule(this.failures === 0 ? this.flushDelayMs : this.backoff());
    });
  }

  /** Writes what is pending now (stopping): one last try, then what could not be stored is given up, loudly. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    if (this.pending.length > 0) this.log.error({ outcomes: this.pending.length }, 'stopping with reconcile outcomes not stored; the next start reconciles them again');
    for (const { reject } of this.pending.splice(0)) reject(new Error('stopped before the outcome could be stored'));
  }

  private backoff(): number {
    const base = Math.min(100 * 2 ** Math.min(this.failures - 1, 10), 5000);
    return base / 2 + Math.random() * (base / 2);
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delayMs);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.slice();
    let requeue: TargetKey[];
    try {
      requeue = this.record(batch.map((p) => p.outcome)).requeue;
    } catch (error) {
      if (!isStorageFailure(error)) {
        // A bug, not the storage: the runs fail (and are retried by the queue), the process lives.
        this.pending.splice(0, batch.length);
        for (const { reject } of batch) reject(error);
        return;
      }
      this.failures += 1;
      this.health.failed(error);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log.error({ code: error.code, outcomes: batch.length, attempt: this.failures }, 'cannot store reconcile outcomes; keeping them and trying again');
      }
      this.schedule(this.backoff());
      return;
    }
    if (this.failures > 0) this.log.info({ attempts: this.failures + 1 }, 'reconcile outcomes stored again after a storage failure');
    this.failures = 0;
    this.health.succeeded();
    this.pending.splice(0, batch.length);
    const again = new Set(requeue.map(this.keyOf));
    for (const { outcome, resolve } of batch) resolve({ requeue: again.has(this.keyOf(outcome)) });
    if (this.pending.length > 0) this.schedule(this.flushDelayMs);
  }
}

/**
 * Cluster-level writes (reachability, connection state) that must land eventually: one pending
 * write per key, the latest wins, retried with backoff while the storage fails.
 */
export class RetryingWriter {
  private readonly pending = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly health: StorageHealth, private readonly log: Logger) {}

  write(key: string, run: () => void): void {
    if (this.stopped) return;
    this.pending.set(key, run);
    if (!this.timer) this.drain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    for (const [key, run] of [...this.pending]) {
      try {
        run();
        this.pending.delete(key);
      } catch (error) {
        if (!isStorageFailure(error)) {
          this.pending.delete(key);
          this.log.error({ write: key, err: { message: (error as Error)?.message } }, 'a cluster state write failed');
          continue;
        }
        this.health.failed(error);
        this.failures += 1;
        if (this.failures === 1) this.log.error({ write: key, code: error.code }, 'cannot store cluster state; trying again');
        const base = Math.min(100 * 2 ** Math.min(this.failures - 1, 10), 5000);
        if (!this.stopped) {
          this.timer = setTimeout(() => {
            this.timer = null;
            this.drain();
          }, base / 2 + Math.random() * (base / 2));
        }
        return;
      }
    }
    if (this.failures > 0) this.health.succeeded();
    this.failures = 0;
  }
}
