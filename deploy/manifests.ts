/**
 * Kubernetes manifests for credgate, typed with @kubernetes/client-node's models (so `npm run
 * typecheck` checks every field name and required field against Kubernetes' API types) and rendered
 * to YAML in deploy/manifests/ by `npm run deploy:render` (deploy/render.ts). The YAML is committed;
 * test/deploy/manifests.test.ts fails when it is stale and checks the objects round-trip through
 * client-node's serializer without losing a field.
 *
 * Two variants:
 * - postgres: 3 replicas on PostgreSQL (CREDGATE_DATABASE_URL from a Secret), migrations run by a Job
 *   before the rollout, replicas start with CREDGATE_MIGRATE=false. Needs the PostgreSQL/scale-out
 *   work of issue 14: until then the gateway only knows SQLite, and replicas sharing nothing is not
 *   a deployment (see deploy/README.md).
 * - sqlite: one replica with its data directory on a PersistentVolumeClaim (the data-dir lock refuses
 *   a second process), replaced with the Recreate strategy so that two never overlap.
 */
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Job,
  V1Namespace,
  V1ObjectMeta,
  V1PersistentVolumeClaim,
  V1PodDisruptionBudget,
  V1PodSecurityContext,
  V1PodSpec,
  V1Probe,
  V1SecurityContext,
  V1Service,
  V1ServiceAccount,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { stringify } from 'yaml';
import packageJson from '../package.json' with { type: 'json' };

export type Manifest =
  | V1Namespace
  | V1ServiceAccount
  | V1ClusterRole
  | V1ClusterRoleBinding
  | V1ConfigMap
  | V1Deployment
  | V1Service
  | V1PodDisruptionBudget
  | V1Job
  | V1PersistentVolumeClaim;

export const NAMESPACE = 'credgate';
export const NAME = 'credgate';
/** `docker build -f deploy/Dockerfile -t credgate:<version> .`; point it at your registry. */
export const IMAGE = `${NAME}:${packageJson.version}`;
/** The image's user (deploy/Dockerfile): not root, not the node image's uid 1000. */
export const UID = 10001;
export const PORT = 4000;
export const DATA_DIR = '/var/lib/credgate';
export const CONFIG_DIR = '/etc/credgate';
/** Secret (created by the operator, never committed) with database-url, master-key and admin-token. */
export const SECRET = 'credgate-secrets';
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const selector = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'gateway' };
const labels = { ...selector, 'app.kubernetes.io/part-of': NAME, 'app.kubernetes.io/version': packageJson.version };

function meta(name: string, extra: Partial<V1ObjectMeta> = {}, component = 'gateway'): V1ObjectMeta {
  return { name, namespace: NAMESPACE, labels: { ...labels, 'app.kubernetes.io/component': component }, ...extra };
}

/** The namespace, refusing pods that do not meet the "restricted" Pod Security Standard. */
const namespace: V1Namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: NAMESPACE,
    labels: {
      'app.kubernetes.io/part-of': NAME,
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    },
  },
};

const serviceAccount: V1ServiceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: meta(NAME),
  // The reconciler calls the API of the cluster it runs in with this account's token.
  automountServiceAccountToken: true,
};

/**
 * What the reconciler does on a cluster, and nothing more: it creates project namespaces (never
 * changes or deletes one) and reads kube-system's UID to recognise the cluster; it watches the
 * Secrets it manages and those created in advance, and creates, replaces and deletes its own. Cluster
 * wide, since projects live in namespaces of their own.
 */
const clusterRole: V1ClusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: `${NAME}-reconciler`, labels: { ...labels, 'app.kubernetes.io/component': 'reconciler' } },
  rules: [
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  ],
};

const clusterRoleBinding: V1ClusterRoleBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: `${NAME}-reconciler`, labels: { ...labels, 'app.kubernetes.io/component': 'reconciler' } },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${NAME}-reconciler` },
  subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
};

/**
 * The cluster the gateway runs in, as CREDGATE_CLUSTERS: a kubeconfig made of the pod's service
 * account files. The token is read through client-node's `tokenFile` auth provider, which reads the
 * file again every minute, so the kubelet's rotation of the projected token is followed.
 */
export const IN_CLUSTER_KUBECONFIG = stringify({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'in-cluster', cluster: { server: 'https://kubernetes.default.svc', 'certificate-authority': `${SERVICE_ACCOUNT_DIR}/ca.crt` } }],
  users: [{ name: NAME, user: { 'auth-provider': { name: 'tokenFile', config: { tokenFile: `${SERVICE_ACCOUNT_DIR}/token` } } } }],
  contexts: [{ name: 'in-cluster', context: { cluster: 'in-cluster', user: NAME } }],
  'current-context': 'in-cluster',
});

const configMap: V1ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(`${NAME}-clusters`),
  data: {
    'clusters.yaml': stringify([{ name: 'in-cluster', kubeconfig: 'in-cluster.kubeconfig', manageNamespaces: true }]),
    'in-cluster.kubeconfig': IN_CLUSTER_KUBECONFIG,
  },
};

/** Host headers answered besides localhost (exposure.ts refuses others): the Service's names. */
const ALLOWED_HOSTS = [NAME, `${NAME}.${NAMESPACE}`, `${NAME}.${NAMESPACE}.svc`, `${NAME}.${NAMESPACE}.svc.cluster.local`].join(',');

const secretEnv = (name: string, key: string): V1EnvVar => ({ name, valueFrom: { secretKeyRef: { name: SECRET, key } } });

const commonEnv: V1EnvVar[] = [
  { name: 'NODE_ENV', value: 'production' },
  { name: 'CREDGATE_HOST', value: '0.0.0.0' },
  { name: 'CREDGATE_PORT', value: String(PORT) },
  { name: 'CREDGATE_DATA_DIR', value: DATA_DIR },
  { name: 'CREDGATE_CLUSTERS', value: `${CONFIG_DIR}/clusters.yaml` },
  { name: 'CREDGATE_EMBEDDED_KUBE', value: 'false' },
  { name: 'CREDGATE_DEMO', value: 'false' },
  { name: 'CREDGATE_ALLOWED_HOSTS', value: ALLOWED_HOSTS },
  // Every replica must hold the same keys and bootstrap token: they come from the Secret, never
  // from files a replica would generate in its own data dir.
  secretEnv('CREDGATE_MASTER_KEY', 'master-key'),
  secretEnv('CREDGATE_ADMIN_TOKEN', 'admin-token'),
  // SQLite's temporary files (large sorts) go to the writable /tmp volume.
  { name: 'TMPDIR', value: '/tmp' },
];

/** The "restricted" Pod Security Standard and a read-only image: writes go only to the volumes. */
export const containerSecurityContext: V1SecurityContext = {
  runAsNonRoot: true,
  runAsUser: UID,
  runAsGroup: UID,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const podSecurityContext: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: UID,
  runAsGroup: UID,
  // Volumes (the data PVC) are made writable by the gateway's group.
  fsGroup: UID,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
};

const httpGet = (path: string) => ({ path, port: 'http' });
const probes: Pick<V1Container, 'startupProbe' | 'livenessProbe' | 'readinessProbe'> = {
  // Start-up (opening the database, first contact with the cluster) may take a while; liveness
  // starts counting only after it.
  startupProbe: { httpGet: httpGet('/healthz'), periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60 } satisfies V1Probe,
  // /healthz: the process answers. A restart is the remedy only for a hung process.
  livenessProbe: { httpGet: httpGet('/healthz'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } satisfies V1Probe,
  // /readyz: the database takes writes; while it does not, the Service sends traffic elsewhere.
  readinessProbe: { httpGet: httpGet('/readyz'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 } satisfies V1Probe,
};

const mounts: V1VolumeMount[] = [
  { name: 'data', mountPath: DATA_DIR },
  { name: 'tmp', mountPath: '/tmp' },
  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
];

function gatewayContainer(env: V1EnvVar[]): V1Container {
  return {
    name: NAME,
    image: IMAGE,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
    env: [...commonEnv, ...env],
    volumeMounts: mounts,
    ...probes,
    // Memory is limited (a leak ends in a restart, not a starved node); CPU is requested but not
    // limited, since throttling a busy event loop delays every subscriber at once.
    resources: {
      requests: { cpu: '100m', memory: '256Mi', 'ephemeral-storage': '64Mi' },
      limits: { memory: '512Mi', 'ephemeral-storage': '256Mi' },
    },
    securityContext: containerSecurityContext,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function podSpec(container: V1Container, data: V1Volume, extra: Partial<V1PodSpec> = {}): V1PodSpec {
  return {
    serviceAccountName: NAME,
    automountServiceAccountToken: true,
    enableServiceLinks: false,
    securityContext: podSecurityContext,
    // SIGTERM: the gateway closes its connections and the database (main.ts) well within this.
    terminationGracePeriodSeconds: 30,
    containers: [container],
    volumes: [
      data,
      { name: 'tmp', emptyDir: { sizeLimit: '128Mi' } },
      { name: 'config', configMap: { name: `${NAME}-clusters` } },
    ],
    ...extra,
  };
}

const service: V1Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(NAME),
  spec: {
    type: 'ClusterIP',
    selector,
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  },
};

// ---- PostgreSQL: three replicas ----

const REPLICAS = 3;

const postgresDeployment: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(NAME),
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: selector },
    revisionHistoryLimit: 5,
    // One new replica at a time, none taken away before its successor is ready.
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    minReadySeconds: 5,
    template: {
      metadata: { labels },
      spec: podSpec(
        gatewayContainer([
          secretEnv('CREDGATE_DATABASE_URL', 'database-url'),
          // The migration Job ran first; a replica never migrates while others serve.
          { name: 'CREDGATE_MIGRATE', value: 'false' },
        ]),
        // Nothing a replica keeps is its own: the data dir holds nothing but what a start writes.
        { name: 'data', emptyDir: { sizeLimit: '64Mi' } },
        {
          // Replicas on different nodes (and zones) where there are any, so one lost node takes one.
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          ],
        },
      ),
    },
  },
};

const podDisruptionBudget: V1PodDisruptionBudget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(NAME),
  spec: {
    // A drain takes one replica at a time; two keep serving and reconciling.
    maxUnavailable: 1,
    selector: { matchLabels: selector },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  },
};

/**
 * Migrations as their own step, before a rollout (deploy/README.md): the same image, the migrate
 * command, no Kubernetes API access. Delete the finished Job before applying it for the next version.
 */
const migrateJob: V1Job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta(`${NAME}-migrate`, {}, 'migrate'),
  spec: {
    backoffLimit: 2,
    activeDeadlineSeconds: 600,
    template: {
      metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'migrate' } },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: podSecurityContext,
        containers: [
          {
            name: 'migrate',
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command: ['node', 'dist/migrate.js'],
            env: [
              { name: 'NODE_ENV', value: 'production' },
              { name: 'CREDGATE_DATA_DIR', value: DATA_DIR },
              secretEnv('CREDGATE_DATABASE_URL', 'database-url'),
              { name: 'TMPDIR', value: '/tmp' },
            ],
            volumeMounts: [
              { name: 'data', mountPath: DATA_DIR },
              { name: 'tmp', mountPath: '/tmp' },
            ],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            securityContext: containerSecurityContext,
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ],
        volumes: [
          { name: 'data', emptyDir: { sizeLimit: '64Mi' } },
          { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
        ],
      },
    },
  },
};

// ---- SQLite: one replica on a volume ----

const dataClaim: V1PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta(`${NAME}-data`),
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
};

const sqliteDeployment: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(NAME),
  spec: {
    // One process per data directory (src/db/lock.ts): more replicas would not start.
    replicas: 1,
    selector: { matchLabels: selector },
    revisionHistoryLimit: 5,
    // The old pod is gone before the new one opens the database.
    strategy: { type: 'Recreate' },
    template: {
      metadata: { labels },
      spec: podSpec(
        // Migrations at start: with one process nothing can race them.
        gatewayContainer([]),
        { name: 'data', persistentVolumeClaim: { claimName: `${NAME}-data` } },
        // The data-dir lock records the host name; a fixed one lets a replacement pod recognise a
        // lock left by its predecessor (deploy/README.md, "SQLite").
        { hostname: NAME },
      ),
    },
  },
};

/** The files of deploy/manifests/, each a list of objects in apply order. */
export function manifestFiles(): Record<string, Manifest[]> {
  return {
    'postgres.yaml': [namespace, serviceAccount, clusterRole, clusterRoleBinding, configMap, postgresDeployment, service, podDisruptionBudget],
    'postgres-migrate-job.yaml': [migrateJob],
    'sqlite.yaml': [namespace, serviceAccount, clusterRole, clusterRoleBinding, configMap, dataClaim, sqliteDeployment, service],
  };
}
