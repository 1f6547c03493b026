import { EventEmitter, on } from 'node:events';
import { mapAsync } from './async-streams.js';

export type CredentialChange = 'CREATED' | 'UPDATED' | 'DELETED';

export interface CredentialChangeEvent {
  change: CredentialChange;
  credentialId: string;
  at: string;
}

export interface CredentialStatusEvent {
  /** The event's place in the whole history: increases with every status event of any credential. */
  id: number;
  /** Position in the credential's status history: strictly increasing per credential. */
  sequence: number;
  credentialId: string;
  previousPhase: string | null;
  phase: string;
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
    this.emitter.emit(topic, event);
  }

  on<T extends keyof Topics>(topic: T, listener: (event: Topics[T]) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  /** An async stream of one topic's events, buffered from the moment of the call until it is returned. */
  subscribe<T extends keyof Topics>(topic: T): AsyncIterableIterator<Topics[T]> {
    return mapAsync(on(this.emitter, topic), ([event]) => event as Topics[T]);
  }

  listenerCount(topic: keyof Topics): number {
    return this.emitter.listenerCount(topic);
  }
}
