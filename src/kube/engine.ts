import type { Logger } from '../log.js';
import type { Keyring } from '../secrets/keyring.js';
import type { Services } from '../services/index.js';
import type { ExistingSecret, ExistingSecretCatalog } from '../services/credentials.js';
import type { TargetKey } from '../services/propagation.js';
import type { CredentialType } from '../domain/credential.js';
import type { ScopeNode } from '../domain/scope.js';
import { credentialTypeOfResourceLabel, RESOURCE_LABEL } from '../domain/secret-manifest.js';
import { ClusterConnection } from './cluster-connection.js';
import { claimClusterIdentity, installationId } from '../services/installation.js';
import { storageHealth } from '../db/storage.js';
import { metricsFor } from '../metrics.js';
import { ClusterReconciler, type ReconcilerOptions } from './reconciler.js';

export interface PropagationEngineOptions {
  services: Services;
  keyring: Keyring;
  log: Logger;
  /** The kubeconfig text of the embedded emulator, used for clusters marked embedded. */
  embeddedKubeconfig?: string;
  reconciler?: ReconcilerOptions;
}

/** The namespace where cluster and department Secrets are created in advance (docs/ownership.md, "Secrets created in advance"). */
export const RUNAI_NAMESPACE = 'runai';

/**
 * Runs one reconciler per cluster, routes target changes to them, and offers the Secrets
 * created in advance that their watches discover.
 */
export class PropagationEngine implements ExistingSecretCatalog {
  private readonly reconcilers = new Map<string, ClusterReconciler>();
  private unsubscribe: (() => void) | null = null;
  private stopCollecting: () => void = () => {};
  private stopped = false;
  /** Clusters that have no connection (no or a broken kubeconfig): their targets are unreachable. */
  private readonly unconnectable = new Set<string>();

  /** This installation's id (made at the first start, kept in the database): the owner label of every Secret it writes. */
  readonly installationId: string;

  constructor(private readonly options: PropagationEngineOptions) {
    this.installationId = installationId(options.services.deps.db);
  }

  async start(): Promise<void> {
    const { services } = this.options;
    this.options.log.info({ installation: this.installationId }, 'credgate installation');
    const metrics = metricsFor(services.deps.db);
    const observeLag = (lagMs: number) => metrics.eventDeliveryLag.observe(lagMs / 1000);
    services.events.deliveryObservers.add(observeLag);
    const stopStorageCount = ((health) => {
      const count = (code: string) => metrics.storageErrors.inc({ code });
      health.onFailure.add(count);
      return () => health.onFailure.delete(count);
    })(storageHealth(services.deps.db));
    const stopCollecting = metrics.addCollector(() => {
      metrics.targets.reset();
      for (const row of services.propagation.targetCounts()) metrics.targets.set({ cluster: row.clusterId, state: row.state }, row.count);
      // Every open GraphQL subscription listens on the event bus (over SSE or WebSocket alike).
      metrics.openSubscriptions.set({ transport: 'any' }, services.events.listenerCount('credentialStatusChanged') + services.events.listenerCount('credentialChanged'));
    });
    this.stopCollecting = () => {
      stopCollecting();
      stopStorageCount();
      services.events.deliveryObservers.delete(observeLag);
    };
    services.propagation.onTargetsChanged = (keys) => this.route(keys);
    services.credentials.existingSecrets = this;
    this.unsubscribe = services.events.on('orgChanged', (event) => {
      if (event.kind === 'CLUSTER') void this.connect(event.clusterId);
    });
    await Promise.all(services.orgTree.clusters().map((cluster) => this.connect(cluster.id)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.services.propagation.onTargetsChanged = () => {};
    this.unsubscribe?.();
    this.stopCollecting();
    await Promise.all([...this.reconcilers.values()].map((r) => r.stop()));
    this.reconcilers.clear();
  }

  reconciler(clusterId: string): ClusterReconciler | undefined {
    return this.reconcilers.get(clusterId);
  }

  /** Resolves once every reconciler has an empty queue (tests and benchmarks). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.reconcilers.values()].some((r) => !r.idle)) {
      if (Date.now() > deadline) throw new Error('propagation did not settle in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  availableFor(scope: ScopeNode, type?: CredentialType): ExistingSecret[] {
    if (!scope.clusterId || scope.type === 'ACCOUNT') return [];
    const reconciler = this.reconcilers.get(scope.clusterId);
    if (!reconciler) return [];
    const { services } = this.options;
    let namespace = RUNAI_NAMESPACE;
    let matches = (labels: Record<string, string>) => labels['run.ai/cluster-wide'] === 'true';
    if (scope.type === 'DEPARTMENT') matches = (labels) => labels['run.ai/department'] === scope.id;
    if (scope.type === 'PROJECT') {
      namespace = services.orgTree.project(scope.id)?.namespace ?? '';
      matches = () => true;
    }
    const used = services.credentials.existingSecretUsage(scope.clusterId);
    return reconciler.existingSecrets
      .list(namespace)
      .filter((secret) => matches(secret.metadata?.labels ?? {}))
      .map((secret) => ({
        name: secret.metadata!.name!,
        namespace,
        clusterId: scope.clusterId!,
        type: credentialTypeOfResourceLabel(secret.metadata?.labels?.[RESOURCE_LABEL]),
        keys: Object.keys(secret.data ?? {}).sort(),
        usedByCredentialId: used.get(`${namespace}/${secret.metadata!.name}`) ?? null,
      }))
      .filter((secret): secret is ExistingSecret => secret.type !== undefined && (!type || secret.type === type))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private route(keys: TargetKey[]): void {
    const byCluster = new Map<string, TargetKey[]>();
    for (const key of keys) {
      const list = byCluster.get(key.clusterId);
      if (list) list.push(key);
      else byCluster.set(key.clusterId, [key]);
    }
    for (const [clusterId, clusterKeys] of byCluster) {
      const reconciler = this.reconcilers.get(clusterId);
      if (reconciler) reconciler.enqueue(clusterKeys);
      else if (this.unconnectable.has(clusterId) && !this.stopped) {
        this.options.services.propagation.markClusterUnreachable(clusterId, 'Failed to access the cluster');
      }
    }
  }

  private async connect(clusterId: string): Promise<void> {
    const { services, log, keyring } = this.options;
    const cluster = services.orgTree.cluster(clusterId);
    const existing = this.reconcilers.get(clusterId);
    if (existing) {
      if (cluster) return;
      this.reconcilers.delete(clusterId);
      await existing.stop();
      return;
    }
    if (!cluster) {
      this.unconnectable.delete(clusterId);
      return;
    }
    // A cluster registered through the API carries its kubeconfig sealed in the database.
    const kubeconfigText = cluster.embedded ? this.options.embeddedKubeconfig : (services.orgTree.kubeconfigOf(cluster.id) ?? undefined);
    // Without a connection its targets would wait for ever: they are unreachable until it is fixed.
    const unreachable = (message: string) => {
      this.unconnectable.add(cluster.id);
      services.orgTree.recordClusterConnection(cluster.id, 'UNREACHABLE', null, message);
      services.propagation.markClusterUnreachable(cluster.id, 'Failed to access the cluster');
    };
    if (!kubeconfigText && !cluster.kubeconfigPath) {
      unreachable('no kubeconfig is configured for this cluster');
      return;
    }
    let connection: ClusterConnection;
    try {
      connection = new ClusterConnection({ ...cluster, kubeconfigText });
    } catch {
      // The parser's message may quote the file: keep it out of the status and the log.
      unreachable(`the kubeconfig ${cluster.kubeconfigPath ?? ''} could not be loaded (missing, unreadable or not a kubeconfig)`);
      log.warn({ cluster: cluster.name, kubeconfig: cluster.kubeconfigPath }, 'cannot load the cluster kubeconfig');
      return;
    }
    const reconciler = new ClusterReconciler(
      cluster.id,
      connection,
      {
        installationId: this.installationId,
        claimIdentity: (uid) => claimClusterIdentity(services.deps.db, cluster.id, uid),
        storage: storageHealth(services.deps.db),
        metrics: metricsFor(services.deps.db),
        state: services.propagation,
        credential: (id) => services.credentials.get(id),
        values: (id) => services.credentials.values(id),
        hashData: (data) => keyring.hash(data),
        manageNamespaces: () => services.orgTree.cluster(cluster.id)?.manageNamespaces ?? true,
        recordConnection: (state, version, message) => {
          services.orgTree.recordClusterConnection(cluster.id, state, version, message);
          if (version) {
            // A version change can move credentials in or out of NO_STATUS.
            services.propagation.recomputeCluster(cluster.id);
          }
        },
        log: log.child({ cluster: cluster.name }),
      },
      this.options.reconciler,
    );
    this.reconcilers.set(cluster.id, reconciler);
    await reconciler.start();
  }
}
