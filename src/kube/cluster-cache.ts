import { makeInformer, type V1Namespace, type V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { MANAGED_BY, MANAGED_BY_LABEL, RESOURCE_LABEL } from '../domain/secret-manifest.js';
import { classifyKubeError, type ClusterConnection } from './cluster-connection.js';

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
const EXISTING_SELECTOR = `${RESOURCE_LABEL},${MANAGED_BY_LABEL}!=${MANAGED_BY}`;

type Informer<T> = ReturnType<typeof makeInformer<T & { metadata?: { name?: string; namespace?: string } }>>;
type WatchName = 'managed secrets' | 'existing secrets' | 'namespaces';

export interface ClusterCacheHandlers {
  managedSecret(secret: V1Secret, kind: 'change' | 'delete'): void;
  existingSecret(secret: V1Secret): void;
  namespace(namespace: V1Namespace): void;
  /** A watch was listed again after it broke: anything missed must be compared again. */
  relisted(): void;
  /** A handler threw (it should not): logged, never out of the process. */
  failed(where: string, error: unknown): void;
}

/**
 * What one cluster holds, as its watches (client-node informers) see it: the Secrets credgate
 * manages (its own and other installations'), the Secrets created in advance, the namespaces.
 *
 * Every (re)start lists again instead of resuming from the last resourceVersion: after an outage
 * the cluster may be another one at the same address (restored, rebuilt, emptied), and only a
 * fresh list shows what it holds now. Objects that vanished are reported as deleted.
 */
export class ClusterCache {
  readonly managedSecrets: Informer<V1Secret>;
  readonly existingSecrets: Informer<V1Secret>;
  readonly namespaces: Informer<V1Namespace>;
  private readonly restarts = new Map<WatchName, NodeJS.Timeout>();
  private stopped = false;
  private startedOnce = false;
  /** Errors per watch: a start() that met one did not list (client-node reports it as an event). */
  private readonly errors = new Map<WatchName, number>();

  constructor(connection: ClusterConnection, private readonly handlers: ClusterCacheHandlers, private readonly log: Logger) {
    const core = connection.core;
    const kc = connection.kubeConfig;
    this.managedSecrets = makeInformer(kc, '/api/v1/secrets', () => core.listSecretForAllNamespaces({ labelSelector: MANAGED_SELECTOR }), MANAGED_SELECTOR);
    this.existingSecrets = makeInformer(kc, '/api/v1/secrets', () => core.listSecretForAllNamespaces({ labelSelector: EXISTING_SELECTOR }), EXISTING_SELECTOR);
    this.namespaces = makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());

    const guarded = <T>(where: string, handle: (object: T) => void) => (object: T) => {
      try {
        handle(object);
      } catch (error) {
        this.handlers.failed(where, error);
      }
    };
    this.managedSecrets.on('add', guarded('managed secret added', (s: V1Secret) => handlers.managedSecret(s, 'change')));
    this.managedSecrets.on('update', guarded('managed secret changed', (s: V1Secret) => handlers.managedSecret(s, 'change')));
    this.managedSecrets.on('delete', guarded('managed secret deleted', (s: V1Secret) => handlers.managedSecret(s, 'delete')));
    for (const verb of ['add', 'update', 'delete'] as const) {
      this.existingSecrets.on(verb, guarded('existing secret event', (s: V1Secret) => handlers.existingSecret(s)));
    }
    this.namespaces.on('add', guarded('namespace added', (ns: V1Namespace) => handlers.namespace(ns)));
    this.namespaces.on('update', guarded('namespace changed', (ns: V1Namespace) => handlers.namespace(ns)));
    for (const [name, informer] of this.watches()) {
      informer.on('error', (error: unknown) => {
        // Stopping or relisting aborts the watch on purpose: nothing went wrong.
        if (this.stopped || (error as { name?: string })?.name === 'AbortError') return;
        this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
        this.log.warn({ informer: name, error: classifyKubeError(error).message }, 'watch stopped; listing again');
        this.scheduleRestart(name, informer);
      });
    }
  }

  /** Whether the first lists were asked for (the reconciler compares only with a listed cache). */
  get started(): boolean {
    return this.startedOnce;
  }

  /**
   * Lists every watch again (the first start, or a reconnect) and resolves once they are listed,
   * or after `maxWaitMs`: a list that hangs must not hold the caller (writes then meet 409s, handled).
   */
  async relist(maxWaitMs = 30_000): Promise<void> {
    if (this.stopped) return;
    this.startedOnce = true;
    for (const timer of this.restarts.values()) clearTimeout(timer);
    this.restarts.clear();
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.watches().map(([name, informer]) => this.listAgain(name, informer))),
      new Promise((resolve) => {
        waited = setTimeout(resolve, maxWaitMs);
        waited.unref();
      }),
    ]);
    clearTimeout(waited);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.restarts.values()) clearTimeout(timer);
    this.restarts.clear();
    await Promise.allSettled(this.watches().map(([, informer]) => informer.stop()));
  }

  private watches(): [WatchName, Informer<V1Secret>][] {
    return [
      ['managed secrets', this.managedSecrets],
      ['existing secrets', this.existingSecrets],
      ['namespaces', this.namespaces as unknown as Informer<V1Secret>],
    ];
  }

  /** Stops the watch, forgets where it was, and lists from scratch; false when the list failed. */
  private async listAgain(name: WatchName, informer: Informer<V1Secret>): Promise<boolean> {
    await informer.stop();
    // client-node resumes from its last resourceVersion unless it has none: forget it, so that
    // start() lists (and reports as deleted whatever the cluster no longer holds).
    (informer as unknown as { resourceVersion: string }).resourceVersion = '';
    if (this.stopped) return false;
    const errorsBefore = this.errors.get(name) ?? 0;
    try {
      await informer.start();
      return (this.errors.get(name) ?? 0) === errorsBefore;
    } catch (error) {
      this.log.warn({ informer: name, error: classifyKubeError(error).message }, 'listing failed; trying again');
      this.scheduleRestart(name, informer);
      return false;
    }
  }

  private scheduleRestart(name: WatchName, informer: Informer<V1Secret>): void {
    if (this.stopped || this.restarts.has(name)) return;
    const timer = setTimeout(() => {
      this.restarts.delete(name);
      void this.listAgain(name, informer).then((listed) => {
        if (listed && !this.stopped) this.handlers.relisted();
      });
    }, 1000);
    timer.unref();
    this.restarts.set(name, timer);
  }
}
