import { makeInformer, type V1Namespace, type V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import type { CredentialRow } from '../services/credentials.js';
import type { PropagationStateService, TargetKey, TargetOutcome, TargetRow } from '../services/propagation.js';
import { keyOf } from '../services/propagation.js';
import {
  canonicalSecretData,
  CREDENTIAL_ID_LABEL,
  managedSecretManifest,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RESOURCE_LABEL,
  secretDataOf,
  type ManagedSecretManifest,
} from '../domain/secret-manifest.js';
import type { SecretValues } from '../domain/credential.js';
import { classifyKubeError, type ClusterConnection, type KubeFailure } from './cluster-connection.js';

/** What the reconciler needs of the rest of the gateway. */
export interface ReconcilerDeps {
  state: PropagationStateService;
  credential(id: string): CredentialRow | undefined;
  values(id: string): { values: SecretValues; dataHash: string } | undefined;
  hashData(data: Buffer): string;
  manageNamespaces(): boolean;
  recordConnection(connection: 'CONNECTED' | 'UNREACHABLE', version: string | null, message: string | null): void;
  log: Logger;
}

export interface ReconcilerOptions {
  /** Parallel writes to the cluster. */
  concurrency?: number;
  /** How often the cluster's /version is probed. */
  probeIntervalMs?: number;
  /** How often every target is checked again, whatever the watches said. */
  resyncIntervalMs?: number;
  /** Capped exponential backoff of failed writes. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long outcomes are gathered before they are written in one transaction. */
  flushDelayMs?: number;
}

const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
const EXISTING_SELECTOR = `${RESOURCE_LABEL},${MANAGED_BY_LABEL}!=${MANAGED_BY}`;

type Informer<T> = ReturnType<typeof makeInformer<T & { metadata?: { name?: string; namespace?: string } }>>;

/**
 * An API server's message is stored and shown as the target's status, but an admission webhook
 * or a proxy may quote the object it refused. Whatever of the Secret's data it repeats (decoded or
 * base64, or any value inside a registry config) is cut out before the message goes anywhere.
 */
export function withoutSecretData(message: string, manifest?: ManagedSecretManifest): string {
  if (!manifest) return message;
  const sensitive = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string') {
      // As is, quoted JSON- or Go-style (newlines, quotes and backslashes escaped), and line by line.
      sensitive.add(value);
      sensitive.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split(/\r?\n/)) sensitive.add(line.trim());
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(collect);
    }
  };
  for (const encoded of Object.values(manifest.data)) {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    sensitive.add(encoded);
    collect(decoded);
    try {
      collect(JSON.parse(decoded));
    } catch {
      // not JSON: the decoded value itself is what must go
    }
  }
  let scrubbed = message;
  const values = [...sensitive].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  for (const value of values) {
    if (value.length < 4) {
      // Too short to cut out without mangling the message: drop the message if it quotes it.
      if (scrubbed.includes(`"${value}"`) || scrubbed.includes(`'${value}'`)) return 'the API server refused the Secret (its message quoted the data and is withheld)';
      continue;
    }
    scrubbed = scrubbed.split(value).join('[redacted]');
  }
  return scrubbed.length > 500 ? `${scrubbed.slice(0, 500)}…` : scrubbed;
}

function olderThan(resourceVersion: string | undefined, written: bigint | undefined): boolean {
  if (written === undefined || !resourceVersion || !/^\d+$/.test(resourceVersion)) return false;
  return BigInt(resourceVersion) < written;
}

/**
 * Keeps one cluster equal to the desired state. Watches (informers) on the managed Secrets,
 * on Secrets created in advance and on namespaces say what is there; a work queue of targets
 * with bounded concurrency writes what is missing or wrong, deletes what is no longer wanted,
 * and retries failures with capped exponential backoff. Every step is idempotent: the desired
 * state lives in the database, so a restart simply reconciles everything again.
 */
export class ClusterReconciler {
  readonly managedSecrets: Informer<V1Secret>;
  readonly existingSecrets: Informer<V1Secret>;
  readonly namespaces: Informer<V1Namespace>;
  private readonly options: Required<ReconcilerOptions>;
  private readonly queue = new Map<string, TargetKey>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly outcomes: TargetOutcome[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private active = 0;
  private stopped = false;
  private reachable: boolean | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private informersStarted = false;
  /** Watches waiting to restart after they broke: a timer, or at once when the cluster answers again. */
  private readonly informerRestarts = new Map<string, { timer: NodeJS.Timeout; now: () => void }>();
  /** Errors seen per watch, so a restart that failed at once does not compare everything again. */
  private readonly informerErrors = new Map<string, number>();
  /** The resourceVersion of our last write per target: older watch events are not drift. */
  private readonly lastWritten = new Map<string, bigint>();
  private readonly conflicts = new Map<string, number>();
  version: string | null = null;

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
      ...options,
    };
    const core = connection.core;
    const kc = connection.kubeConfig;
    this.managedSecrets = makeInformer(kc, '/api/v1/secrets', () => core.listSecretForAllNamespaces({ labelSelector: MANAGED_SELECTOR }), MANAGED_SELECTOR);
    this.existingSecrets = makeInformer(kc, '/api/v1/secrets', () => core.listSecretForAllNamespaces({ labelSelector: EXISTING_SELECTOR }), EXISTING_SELECTOR);
    this.namespaces = makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());

    const onManaged = (kind: 'change' | 'delete') => (secret: V1Secret) => this.onManagedSecret(secret, kind);
    this.managedSecrets.on('add', onManaged('change'));
    this.managedSecrets.on('update', onManaged('change'));
    this.managedSecrets.on('delete', onManaged('delete'));
    this.existingSecrets.on('add', (s) => this.onExistingSecret(s));
    this.existingSecrets.on('update', (s) => this.onExistingSecret(s));
    this.existingSecrets.on('delete', (s) => this.onExistingSecret(s));
    this.namespaces.on('add', (ns) => this.onNamespace(ns));
    this.namespaces.on('update', (ns) => this.onNamespace(ns));
    for (const [name, informer] of [
      ['managed secrets', this.managedSecrets],
      ['existing secrets', this.existingSecrets],
      ['namespaces', this.namespaces],
    ] as const) {
      informer.on('error', (error: unknown) => {
        this.informerErrors.set(name, (this.informerErrors.get(name) ?? 0) + 1);
        if (this.stopped) return; // stopping aborts the watches: nothing went wrong
        this.deps.log.warn({ cluster: this.clusterId, informer: name, error: classifyKubeError(error).message }, 'watch stopped; restarting');
        this.restartInformer(name, informer as Informer<V1Secret>);
      });
    }
  }

  /** Probes the cluster, starts the watches and reconciles every target. */
  async start(): Promise<void> {
    await this.probe();
    this.probeTimer = setInterval(() => void this.probe(), this.options.probeIntervalMs);
    this.probeTimer.unref();
    this.resyncTimer = setInterval(() => this.resync(), this.options.resyncIntervalMs);
    this.resyncTimer.unref();
  }

  /** Stops watching and writing; resolves once no work is in flight, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.clear();
    this.conflicts.clear();
    for (const timer of [this.probeTimer, this.resyncTimer, ...this.retryTimers.values(), ...[...this.informerRestarts.values()].map((r) => r.timer)]) {
      if (timer) clearTimeout(timer);
    }
    await Promise.allSettled([this.managedSecrets.stop(), this.existingSecrets.stop(), this.namespaces.stop()]);
    const deadline = Date.now() + 5000;
    while ((this.active > 0 || this.probing) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    this.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /** Whether every queued target has been handled (tests and benchmarks wait on it). */
  get idle(): boolean {
    return this.queue.size === 0 && this.running.size === 0 && this.outcomes.length === 0;
  }

  get isReachable(): boolean {
    return this.reachable === true;
  }

  enqueue(keys: Iterable<TargetKey>): void {
    if (this.stopped) return;
    for (const key of keys) {
      const id = keyOf(key);
      const timer = this.retryTimers.get(id);
      if (timer) {
        clearTimeout(timer);
        this.retryTimers.delete(id);
      }
      if (this.running.has(id)) this.again.add(id);
      this.queue.set(id, key);
    }
    this.pump();
  }

  /** Every target of this cluster, plus every managed Secret that has no target (orphans). */
  resync(): void {
    if (this.stopped || !this.reachable) return;
    const targets = this.deps.state.targetsOfCluster(this.clusterId);
    const known = new Set(targets.map((t) => `${t.credentialId}/${t.namespace}`));
    const orphans: TargetKey[] = [];
    if (this.informersStarted) {
      for (const secret of this.managedSecrets.list()) {
        const credentialId = secret.metadata?.labels?.[CREDENTIAL_ID_LABEL];
        const namespace = secret.metadata?.namespace;
        if (credentialId && namespace && !known.has(`${credentialId}/${namespace}`)) {
          orphans.push({ credentialId, clusterId: this.clusterId, namespace });
        }
      }
    }
    this.enqueue([...targets, ...orphans]);
  }

  private restartInformer(name: string, informer: Informer<V1Secret>): void {
    if (this.stopped || this.informerRestarts.has(name)) return;
    const now = () => {
      const pending = this.informerRestarts.get(name);
      if (!pending) return;
      clearTimeout(pending.timer);
      this.informerRestarts.delete(name);
      if (this.stopped) return;
      // A failed restart is mostly an 'error' event (which schedules the next one), rarely a rejection.
      const errorsBefore = this.informerErrors.get(name) ?? 0;
      informer.start().then(
        () => {
          // Anything that changed while the watch was down and was never seen is found by comparing again.
          if ((this.informerErrors.get(name) ?? 0) === errorsBefore) this.resync();
        },
        (error: unknown) => {
          this.deps.log.warn({ cluster: this.clusterId, informer: name, error: classifyKubeError(error).message }, 'watch restart failed');
          this.restartInformer(name, informer);
        },
      );
    };
    const timer = setTimeout(now, 1000);
    timer.unref();
    this.informerRestarts.set(name, { timer, now });
  }

  private probing = false;

  private async probe(): Promise<void> {
    if (this.stopped || this.probing) return;
    this.probing = true;
    try {
      // An answer is stale when a request failed to connect while the probe waited for it (a
      // response already on the wire as the connection broke): ask again rather than trust it.
      for (let attempt = 0; attempt < 5 && !this.stopped; attempt++) {
        if (await this.probeOnce()) break;
      }
    } finally {
      this.probing = false;
    }
  }

  /** Asks the cluster for its version; false when the answer is stale. */
  private async probeOnce(): Promise<boolean> {
    const failuresBefore = this.connectionFailures;
    try {
      const version = await this.connection.version();
      if (this.stopped) return true;
      if (this.connectionFailures !== failuresBefore) return false;
      const wasReachable = this.reachable;
      const upgraded = this.version !== null && version !== this.version;
      this.reachable = true;
      this.version = version;
      if (upgraded && wasReachable === true) this.deps.recordConnection('CONNECTED', version, null);
      if (wasReachable !== true) {
        this.deps.recordConnection('CONNECTED', version, null);
        this.deps.log.info({ cluster: this.clusterId, version }, 'cluster reachable');
        if (!this.informersStarted) {
          this.informersStarted = true;
          // The first reconcile compares with what the watches listed, so wait for the lists, but
          // not for ever: a list that hangs must not stop the probe (writes then meet 409s, handled).
          let waited: NodeJS.Timeout | undefined;
          await Promise.race([
            Promise.all(
              ([
                ['managed secrets', this.managedSecrets],
                ['existing secrets', this.existingSecrets],
                ['namespaces', this.namespaces],
              ] as const).map(([name, informer]) =>
                (informer as Informer<V1Secret>).start().catch(() => this.restartInformer(name, informer as Informer<V1Secret>)),
              ),
            ),
            new Promise((resolve) => (waited = setTimeout(resolve, 30_000))),
          ]);
          clearTimeout(waited);
        } else {
          // Watches that broke meanwhile restart now rather than on their timer (each compares
          // again once restarted, too).
          for (const restart of [...this.informerRestarts.values()]) restart.now();
        }
        this.resync();
      }
    } catch (error) {
      if (!this.stopped) this.becameUnreachable(classifyKubeError(error).message);
    }
    return true;
  }

  /**
   * A request did not get through. A refused connection means the cluster is down: all its targets
   * turn UNREACHABLE at once. Anything else (a 5xx, a cut connection) is this request's alone, and
   * the probe decides for the cluster. Either way the probe brings it back as soon as it answers.
   */
  private couldNotReach(failure: Extract<KubeFailure, { kind: 'unreachable' }>): void {
    if (failure.refused) this.becameUnreachable(failure.message);
    void this.probe();
  }

  /** Requests that could not reach the cluster so far; a probe answer older than the last one is stale. */
  private connectionFailures = 0;

  /** Every target on the cluster turns UNREACHABLE at once, so no status shows half a cluster. */
  private becameUnreachable(message: string): void {
    this.connectionFailures++;
    if (this.reachable === false) return;
    this.reachable = false;
    this.deps.recordConnection('UNREACHABLE', null, message);
    this.deps.log.warn({ cluster: this.clusterId, error: message }, 'cluster unreachable');
    this.flush();
    this.deps.state.markClusterUnreachable(this.clusterId, 'Failed to access the cluster');
  }

  private onManagedSecret(secret: V1Secret, kind: 'change' | 'delete'): void {
    const credentialId = secret.metadata?.labels?.[CREDENTIAL_ID_LABEL];
    const namespace = secret.metadata?.namespace;
    if (!credentialId || !namespace) return;
    const key = { credentialId, clusterId: this.clusterId, namespace };
    if (this.running.has(keyOf(key))) {
      this.enqueue([key]);
      return;
    }
    const target = this.deps.state.target(key);
    const stale = kind === 'change' && olderThan(secret.metadata?.resourceVersion, this.lastWritten.get(keyOf(key)));
    if (!stale && target?.state === 'SYNCED' && (kind === 'delete' || !this.matchesDesired(target, secret))) {
      // Someone changed or removed a Secret we keep: show it, then repair it.
      this.report({
        ...key,
        result: 'FAILED',
        issue: 'LOST',
        message: kind === 'delete' ? 'the Secret was deleted outside credgate; restoring it' : 'the Secret was changed outside credgate; restoring it',
      });
      // Written now, so that the repair below cannot fold it away in the same batch.
      this.flush();
    }
    this.enqueue([key]);
  }

  private onExistingSecret(secret: V1Secret): void {
    const namespace = secret.metadata?.namespace;
    const name = secret.metadata?.name;
    if (!namespace || !name) return;
    const keys = this.deps.state
      .targetsOfCluster(this.clusterId)
      .filter((t) => t.namespace === namespace && this.deps.credential(t.credentialId)?.existingSecretName === name);
    this.enqueue(keys);
  }

  private onNamespace(namespace: V1Namespace): void {
    const name = namespace.metadata?.name;
    if (!name || namespace.status?.phase === 'Terminating') return;
    const waiting = this.deps.state
      .targetsOfCluster(this.clusterId)
      .filter((t) => t.namespace === name && t.state !== 'SYNCED');
    this.enqueue(waiting);
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.queue.size > 0) {
      const [id, key] = this.queue.entries().next().value as [string, TargetKey];
      if (this.running.has(id)) {
        // Runs again when the current attempt ends.
        this.queue.delete(id);
        this.again.add(id);
        continue;
      }
      this.queue.delete(id);
      this.running.add(id);
      this.active += 1;
      this.reconcile(key)
        .then((outcome) => outcome && this.report(outcome))
        .catch((error: Error) => {
          this.deps.log.error({ cluster: this.clusterId, error: error.message }, 'reconcile failed unexpectedly');
          this.scheduleRetry(key, 1);
        })
        .finally(() => {
          this.running.delete(id);
          this.active -= 1;
          if (this.again.delete(id)) this.queue.set(id, key);
          this.pump();
        });
    }
  }

  private report(outcome: TargetOutcome): void {
    this.conflicts.delete(keyOf(outcome));
    this.outcomes.push(outcome);
    if (!this.flushTimer && !this.stopped) {
      this.flushTimer = setTimeout(() => this.flush(), this.options.flushDelayMs);
    }
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.outcomes.length === 0) return;
    const batch = this.outcomes.splice(0);
    const { requeue } = this.deps.state.recordOutcomes(batch);
    if (this.stopped) return;
    this.enqueue(requeue);
    // While the cluster is away no retry can succeed: the probe's resync comes back to every target.
    if (this.reachable === false) return;
    for (const outcome of batch) {
      if (outcome.result === 'FAILED' || outcome.result === 'UNREACHABLE' || outcome.result === 'DELETE_FAILED') {
        if (outcome.issue === 'LOST') continue; // the repair is already queued
        const attempts = this.deps.state.target(outcome)?.attempts ?? 1;
        this.scheduleRetry(outcome, attempts);
      }
    }
  }

  private scheduleRetry(key: TargetKey, attempts: number): void {
    if (this.stopped) return;
    const id = keyOf(key);
    if (this.retryTimers.has(id)) return;
    const base = Math.min(this.options.retryBaseMs * 2 ** Math.max(0, attempts - 1), this.options.retryMaxMs);
    const delay = base / 2 + Math.random() * (base / 2);
    const timer = setTimeout(() => {
      this.retryTimers.delete(id);
      this.enqueue([key]);
    }, delay);
    timer.unref();
    this.retryTimers.set(id, timer);
  }

  private desiredManifest(credential: CredentialRow, namespace: string): ManagedSecretManifest | null {
    const sealed = this.deps.values(credential.id);
    if (!sealed) return null;
    return managedSecretManifest({
      credentialId: credential.id,
      kubernetesName: credential.kubernetesName,
      namespace,
      type: credential.type,
      generation: credential.generation,
      data: secretDataOf(sealed.values),
      dataHash: sealed.dataHash,
    });
  }

  /** Whether an observed Secret is what we would write: labels, type and data (by keyed hash). */
  private matchesDesired(target: TargetRow, secret: V1Secret): boolean {
    const credential = this.deps.credential(target.credentialId);
    const sealed = credential && this.deps.values(credential.id);
    if (!credential || !sealed) return false;
    return this.observedMatches(credential, sealed.dataHash, secret);
  }

  private observedMatches(credential: CredentialRow, dataHash: string, secret: V1Secret): boolean {
    const labels = secret.metadata?.labels ?? {};
    const expectedType = managedSecretManifest({
      credentialId: credential.id, kubernetesName: credential.kubernetesName, namespace: '', type: credential.type,
      generation: credential.generation, data: {}, dataHash,
    });
    for (const [label, value] of Object.entries(expectedType.metadata.labels)) if (labels[label] !== value) return false;
    if ((secret.type || 'Opaque') !== expectedType.type) return false;
    const observedHash = this.deps.hashData(canonicalSecretData(secret.data ?? {}));
    return observedHash === dataHash;
  }

  private async reconcile(key: TargetKey): Promise<TargetOutcome | null> {
    const target = this.deps.state.target(key);
    const credential = this.deps.credential(key.credentialId);
    if (!target) return this.reachable === false ? null : this.removeOrphan(key, credential); // orphans wait for the resync
    if (!credential) return { ...key, result: 'REMOVED' };
    // A Secret created in advance is never ours to delete: nothing to wait for, reachable or not.
    if (target.state === 'DELETING' && credential.origin === 'EXISTING_SECRET') return { ...key, result: 'REMOVED' };
    // While the cluster is away the watch cache holds what it had before: nothing can be confirmed,
    // and the probe's resync comes back to every target.
    if (this.reachable === false) {
      return target.state === 'DELETING'
        ? { ...key, result: 'DELETE_FAILED', message: 'Failed to access the cluster' }
        : { ...key, result: 'UNREACHABLE', message: 'Failed to access the cluster' };
    }
    if (target.state === 'UNREACHABLE') {
      // Its last attempt did not get through: ask the cluster before trusting the cache, and
      // trust the answer only if no request was refused meanwhile (as the probe does).
      const unreachable: TargetOutcome = { ...key, result: 'UNREACHABLE', message: 'Failed to access the cluster' };
      const failuresBefore = this.connectionFailures;
      try {
        await this.connection.version();
      } catch (error) {
        const failure = classifyKubeError(error);
        if (failure.kind === 'unreachable') this.couldNotReach(failure);
        return unreachable;
      }
      if (this.connectionFailures !== failuresBefore) return unreachable;
    }
    if (target.state === 'DELETING') return this.removeSecret(key, credential);
    if (credential.origin === 'EXISTING_SECRET') return this.checkExistingSecret(key, credential);
    return this.writeSecret(key, credential);
  }

  private async removeOrphan(key: TargetKey, credential: CredentialRow | undefined): Promise<TargetOutcome | null> {
    const name = credential?.kubernetesName;
    const candidates = this.managedSecrets
      .list(key.namespace)
      .filter((s) => s.metadata?.labels?.[CREDENTIAL_ID_LABEL] === key.credentialId && (!name || s.metadata?.name === name));
    for (const secret of candidates) {
      try {
        await this.connection.core.deleteNamespacedSecret({ name: secret.metadata!.name!, namespace: key.namespace });
        this.deps.log.info({ cluster: this.clusterId, namespace: key.namespace, secret: secret.metadata!.name }, 'removed a Secret whose credential is gone');
      } catch (error) {
        const failure = classifyKubeError(error);
        if (!(failure.kind === 'status' && failure.code === 404)) this.scheduleRetry(key, 2);
      }
    }
    return null;
  }

  private async removeSecret(key: TargetKey, credential: CredentialRow): Promise<TargetOutcome> {
    if (credential.origin === 'EXISTING_SECRET') return { ...key, result: 'REMOVED' }; // never ours to delete
    const observed = this.managedSecrets.get(credential.kubernetesName, key.namespace);
    if (observed && observed.metadata?.labels?.[CREDENTIAL_ID_LABEL] !== credential.id) return { ...key, result: 'REMOVED' };
    try {
      await this.connection.core.deleteNamespacedSecret({ name: credential.kubernetesName, namespace: key.namespace });
      return { ...key, result: 'REMOVED' };
    } catch (error) {
      const failure = classifyKubeError(error);
      if (failure.kind === 'status' && failure.code === 404) return { ...key, result: 'REMOVED' };
      if (failure.kind === 'unreachable') this.couldNotReach(failure);
      return failure.kind === 'unreachable'
        ? { ...key, result: 'DELETE_FAILED', message: 'Failed to access the cluster' }
        : { ...key, result: 'DELETE_FAILED', issue: 'REPLICATION_ERROR', message: `${failure.reason || `HTTP ${failure.code}`}: ${failure.message}` };
    }
  }

  private checkExistingSecret(key: TargetKey, credential: CredentialRow): TargetOutcome | null {
    if (!this.informersStarted) return null;
    const found = this.existingSecrets.get(credential.existingSecretName!, key.namespace);
    return found
      ? { ...key, result: 'SYNCED', generation: credential.generation }
      : { ...key, result: 'FAILED', issue: 'LOST', message: `the Secret ${credential.existingSecretName} no longer exists in ${key.namespace}` };
  }

  private async writeSecret(key: TargetKey, credential: CredentialRow): Promise<TargetOutcome | null> {
    const manifest = this.desiredManifest(credential, key.namespace);
    if (!manifest) return { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: 'the credential has no stored values' };
    const done: TargetOutcome = { ...key, result: 'SYNCED', generation: credential.generation };
    const observed = this.managedSecrets.get(credential.kubernetesName, key.namespace);
    const dataHash = manifest.metadata.annotations['credgate.io/data-hash'];
    try {
      if (observed && this.observedMatches(credential, dataHash, observed)) {
        if (observed.metadata?.annotations?.['credgate.io/generation'] === String(credential.generation)) return done;
      }
      if (!observed) {
        const created = await this.create(manifest);
        if (created) return created === 'exists' ? await this.replaceExisting(key, credential, manifest, done) : done;
        return { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `namespace ${key.namespace} does not exist and namespaces are not managed for this cluster` };
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
        const created = await core.createNamespacedSecret({ namespace: manifest.metadata.namespace, body: manifest });
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
          await core.createNamespace({ body: { metadata: { name: manifest.metadata.namespace } } });
          this.deps.log.info({ cluster: this.clusterId, namespace: manifest.metadata.namespace }, 'created a project namespace');
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
  ): Promise<TargetOutcome | null> {
    const core = this.connection.core;
    const current = observed ?? (await core.readNamespacedSecret({ name: manifest.metadata.name, namespace: key.namespace }));
    const dataHash = manifest.metadata.annotations['credgate.io/data-hash'];
    if (!observed && this.observedMatches(credential, dataHash, current) &&
        current.metadata?.annotations?.['credgate.io/generation'] === String(credential.generation)) {
      return done;
    }
    const owner = current.metadata?.labels?.[CREDENTIAL_ID_LABEL];
    if (owner !== undefined && owner !== credential.id) {
      return { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `a Secret named ${manifest.metadata.name} in ${key.namespace} belongs to another credential` };
    }
    if (owner === undefined && current.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) {
      return { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `a Secret named ${manifest.metadata.name} already exists in ${key.namespace} and is not managed by credgate` };
    }
    if ((current.type || 'Opaque') !== manifest.type) {
      // `type` is immutable: replace the Secret whole.
      await core.deleteNamespacedSecret({ name: manifest.metadata.name, namespace: key.namespace });
      const created = await this.create(manifest);
      return created === true
        ? done
        : { ...key, result: 'FAILED', issue: 'NOT_CREATED', message: `the Secret's type changed and it could not be created again in ${key.namespace}` };
    }
    const body = { ...manifest, metadata: { ...manifest.metadata, resourceVersion: current.metadata?.resourceVersion } };
    try {
      const replaced = await core.replaceNamespacedSecret({ name: manifest.metadata.name, namespace: key.namespace, body });
      this.remember(manifest, replaced.metadata?.resourceVersion);
      this.conflicts.delete(keyOf(key));
      return done;
    } catch (error) {
      const failure = classifyKubeError(error);
      if (failure.kind === 'status' && (failure.code === 409 || failure.code === 404)) {
        // Someone changed or removed it meanwhile: start again from what is there now, after a
        // pause that grows while the conflicts go on (the watch may still show the old object).
        const id = keyOf(key);
        const conflicts = (this.conflicts.get(id) ?? 0) + 1;
        this.conflicts.set(id, conflicts);
        this.scheduleRetry(key, conflicts);
        return null;
      }
      throw error;
    }
  }

  private remember(manifest: ManagedSecretManifest, resourceVersion: string | undefined): void {
    if (!resourceVersion || !/^\d+$/.test(resourceVersion)) return;
    const credentialId = manifest.metadata.labels[CREDENTIAL_ID_LABEL];
    this.lastWritten.set(keyOf({ credentialId, clusterId: this.clusterId, namespace: manifest.metadata.namespace }), BigInt(resourceVersion));
  }

  private failure(key: TargetKey, error: unknown, manifest?: ManagedSecretManifest): TargetOutcome {
    const failure = classifyKubeError(error);
    if (failure.kind === 'unreachable') {
      this.couldNotReach(failure);
      return { ...key, result: 'UNREACHABLE', message: 'Failed to access the cluster' };
    }
    const issue = failure.code === 403 || failure.code === 404 ? 'NOT_CREATED' : 'REPLICATION_ERROR';
    return { ...key, result: 'FAILED', issue, message: `${failure.reason || `HTTP ${failure.code}`}: ${withoutSecretData(failure.message, manifest)}` };
  }
}
