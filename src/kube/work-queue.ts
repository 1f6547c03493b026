/**
 * A work queue keyed by target, in the manner of controller-runtime's workqueue: a key is queued
 * at most once; a key being processed is never handed out twice (a change meanwhile marks it to
 * run again once the current run ends); a key is released only when its handler resolves, which
 * the reconciler does only after the outcome is stored. The queue owns all retrying: a handler
 * answers when to look again (`requeueAfter`) or that it failed (per-key exponential backoff with
 * jitter, reset by a success).
 */
export interface ReconcileResult {
  /** Look again after this long (ms), whatever happens meanwhile. */
  requeueAfter?: number;
  /** The attempt failed: look again after the key's backoff, which grows with every failure. */
  retry?: boolean;
}

export interface WorkQueueOptions<K> {
  id: (key: K) => string;
  handle: (key: K) => Promise<ReconcileResult>;
  /** Called when a handler throws (it should not): the key is retried with backoff. */
  onError: (key: K, error: unknown) => void;
  concurrency: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export class WorkQueue<K> {
  private readonly queue = new Map<string, K>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Map<string, K>();
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly failures = new Map<string, number>();
  /** When each queued key was added (for the wait metric). */
  private readonly addedAt = new Map<string, number>();
  private shutDown = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions<K>) {}

  /** Observers (metrics): how long a key waited, how a run went. */
  onDequeue: (waitedMs: number) => void = () => {};

  get depth(): number {
    return this.queue.size;
  }

  get active(): number {
    return this.processing.size;
  }

  /** Nothing queued or running (delayed retries do not count: they are the future). */
  get idle(): boolean {
    return this.queue.size === 0 && this.processing.size === 0;
  }

  isProcessing(key: K): boolean {
    return this.processing.has(this.options.id(key));
  }

  add(key: K): void {
    if (this.shutDown) return;
    const id = this.options.id(key);
    const pending = this.delayed.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      this.delayed.delete(id);
    }
    if (this.processing.has(id)) {
      this.dirty.set(id, key);
      return;
    }
    if (!this.queue.has(id)) {
      this.queue.set(id, key);
      this.addedAt.set(id, performance.now());
    }
    this.pump();
  }

  /** Adds the key after `delayMs`, unless something adds it sooner. A later, longer delay never postpones an earlier one. */
  addAfter(key: K, delayMs: number): void {
    if (this.shutDown) return;
    const id = this.options.id(key);
    const at = Date.now() + delayMs;
    const pending = this.delayed.get(id);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(id);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.delayed.set(id, { timer, at });
  }

  /** Retries the key after its backoff: base · 2^(failures−1), capped, with up to 50% jitter. */
  addRateLimited(key: K): void {
    const id = this.options.id(key);
    const failures = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, failures);
    const base = Math.min(this.options.retryBaseMs * 2 ** Math.min(failures - 1, 30), this.options.retryMaxMs);
    this.addAfter(key, base / 2 + Math.random() * (base / 2));
  }

  /** The key succeeded: its next failure starts from the base delay again. */
  forget(key: K): void {
    this.failures.delete(this.options.id(key));
  }

  /** Drops every queued and delayed key (the cluster went away: its reconnect looks at everything again). */
  clearPending(): void {
    this.queue.clear();
    this.addedAt.clear();
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.settleIdle();
  }

  shutdown(): void {
    this.shutDown = true;
    this.clearPending();
    this.dirty.clear();
    this.failures.clear();
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.shutDown && this.processing.size < this.options.concurrency && this.queue.size > 0) {
      const [id, key] = this.queue.entries().next().value as [string, K];
      this.queue.delete(id);
      const added = this.addedAt.get(id);
      this.addedAt.delete(id);
      if (added !== undefined) this.onDequeue(performance.now() - added);
      this.processing.add(id);
      void this.run(id, key);
    }
    this.settleIdle();
  }

  private async run(id: string, key: K): Promise<void> {
    let result: ReconcileResult;
    try {
      result = await this.options.handle(key);
    } catch (error) {
      this.options.onError(key, error);
      result = { retry: true };
    }
    this.processing.delete(id);
    if (!this.shutDown) {
      if (result.retry) this.addRateLimited(key);
      else {
        this.forget(key);
        if (result.requeueAfter !== undefined) this.addAfter(key, result.requeueAfter);
      }
      const again = this.dirty.get(id);
      if (again !== undefined) {
        this.dirty.delete(id);
        this.add(again);
      }
    }
    this.pump();
  }

  private settleIdle(): void {
    if (!this.idle || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
