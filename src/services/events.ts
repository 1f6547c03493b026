import { EventEmitter } from 'node:events';
import type { CredentialPhase } from '../domain/status.js';

export type CredentialChange = 'CREATED' | 'UPDATED' | 'DELETED';

export interface CredentialChangeEvent {
  /** The event's place in the change log of every credential (see `after` on the subscription). */
  id: number;
  change: CredentialChange;
  credentialId: string;
  at: string;
  /** The credential's scope when the event was written (null on events from before it was kept): a DELETED event is judged by it. */
  scopeType?: 'ACCOUNT' | 'CLUSTER' | 'DEPARTMENT' | 'PROJECT' | null;
  scopeId?: string | null;
  clusterId?: string | null;
}

export interface CredentialStatusEvent {
  /** The event's place in the whole history: increases with every status event of any credential. */
  id: number;
  /** Position in the credential's status history: strictly increasing per credential. */
  sequence: number;
  credentialId: string;
  previousPhase: CredentialPhase | null;
  phase: CredentialPhase;
  reason: string | null;
  message: string | null;
  at: string;
  /** The credential as it was right after the transition (it may be gone by delivery time). */
  snapshot?: unknown;
}

/** The org tree changed in a way that moves propagation targets. */
export interface OrgChangeEvent {
  kind: 'CLUSTER' | 'DEPARTMENT' | 'PROJECT';
  id: string;
  clusterId: string;
}

interface Topics {
  credentialChanged: CredentialChangeEvent;
  credentialStatusChanged: CredentialStatusEvent;
  orgChanged: OrgChangeEvent;
}

/**
 * In-process publish/subscribe. Services publish only after their transaction commits,
 * so a subscriber never sees an event whose change was rolled back.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<T extends keyof Topics>(topic: T, event: Topics[T]): void {
    // Listeners run here, right after a commit: none of them may fail the publisher or the others.
    for (const listener of this.emitter.listeners(topic) as ((event: Topics[T]) => void)[]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Where a failing listener's error goes (the gateway logs it). */
  onListenerError: (error: unknown) => void = () => {};

  /** Observers of how long an event took from its commit (`at`) to a subscriber taking it (metrics). */
  readonly deliveryObservers = new Set<(lagMs: number) => void>();

  private delivered(event: unknown): void {
    if (this.deliveryObservers.size === 0) return;
    const at = (event as { at?: unknown }).at;
    if (typeof at !== 'string') return;
    const lag = Date.now() - Date.parse(at);
    if (!Number.isFinite(lag)) return;
    for (const observe of this.deliveryObservers) observe(Math.max(0, lag));
  }

  on<T extends keyof Topics>(topic: T, listener: (event: Topics[T]) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  /**
   * An async stream of one topic's events from the moment of the call until it is returned.
   * `keep` is asked at publish time, right after the commit, so a filter sees the state the
   * event describes (not a later one by the time a slow reader gets to it).
   */
  subscribe<T extends keyof Topics>(topic: T, keep?: (event: Topics[T]) => boolean): AsyncIterableIterator<Topics[T]> {
    const queue: Topics[T][] = [];
    let waiting: { resolve: (result: IteratorResult<Topics[T]>) => void; reject: (error: unknown) => void } | null = null;
    let closed = false;
    let failure: unknown;
    const listener = (event: Topics[T]) => {
      try {
        if (keep && !keep(event)) return;
      } catch (error) {
        // A subscriber's filter that fails ends that subscriber's stream, never the publisher.
        failure = error;
        const pending = waiting;
        close();
        pending?.reject(error);
        return;
      }
      if (waiting) {
        const { resolve } = waiting;
        waiting = null;
        this.delivered(event);
        resolve({ done: false, value: event });
      } else {
        queue.push(event);
      }
    };
    this.emitter.on(topic, listener);
    const close = () => {
      closed = true;
      this.emitter.off(topic, listener);
      const pending = waiting;
      waiting = null;
      if (failure === undefined) pending?.resolve({ done: true, value: undefined });
    };
    return {
      next: () => {
        if (queue.length > 0) {
          const value = queue.shift()!;
          this.delivered(value);
          return Promise.resolve({ done: false, value });
        }
        if (failure !== undefined) return Promise.reject(failure);
        if (closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve, reject) => (waiting = { resolve, reject }));
      },
      return: async () => {
        close();
        return { done: true, value: undefined };
      },
      throw: async (error?: unknown) => {
        close();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  listenerCount(topic: keyof Topics): number {
    return this.emitter.listenerCount(topic);
  }
}
