import type { V1Namespace, V1Secret } from '@kubernetes/client-node';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import type { Logger } from '../log.js';
import type { StorageHealth } from '../db/storage.js';
import type { Metrics } from '../metrics.js';
import type { CredentialRow } from '../services/credentials.js';
import type { IdentityClaim } from '../services/installation.js';
import type { PropagationStateService, TargetKey, TargetOutcome, TargetRow } from '../services/propagation.js';
import { keyOf, outcomeChangesTarget } from '../services/propagation.js';
import {
  canonicalSecretData,
  CREDENTIAL_ID_LABEL,
  DATA_HASH_ANNOTATION,
  GENERATION_ANNOTATION,
  INSTALLATION_LABEL,
  managedSecretManifest,
  secretDataOf,
  type ManagedSecretManifest,
} from '../domain/secret-manifest.js';
import type { SecretValues } from '../domain/credential.js';
import { classifyKubeError, type ClusterConnection } from './cluster-connection.js';
import { ClusterCache } from './cluster-cache.js';
import { Reachability } from './reachability.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';
import { OutcomeStore, RetryingWriter } from './outcome-store.js';
import { ownedElsewhereMessage, ownershipOf, type Ownership } from './ownership.js';
import { withoutSecretData } from './secret-scrub.js';

export { withoutSecretData };

/** What the reconciler needs of the rest of the gateway, given once at construction. */
export interface ReconcilerDeps {
  /** This installation's id: written into every Secret, and the only owner whose Secrets are touched. */
  installationId: string;
  state: PropagationStateService;
  credential(id: string): CredentialRow | undefined;
  values(id: string): { values: SecretValues; dataHash: string } | undefined;
  hashData(data: Buffer): string;
  manageNamespaces(): boolean;
  recordConnection(connection: 'CONNECTED' | 'UNREACHABLE', version: string | null, message: string | null): void;
  /** Claims the cluster's identity (its kube-system namespace UID) for this cluster row. */
  claimIdentity(uid: string): IdentityClaim;
  storage: StorageHealth;
  metrics: Metrics;
  log: Logger;
}

export interface ReconcilerOptions {
  /** Parallel reconciles. */
  concurrency?: number;
  /** How often the cluster's /version is probed (one probe per cluster). */
  probeIntervalMs?: number;
  /** How often every target is compared again with the watch cache (no API request unless something differs). */
  resyncIntervalMs?: number;
  /** Per-target exponential backoff of failed attempts. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long outcomes are gathered before they are written in one transaction. */
  flushDelayMs?: number;
  /** Cap on API writes (create, replace, delete) per second to this cluster; 0: none. */
  writesPerSecond?: number;
}

const UNREACHABLE_MESSAGE = 'Failed to access the cluster';

type Step = { outcome: TargetOutcome | null; retry?: boolean; requeueAfter?: number };

/**
 * Keeps one cluster equal to the desired state, level-triggered in the manner of
 * controller-runtime (docs/architecture.md):
 * - a cache (ClusterCache: informers) says what the cluster holds, listed afresh after any outage;
 * - one probe per interval (Reachability) says whether it answers;
 * - a work queue keyed by target (WorkQueue) runs reconcile(key), which compares the target's
 *   desired state with the cache, writes only what differs, and answers when to look again;
 * - outcomes are stored (OutcomeStore) before the key is released, retried while the storage fails;
 *   an outcome that changes nothing is not written at all, so a cluster at rest costs no writes.
 * Only Secrets of this installation are ever rewritten or deleted (docs/ownership.md).
 */
export class ClusterReconciler {
  private readonly options: Required<ReconcilerOptions>;
  private readonly cache: ClusterCache;
  private readonly reachability: Reachability;
  private readonly queue: WorkQueue<TargetKey>;
  private readonly store: OutcomeStore;
  private readonly clusterState: RetryingWriter;
  private readonly writeLimiter: RateLimiterQueue | null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly log: Logger;
  /**
   * The resourceVersion of our last write per target, until the watch shows it: until then the
   * cache is known to be behind for that Secret (resourceVersions are opaque: only equality counts).
   */
  private readonly awaitingEcho = new Map<string, string>();
  /** The data hash of a credential's values per generation (hashes only: no values are kept). */
  private readonly desiredHashes = new Map<string, { generation: number; dataHash: string }>();
  private foreignSeen = -1;
  /** Why the cluster is refused (registered twice), once reported. */
  private refusal: string | null = null;

  constructor(
    readonly clusterId: string,
    private readonly connection: ClusterConnection,
    private readonly deps: ReconcilerDeps,
    options: ReconcilerOptions = {},
  ) {
    this.options = {
      concurrency: 32,
      probeIntervalMs: 2000,
      resyncIntervalMs: 30_000,
      retryBaseMs: 200,
      retryMaxMs: 30_000,
      flushDelayMs: 5,
      writesPerSecond: 0,
      ...options,
    };
    this.log = deps.log;
    const failed = (where: string, error: unknown) =>
      this.log.error({ cluster: this.clusterId, where, err: { message: (error as Error)?.message, code: (error as { code?: string })?.code } }, 'a reconciler handler failed; carrying on');
    this.cache = new ClusterCache(connection, {
      managedSecret: (secret, kind) => this.onManagedSecret(secret, kind),
      existingSecret: (secret) => this.onExistingSecret(secret),
      namespace: (namespace) => this.onNamespace(namespace),
      relisted: () => this.guard('resync after relist', () => this.afterRelist()),
      failed,
    }, this.log);
    this.reachability = new Reachability(() => this.api('get', 'version', () => connection.version()), {
      reachable: (version) => this.onReachable(version),
      resumed: () => this.guard('resync after reconnect', () => this.resync()),
      versionChanged: (version) => this.clusterState.write('connection', () => this.deps.recordConnection('CONNECTED', version, null)),
      unreachable: (message) => this.onUnreachable(message),
      failed,
    }, this.options.probeIntervalMs);
    this.queue = new WorkQueue<TargetKey>({
      id: keyOf,
      handle: (key) => this.handle(key),
      onError: (key, error) => failed('reconcile', error),
      concurrency: this.options.concurrency,
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
    });
    this.queue.onDequeue = (waited) => deps.metrics.queueWait.observe({ cluster: clusterId }, waited / 1000);
    this.store = new OutcomeStore((outcomes) => deps.state.recordOutcomes(outcomes), keyOf, deps.storage, this.log, this.options.flushDelayMs);
    this.clusterState = new RetryingWriter(deps.storage, this.log);
    this.writeLimiter = this.options.writesPerSecond > 0
      ? new RateLimiterQueue(new RateLimiterMemory({ points: this.options.writesPerSecond, duration: 1 }))
      : null;
  }

  /** The Secrets created in advance, as watched (the engine offers them). */
  get existingSecrets(): ClusterCache['existingSecrets'] {
    return this.cache.existingSecrets;
  }

  get managedSecrets(): ClusterCache['managedSecrets'] {
    return this.cache.managedSecrets;
  }

  get version(): string | null {
    return this.reachability.version;
  }

  /** Probes the cluster (which starts the watches and reconciles every target once it answers). */
  async start(): Promise<void> {
    this.deps.metrics.clusterReachable.set({ cluster: this.clusterId }, 0);
    await this.reachability.start();
    this.resyncTimer = setInterval(() => this.guard('periodic resync', () => this.resync()), this.options.resyncIntervalMs);
    this.resyncTimer.unref();
  }

  /** Stops watching and writing; resolves once no work is in flight, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.queue.shutdown();
    await this.cache.stop();
    await this.reachability.stop();
    // Runs in flight finish and store their outcomes (a failing storage gets a few seconds).
    const deadline = Date.now() + 5000;
    while (this.queue.active > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    this.store.stop();
    this.clusterState.stop();
    this.deps.metrics.queueDepth.remove({ cluster: this.clusterId });
    this.deps.metrics.clusterReachable.remove({ cluster: this.clusterId });
  }

  /** Whether every queued target has been handled and stored (tests and benchmarks wait on it). */
  get idle(): boolean {
    return this.queue.idle && this.store.waiting === 0;
  }

  get isReachable(): boolean {
    return this.reachability.isReachable;
  }

  enqueue(keys: Iterable<TargetKey>): void {
    if (this.stopped) return;
    for (const key of keys) this.queue.add(key);
    this.deps.metrics.queueDepth.set({ cluster: this.clusterId }, this.queue.depth);
  }

  /** Every target of this cluster, plus every Secret of ours that has no target (orphans). */
  resync(): void {
    if (this.stopped || !this.reachability.isReachable || !this.cache.started) return;
    const targets = this.deps.state.targetsOfCluster(this.clusterId);
    const known = new Set(targets.map((t) => `${t.credentialId}/${t.namespace}`));
    const orphans: TargetKey[] = [];
    for (const secret of this.cache.managedSecrets.list()) {
      const credentialId = secret.metadata?.labels?.[CREDENTIAL_ID_LABEL];
      const namespace = secret.metadata?.namespace;
      if (!credentialId || !namespace || known.has(`${credentialId}/${namespace}`)) continue;
      if (this.ownership(secret).kind === 'foreign') continue;
      orphans.push({ credentialId, clusterId: this.clusterId, namespace });
    }
    this.enqueue([...targets, ...orphans]);
  }

  // ---- reachability and identity

  private async onReachable(version: string): Promise<boolean> {
    // The cluster's identity: the same cluster must not be reconciled under two registrations.
    let uid: string | undefined;
    try {
      const kubeSystem = await this.api('get', 'namespaces', () => this.connection.core.readNamespace({ name: 'kube-system' }));
      uid = kubeSystem.metadata?.uid;
    } catch (error) {
      const failure = classifyKubeError(error);
      if (failure.kind === 'unreachable') {
        this.reachability.couldNotReach(failure);
        return false;
      }
      this.log.warn({ cluster: this.clusterId, error: failure.message }, 'cannot read the kube-system namespace; the cluster identity is not checked');
    }
    if (uid) {
      const claim = this.deps.claimIdentity(uid);
      if (!claim.ok) {
        const message = `this cluster is already registered as "${claim.registeredAs.name}" (same kube-system namespace UID); credgate does not manage one cluster twice`;
        if (this.refusal === message) return false;
        this.refusal = message;
        this.log.error({ cluster: this.clusterId, registeredAs: claim.registeredAs.id }, 'refusing to reconcile a cluster registered twice');
        this.clusterState.write('connection', () => this.deps.recordConnection('UNREACHABLE', version, message));
        this.clusterState.write('targets', () => this.deps.state.markClusterUnreachable(this.clusterId, UNREACHABLE_MESSAGE));
        return false;
      }
      if (claim.changed && claim.previous) {
        this.log.warn({ cluster: this.clusterId, previous: claim.previous, uid }, 'the cluster at this address is a new one (its kube-system UID changed); reconciling it from scratch');
      }
    }
    this.refusal = null;
    this.clusterState.write('connection', () => this.deps.recordConnection('CONNECTED', version, null));
    this.log.info({ cluster: this.clusterId, version }, 'cluster reachable; listing what it holds');
    this.awaitingEcho.clear();
    await this.cache.relist();
    this.reportForeignSecrets();
    this.deps.metrics.clusterReachable.set({ cluster: this.clusterId }, 1);
    return !this.stopped;
  }

  private onUnreachable(message: string): void {
    this.deps.metrics.clusterReachable.set({ cluster: this.clusterId }, 0);
    this.log.warn({ cluster: this.clusterId, error: message }, 'cluster unreachable');
    // Nothing can be confirmed meanwhile; the reconnect lists again and looks at every target.
    this.queue.clearPending();
    this.clusterState.write('connection', () => this.deps.recordConnection('UNREACHABLE', null, message));
    this.clusterState.write('targets', () => this.deps.state.markClusterUnreachable(this.clusterId, UNREACHABLE_MESSAGE));
  }

  private afterRelist(): void {
    this.awaitingEcho.clear();
    this.reportForeignSecrets();
    this.resync();
  }

  /** Logs, when it changes, how many Secrets of other installations the cluster holds (left alone). */
  private reportForeignSecrets(): void {
    const installations = new Map<string, number>();
    let foreign = 0;
    for (const secret of this.cache.managedSecrets.list()) {
      if (this.ownership(secret).kind !== 'foreign') continue;
      foreign += 1;
      const owner = secret.metadata?.labels?.[INSTALLATION_LABEL] ?? '(unlabelled)';
      installations.set(owner, (installations.get(owner) ?? 0) + 1);
    }
    if (foreign === this.foreignSeen) return;
    this.foreignSeen = foreign;
    if (foreign > 0) {
      this.log.info({ cluster: this.clusterId, foreignSecrets: foreign, installations: Object.fromEntries(installations) }, 'found credgate Secrets of other installations; leaving them alone');
    }
  }

  // ---- watch events: find the affected targets by index, let reconcile decide

  private onManagedSecret(secret: V1Secret, kind: 'change' | 'delete'): void {
    const namespace = secret.metadata?.namespace;
    const name = secret.metadata?.name;
    if (!namespace || !name) return;
    const ownership = this.ownership(secret);
    if (ownership.kind === 'foreign') {
      // Someone else's: our targets that want that name may be blocked or freed by it.
      this.enqueueByName(namespace, name);
      return;
    }
    const credentialId = secret.metadata?.labels?.[CREDENTIAL_ID_LABEL];
    if (!credentialId) return;
    const key = { credentialId, clusterId: this.clusterId, namespace };
    const id = keyOf(key);
    if (kind === 'change' && this.awaitingEcho.get(id) === secret.metadata?.resourceVersion) this.awaitingEcho.delete(id);
    if (kind === 'delete') this.awaitingEcho.delete(id);
    this.enqueue([key]);
  }

  private onExistingSecret(secret: V1Secret): void {
    const namespace = secret.metadata?.namespace;
    const name = secret.metadata?.name;
    if (namespace && name) this.enqueueByName(namespace, name);
  }

  private onNamespace(namespace: V1Namespace): void {
    const name = namespace.metadata?.name;
    if (!name || namespace.status?.phase === 'Terminating') return;
    this.enqueue(this.deps.state.targetsInNamespace(this.clusterId, name).filter((t) => t.state !== 'SYNCED'));
  }

  /** The targets of one namespace whose Secret has this name (found by index, not by scanning the cluster's targets). */
  private enqueueByName(namespace: string, name: string): void {
    const keys = this.deps.state.targetsInNamespace(this.clusterId, namespace).filter((t) => {
      const credential = this.deps.credential(t.credentialId);
      return credential !== undefined && (credential.origin === 'EXISTING_SECRET' ? credential.existingSecretName : credential.kubernetesName) === name;
    });
    this.enqueue(keys);
  }

  // ---- one key

  private async handle(key: TargetKey): Promise<ReconcileResult> {
    const started = performance.now();
    this.deps.metrics.queueDepth.set({ cluster: this.clusterId }, this.queue.depth);
    const step = await this.reconcile(key);
    let again = false;
    if (step.outcome) {
      const target = this.deps.state.target(key);
      if (!target || outcomeChangesTarget(target, step.outcome)) again = (await this.store.save(step.outcome)).requeue;
    }
    this.deps.metrics.reconcileDuration.observe({ cluster: this.clusterId, outcome: step.outcome?.result ?? 'NONE' }, (performance.now() - started) / 1000);
    if (again) this.queue.add(key);
    // While the cluster is away no retry can succeed: its reconnect looks at every target again.
    if (!this.reachability.isReachable) return {};
    return { retry: step.retry, requeueAfter: step.requeueAfter };
  }

  private async reconcile(key: TargetKey): Promise<Step> {
    const target = this.deps.state.target(key);
    const credential = this.deps.credential(key.credentialId);
    if (!target) return this.reachability.isReachable && this.cache.started ? this.removeOrphan(key, credential) : { outcome: null };
    if (!credential) return { outcome: { ...key, result: 'REMOVED' } };
    // A Secret created in advance is never ours to delete: nothing to wait for, reachable or not.
    if (target.state === 'DELETING' && credential.origin === 'EXISTING_SECRET') return { outcome: { ...key, result: 'REMOVED' } };
    // While the cluster is away (or not listed yet) the cache proves nothing. While it is first
    // connecting there is nothing to say yet: the resync once it is listed comes back to every target.
    if (!this.reachability.isReachable || !this.cache.started) {
      if (!this.reachability.isUnreachable) return { outcome: null };
      return target.state === 'DELETING'
        ? { outcome: { ...key, result: 'DELETE_FAILED', message: UNREACHABLE_MESSAGE } }
        : { outcome: { ...key, result: 'UNREACHABLE', message: UNREACHABLE_MESSAGE } };
    }
    if (target.state === 'DELETING') return this.removeSecret(key, credential);
    if (credential.origin === 'EXISTING_SECRET') return { outcome: this.checkExistingSecret(key, credential) };
    return this.writeSecret(key, target, credential);
  }

  private ownership(secret: V1Secret): Ownership {
    return ownershipOf(secret, this.deps.installationId, (id) => this.deps.credential(id) !== undefined);
  }

  private async removeOrphan(key: TargetKey, credential: CredentialRow | undefined): Promise<Step> {
    const name = credential?.kubernetesName;
    const candidates = this.cache.managedSecrets
      .list(key.namespace)
      .filter((s) => s.metadata?.labels?.[CREDENTIAL_ID_LABEL] === key.credentialId && (!name || s.metadata?.name === name))
      .filter((s) => this.ownership(s).kind !== 'foreign');
    let retry = false;
    for (const secret of candidates) {
      try {
        await this.deleteOwn(secret);
        this.log.info({ cluster: this.clusterId, namespace: key.namespace, secret: secret.metadata!.name }, 'removed a Secret whose credential is gone');
      } catch (error) {
        const failure = classifyKubeError(error);
        if (failure.kind === 'unreachable') this.reachability.couldNotReach(failure);
        if (!(failure.kind === 'status' && failure.code === 404)) retry = true;
      }
    }
    return { outcome: null, retry };
  }

  /** Deletes a Secret we own, only if it is still the object we judged (UID precondition). */
  private async deleteOwn(secret: V1Secret): Promise<void> {
    await this.write('delete', () => this.connection.core.deleteNamespacedSecret({
      name: secret.metadata!.name!,
      namespace: secret.metadata!.namespace!,
      body: { preconditions: { uid: secret.metadata?.uid } },
    }));
  }

  private async removeSecret(key: TargetKey, credential: CredentialRow): Promise<Step> {
    try {
      const observed = this.cache.managedSecrets.get(credential.kubernetesName, key.namespace)
        ?? (await this.read(credential.kubernetesName, key.namespace));
      if (!observed) return { outcome: { ...key, result: 'REMOVED' } };
      // Not ours (another installation's, another credential's, or nobody's): the target goes, the Secret stays.
      if (this.ownership(observed).kind === 'foreign' || observed.metadata?.labels?.[CREDENTIAL_ID_LABEL] !== credential.id) {
        return { outcome: { ...key, result: 'REMOVED' } };
      }
      await this.deleteOwn(observed);
      return { outcome: { ...key, result: 'REMOVED' } };
    } catch (error) {
      const failure = classifyKubeError(error);
      if (failure.kind === 'status' && failure.code === 404) return { outcome: { ...key, result: 'REMOVED' } };
      if (failure.kind === 'status' && failure.code === 409) return { outcome: null, retry: true }; // replaced meanwhile: judge again
      if (failure.kind === 'unreachable') this.reachability.couldNotReach(failure);
      return {
        outcome: failure.kind === 'unreachable'
          ? { ...key, result: 'DELETE_FAILED', message: UNREACHABLE_MESSAGE }
          : { ...key, result: 'DELETE_FAILED', issue: 'REPLICATION_ERROR', message: `${failure.reason || `HTTP ${failure.code}`}: ${failure.message}` },
        retry: true,
      };
    }
  }

  private checkExistingSecret(key: TargetKey, credential: CredentialRow): TargetOutcome {
    const found = this.cache.existingSecrets.get(credential.existingSecretName!, key.namespace);
    return found
      ? { ...key, result: 'SYNCED', generation: credential.generation }
      : { ...key, result: 'FAILED', issue: 'LOST', message: `the Secret ${credential.existingSecretName} no longer exists in ${key.namespace}` };
  }

  /** The keyed hash of the credential's values (computed once per generation; no values kept). */
  private desiredHash(credential: CredentialRow): string | null {
    const known = this.desiredHashes.get(credential.id);
    if (known && known.generation === credential.generation) return known.dataHash;
    const sealed = this.deps.values(credential.id);
    if (!sealed) return null;
    this.desiredHashes.set(credential.id, { generation: credential.generation, dataHash: sealed.dataHash });
    return sealed.dataHash;
  }

  private desiredManifest(credential: CredentialRow, namespace: string): ManagedSecretManifest | null {
    const sealed = this.deps.values(credential.id);
    if (!sealed) return null;
    return managedSecretManifest({
      installationId: this.deps.installationId,
      credentialId: credential.id,
      kubernetesName: credential.kubernetesName,
      namespace,
      type: credential.type,
      generation: credential.generation,
      data: secretDataOf(sealed.values),
      dataHash: sealed.dataHash,
    });
  }

  /** Whether an observed Secret is exactly what we would write: labels, type, generation and data (by keyed hash). */
  private isDesired(credential: CredentialRow, dataHash: string, secret: V1Secret): boolean {
    const labels = secret.metadata?.labels ?? {};
    const expected = managedSecretManifest({
      installationId: this.deps.installationId, credentialId: credential.id, kubernetesName: credential.kubernetesName, namespace: '',
      type: credential.type, generation: credential.generation, data: {}, dataHash,
    });
    for (const [label, value] of Object.entries(expected.metadata.labels)) if (labels[label] !== value) return false;
    if ((secret.type || 'Opaque') !== expected.type) return false;
    if (secret.metadata?.annotations?.[GENERATION_ANNOTATION] !== String(credential.generation)) return false;
    // The annotation is what we wrote; the data is what is there: only the data's own hash counts.
    return this.deps.hashData(canonicalSecretData(secret.data ?? {})) === dataHash;
  }

  private async writeSecret(key: TargetKey, target: TargetRow, credential: CredentialRow): Promise<Step> {
    const done: TargetOutcome = { ...key, result: 'SYNCED', generation: credential.generation };
    const dataHash = this.desiredHash(credential);
    if (!dataHash) return { outcome: { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: 'the credential has no stored values' } };
    const id = keyOf(key);
    const observed = this.cache.managedSecrets.get(credential.kubernetesName, key.namespace);
    const ownership = observed && this.ownership(observed);
    if (ownership?.kind === 'foreign') {
      return { outcome: { ...key, result: 'FAILED', issue: 'OWNED_ELSEWHERE', message: ownedElsewhereMessage(credential.kubernetesName, key.namespace, ownership) } };
    }
    // Our own write not yet seen by the watch: the cache is behind for this Secret, not wrong.
    if (this.awaitingEcho.has(id) && target.state === 'SYNCED' && target.syncedGeneration === credential.generation) return { outcome: done };
    if (observed && observed.metadata?.labels?.[CREDENTIAL_ID_LABEL] === credential.id &&
        this.isDesired(credential, dataHash, observed)) {
      return { outcome: done };
    }
    const adopting = ownership?.kind === 'legacy';
    if (target.state === 'SYNCED' && target.syncedGeneration === credential.generation && !adopting) {
      // It was right and is not any more: someone changed or removed it. Show it, then repair it.
      const lost: TargetOutcome = {
        ...key, result: 'FAILED', issue: 'LOST',
        message: observed ? 'the Secret was changed outside credgate; restoring it' : 'the Secret was deleted outside credgate; restoring it',
      };
      await this.store.save(lost);
    }
    const manifest = this.desiredManifest(credential, key.namespace);
    if (!manifest || manifest.metadata.annotations[DATA_HASH_ANNOTATION] !== dataHash) {
      this.desiredHashes.delete(credential.id);
      return { outcome: null, retry: true }; // rotated meanwhile: judge again
    }
    try {
      if (!observed) {
        const created = await this.create(manifest);
        if (created === true) return { outcome: done };
        if (created === 'exists') return await this.replaceExisting(key, credential, manifest, done);
        return { outcome: { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `namespace ${key.namespace} does not exist and namespaces are not managed for this cluster` } };
      }
      return await this.replaceExisting(key, credential, manifest, done, observed);
    } catch (error) {
      return this.failure(key, error, manifest);
    }
  }

  /** Creates the Secret, creating its namespace first when allowed; 'exists' when one is already there. */
  private async create(manifest: ManagedSecretManifest): Promise<true | 'exists' | false> {
    const core = this.connection.core;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const created = await this.write('create', () => core.createNamespacedSecret({ namespace: manifest.metadata.namespace, body: manifest }));
        this.remember(manifest, created.metadata?.resourceVersion);
        return true;
      } catch (error) {
        const failure = classifyKubeError(error);
        if (failure.kind !== 'status') throw error;
        if (failure.code === 409) return 'exists';
        const namespaceMissing = failure.code === 404 && failure.message.startsWith('namespaces ');
        if (!namespaceMissing || attempt > 0) throw error;
        if (!this.deps.manageNamespaces()) return false;
        try {
          await this.write('create', () => core.createNamespace({ body: { metadata: { name: manifest.metadata.namespace } } }), 'namespaces');
          this.log.info({ cluster: this.clusterId, namespace: manifest.metadata.namespace }, 'created a project namespace');
        } catch (nsError) {
          const nsFailure = classifyKubeError(nsError);
          if (!(nsFailure.kind === 'status' && nsFailure.code === 409)) throw nsError;
        }
      }
    }
    return false;
  }

  private async replaceExisting(
    key: TargetKey,
    credential: CredentialRow,
    manifest: ManagedSecretManifest,
    done: TargetOutcome,
    observed?: V1Secret,
  ): Promise<Step> {
    const core = this.connection.core;
    const current = observed ?? (await this.read(manifest.metadata.name, key.namespace));
    if (!current) return { outcome: null, retry: true }; // gone meanwhile: create it next time
    const ownership = this.ownership(current);
    if (ownership.kind === 'foreign') {
      return { outcome: { ...key, result: 'FAILED', issue: 'OWNED_ELSEWHERE', message: ownedElsewhereMessage(manifest.metadata.name, key.namespace, ownership) } };
    }
    const owner = current.metadata?.labels?.[CREDENTIAL_ID_LABEL];
    if (owner !== credential.id) {
      return { outcome: { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `a Secret named ${manifest.metadata.name} in ${key.namespace} belongs to another credential` } };
    }
    if (!observed && this.isDesired(credential, manifest.metadata.annotations[DATA_HASH_ANNOTATION], current)) return { outcome: done };
    if ((current.type || 'Opaque') !== manifest.type) {
      // `type` is immutable: replace the Secret whole.
      await this.deleteOwn(current);
      const created = await this.create(manifest);
      return created === true
        ? { outcome: done }
        : { outcome: { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `the Secret's type changed and it could not be created again in ${key.namespace}` } };
    }
    const body = { ...manifest, metadata: { ...manifest.metadata, resourceVersion: current.metadata?.resourceVersion } };
    try {
      const replaced = await this.write('update', () => core.replaceNamespacedSecret({ name: manifest.metadata.name, namespace: key.namespace, body }));
      this.remember(manifest, replaced.metadata?.resourceVersion);
      return { outcome: done };
    } catch (error) {
      const failure = classifyKubeError(error);
      // Someone changed or removed it meanwhile: start again from what is there now, after the
      // key's backoff (the watch may still show the old object).
      if (failure.kind === 'status' && (failure.code === 409 || failure.code === 404)) return { outcome: null, retry: true };
      throw error;
    }
  }

  private async read(name: string, namespace: string): Promise<V1Secret | undefined> {
    try {
      return await this.api('get', 'secrets', () => this.connection.core.readNamespacedSecret({ name, namespace }));
    } catch (error) {
      const failure = classifyKubeError(error);
      if (failure.kind === 'status' && failure.code === 404) return undefined;
      throw error;
    }
  }

  private remember(manifest: ManagedSecretManifest, resourceVersion: string | undefined): void {
    if (!resourceVersion) return;
    // The watch may have shown it before the write's answer came back.
    if (this.cache.managedSecrets.get(manifest.metadata.name, manifest.metadata.namespace)?.metadata?.resourceVersion === resourceVersion) return;
    const credentialId = manifest.metadata.labels[CREDENTIAL_ID_LABEL];
    this.awaitingEcho.set(keyOf({ credentialId, clusterId: this.clusterId, namespace: manifest.metadata.namespace }), resourceVersion);
  }

  private failure(key: TargetKey, error: unknown, manifest?: ManagedSecretManifest): Step {
    const failure = classifyKubeError(error);
    if (failure.kind === 'unreachable') {
      this.reachability.couldNotReach(failure);
      return { outcome: { ...key, result: 'UNREACHABLE', message: UNREACHABLE_MESSAGE }, retry: true };
    }
    const issue = failure.code === 403 || failure.code === 404 ? 'NOT_CREATED' : 'REPLICATION_ERROR';
    return { outcome: { ...key, result: 'FAILED', issue, message: `${failure.reason || `HTTP ${failure.code}`}: ${withoutSecretData(failure.message, manifest)}` }, retry: true };
  }

  // ---- API calls: counted, and writes capped per second

  private async write<T>(verb: 'create' | 'update' | 'delete', call: () => Promise<T>, resource = 'secrets'): Promise<T> {
    if (this.writeLimiter) await this.writeLimiter.removeTokens(1);
    return this.api(verb, resource, call);
  }

  private async api<T>(verb: string, resource: string, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.deps.metrics.apiRequests.inc({ cluster: this.clusterId, verb: `${verb} ${resource}`, code: '2xx' });
      return result;
    } catch (error) {
      const failure = classifyKubeError(error);
      this.deps.metrics.apiRequests.inc({ cluster: this.clusterId, verb: `${verb} ${resource}`, code: failure.kind === 'status' ? String(failure.code) : 'unreachable' });
      throw error;
    }
  }

  private guard(where: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log.error({ cluster: this.clusterId, where, err: { message: (error as Error)?.message, code: (error as { code?: string })?.code } }, 'a reconciler timer failed; carrying on');
    }
  }
}
