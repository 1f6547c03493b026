import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The gateway's Prometheus metrics (GET /metrics). Labels are ids, names of states and HTTP verbs
 * and codes: never a value, a Secret's data, a credential name or a message.
 *
 * One set per open database (so several gateways in one process, as in tests, keep their own).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly queueDepth = new Gauge({ name: 'credgate_reconcile_queue_depth', help: 'Targets waiting in a cluster\'s work queue', labelNames: ['cluster'] as const, registers: [this.registry] });
  readonly queueWait = new Histogram({ name: 'credgate_reconcile_queue_wait_seconds', help: 'Time a target waited in the work queue', labelNames: ['cluster'] as const, buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30], registers: [this.registry] });
  readonly reconcileDuration = new Histogram({ name: 'credgate_reconcile_duration_seconds', help: 'Time to reconcile one target, storing its outcome included', labelNames: ['cluster', 'outcome'] as const, buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10], registers: [this.registry] });
  readonly apiRequests = new Counter({ name: 'credgate_kube_api_requests_total', help: 'Kubernetes API requests made by the reconcilers (watches not included)', labelNames: ['cluster', 'verb', 'code'] as const, registers: [this.registry] });
  readonly clusterReachable = new Gauge({ name: 'credgate_cluster_reachable', help: '1 when the cluster answers its probe, 0 otherwise', labelNames: ['cluster'] as const, registers: [this.registry] });
  readonly openSubscriptions = new Gauge({ name: 'credgate_open_subscriptions', help: 'GraphQL subscriptions open now', labelNames: ['transport'] as const, registers: [this.registry] });
  readonly eventDeliveryLag = new Histogram({ name: 'credgate_event_delivery_lag_seconds', help: 'From a status event\'s commit to its delivery to in-process listeners', buckets: [0.0005, 0.001, 0.005, 0.02, 0.1, 0.5, 2], registers: [this.registry] });
  readonly storageErrors = new Counter({ name: 'credgate_storage_errors_total', help: 'Database writes refused by the storage (full, busy, I/O)', labelNames: ['code'] as const, registers: [this.registry] });
  readonly targets = new Gauge({ name: 'credgate_targets', help: 'Propagation targets by cluster and state', labelNames: ['cluster', 'state'] as const, registers: [this.registry] });

  /** Sources asked at scrape time (targets by state come from the database, read only then). */
  private readonly collectors = new Set<() => void>();

  addCollector(collect: () => void): () => void {
    this.collectors.add(collect);
    return () => this.collectors.delete(collect);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    for (const collect of this.collectors) {
      try {
        collect();
      } catch {
        // a failing source (the database, while storage fails) leaves its last values
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const metricsOf = new WeakMap<object, Metrics>();

/** The metrics of the gateway that owns `db` (made on first use). */
export function metricsFor(db: { $client: object }): Metrics {
  let metrics = metricsOf.get(db.$client);
  if (!metrics) metricsOf.set(db.$client, (metrics = new Metrics()));
  return metrics;
}
