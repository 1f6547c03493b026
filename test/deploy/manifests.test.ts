import {
  CoreV1Api,
  dumpYaml,
  KubeConfig,
  loadAllYaml,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1ConfigMap,
  V1Deployment,
  V1Job,
  V1Namespace,
  V1PersistentVolumeClaim,
  V1PodDisruptionBudget,
  V1Service,
  V1ServiceAccount,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { IN_CLUSTER_KUBECONFIG, PORT, UID } from '../../deploy/manifests.js';
import { manifestsDir, renderManifests } from '../../deploy/render.js';
import { readClustersFile } from '../../src/kube/clusters-file.js';
import { startKubeEmulator } from '../../src/kube-emulator/index.js';
import { startGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

type Raw = Record<string, any>;

const MODELS: Record<string, new () => object> = {
  Namespace: V1Namespace,
  ServiceAccount: V1ServiceAccount,
  ClusterRole: V1ClusterRole,
  ClusterRoleBinding: V1ClusterRoleBinding,
  ConfigMap: V1ConfigMap,
  Deployment: V1Deployment,
  Service: V1Service,
  PodDisruptionBudget: V1PodDisruptionBudget,
  Job: V1Job,
  PersistentVolumeClaim: V1PersistentVolumeClaim,
};

const committed = Object.fromEntries(readdirSync(manifestsDir).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(manifestsDir, f), 'utf8')]));
const rendered = renderManifests();
const raw = (text: string): Raw[] => parseAllDocuments(text).map((document) => document.toJS() as Raw).filter(Boolean);
const objects = (file: string) => raw(committed[file]);
const byKind = (file: string, kind: string) => objects(file).filter((o) => o.kind === kind);
const one = (file: string, kind: string) => {
  const found = byKind(file, kind);
  expect(found, `${file}: one ${kind}`).toHaveLength(1);
  return found[0];
};

/**
 * Paths of fields that do not survive client-node's typed deserialization and serialization (its
 * ObjectSerializer keeps only the fields Kubernetes' types define): a misspelt or invented field.
 */
function lostFields(text: string): string[] {
  const before = raw(text);
  const after = raw(loadAllYaml(text).map((object) => `---\n${dumpYaml(object)}`).join(''));
  const lost: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a !== null && typeof a === 'object') {
      if (b === null || typeof b !== 'object') return void lost.push(path);
      for (const key of Object.keys(a)) walk((a as Raw)[key], (b as Raw)[key], `${path}.${key}`);
    } else if (a !== b) {
      lost.push(path);
    }
  };
  before.forEach((object, i) => walk(object, after[i], `${object.kind}/${object.metadata?.name}`));
  return lost;
}

function podTemplates(): { where: string; template: V1PodTemplateSpec & Raw }[] {
  return Object.keys(committed).flatMap((file) =>
    objects(file)
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .map((o) => ({ where: `${file} ${o.kind}/${o.metadata.name}`, template: o.spec.template })),
  );
}

describe('Kubernetes manifests (deploy/manifests.ts rendered to deploy/manifests/)', () => {
  it('the committed YAML is what npm run deploy:render writes now', () => {
    expect(Object.keys(committed).sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) expect(committed[file], `deploy/manifests/${file} is stale: run npm run deploy:render`).toBe(text);
  });

  it('every object is a Kubernetes type client-node knows, and no field is lost through its serializer', () => {
    for (const [file, text] of Object.entries(committed)) {
      const typed = loadAllYaml(text);
      expect(typed.length, file).toBe(raw(text).length);
      for (const object of typed) {
        const Model = MODELS[object.kind];
        expect(Model, `${file}: ${object.kind}`).toBeDefined();
        expect(object, `${file}: ${object.kind}`).toBeInstanceOf(Model);
      }
      expect(lostFields(text), file).toEqual([]);
    }
  });

  it('the round trip catches a misspelt field (the check above can fail)', () => {
    const deployment = one('postgres.yaml', 'Deployment');
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    deployment.spec.template.spec.replica = 3;
    expect(lostFields(`---\n${JSON.stringify(deployment)}`)).toEqual([
      'Deployment/credgate.spec.template.spec.containers.0.securityContext.readOnlyRootFileSystem',
      'Deployment/credgate.spec.template.spec.replica',
    ]);
  });

  it('every pod runs as uid 10001, not root, read-only, without capabilities or privilege escalation, under RuntimeDefault seccomp', () => {
    const templates = podTemplates();
    expect(templates.length).toBe(3);
    for (const { where, template } of templates) {
      const spec = template.spec!;
      expect(spec.securityContext, where).toMatchObject({ runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.hostNetwork ?? false, where).toBe(false);
      expect(spec.hostPID ?? false, where).toBe(false);
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        expect(container.securityContext, `${where} ${container.name}`).toEqual({
          runAsNonRoot: true,
          runAsUser: UID,
          runAsGroup: UID,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.resources?.requests?.memory, where).toBeDefined();
        expect(container.resources?.limits?.memory, where).toBeDefined();
        // Written paths are volumes: the data dir and /tmp.
        const mounted = (container.volumeMounts ?? []).map((m) => m.mountPath);
        expect(mounted, where).toEqual(expect.arrayContaining(['/var/lib/credgate', '/tmp']));
      }
      // Only volume types the restricted Pod Security Standard allows.
      for (const volume of spec.volumes ?? []) {
        const types = Object.keys(volume).filter((k) => k !== 'name');
        expect(types.length, `${where} ${volume.name}`).toBe(1);
        expect(['emptyDir', 'configMap', 'secret', 'persistentVolumeClaim', 'projected'], `${where} ${volume.name}`).toContain(types[0]);
      }
    }
    expect(one('postgres.yaml', 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('the gateway is probed on /healthz (liveness, start-up) and /readyz (readiness) on the port it listens on', () => {
    for (const file of ['postgres.yaml', 'sqlite.yaml']) {
      const container = one(file, 'Deployment').spec.template.spec.containers[0];
      const env = Object.fromEntries(container.env.filter((e: Raw) => 'value' in e).map((e: Raw) => [e.name, e.value]));
      expect(env).toMatchObject({ CREDGATE_PORT: String(PORT), CREDGATE_HOST: '0.0.0.0', NODE_ENV: 'production' });
      expect(container.ports).toEqual([{ name: 'http', containerPort: PORT, protocol: 'TCP' }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    }
  });

  it('PostgreSQL: 3 replicas with the database URL and keys from a Secret, no migrating at start, a Service and a PodDisruptionBudget that select them', () => {
    const deployment = one('postgres.yaml', 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    const podLabels = deployment.spec.template.metadata.labels;
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: Raw) => [e.name, e]));
    expect(env.CREDGATE_DATABASE_URL.valueFrom.secretKeyRef).toMatchObject({ name: 'credgate-secrets', key: 'database-url' });
    expect(env.CREDGATE_MASTER_KEY.valueFrom.secretKeyRef).toMatchObject({ name: 'credgate-secrets', key: 'master-key' });
    expect(env.CREDGATE_MIGRATE.value).toBe('false');
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    const service = one('postgres.yaml', 'Service');
    expect(selects(service.spec.selector)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const pdb = one('postgres.yaml', 'PodDisruptionBudget');
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
    // The migration Job: the same image, the migrate command, no API token.
    const job = one('postgres-migrate-job.yaml', 'Job');
    expect(job.spec.template.spec.containers[0]).toMatchObject({ image: container.image, command: ['node', 'dist/migrate.js'] });
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    // ...and the Service does not send traffic to it.
    expect(Object.entries(service.spec.selector).every(([k, v]) => job.spec.template.metadata.labels[k] === v)).toBe(false);
  });

  it('SQLite: one replica on a PersistentVolumeClaim, replaced (Recreate) rather than rolled', () => {
    const deployment = one('sqlite.yaml', 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const claim = one('sqlite.yaml', 'PersistentVolumeClaim');
    const data = deployment.spec.template.spec.volumes.find((v: Raw) => v.name === 'data');
    expect(data.persistentVolumeClaim.claimName).toBe(claim.metadata.name);
  });

  it('RBAC: the service account gets namespaces get/list/watch/create and secrets get/list/watch/create/update/patch/delete cluster-wide, nothing else', () => {
    for (const file of ['postgres.yaml', 'sqlite.yaml']) {
      const role = one(file, 'ClusterRole');
      expect(role.rules).toEqual([
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      ]);
      const binding = one(file, 'ClusterRoleBinding');
      const account = one(file, 'ServiceAccount');
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
      expect(one(file, 'Deployment').spec.template.spec.serviceAccountName).toBe(account.metadata.name);
    }
  });

  it("the clusters ConfigMap is read by the gateway's own clusters-file parser, and its kubeconfig by client-node as the pod's service account", () => {
    const configMap = one('postgres.yaml', 'ConfigMap');
    const dir = mkdtempSync(join(tmpdir(), 'credgate-configmap-'));
    try {
      for (const [name, text] of Object.entries(configMap.data as Record<string, string>)) writeFileSync(join(dir, name), text);
      expect(readClustersFile(join(dir, 'clusters.yaml'))).toEqual([{ name: 'in-cluster', kubeconfig: join(dir, 'in-cluster.kubeconfig'), manageNamespaces: true }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(configMap.data['in-cluster.kubeconfig']).toBe(IN_CLUSTER_KUBECONFIG);
    const kc = new KubeConfig();
    kc.loadFromString(IN_CLUSTER_KUBECONFIG);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://kubernetes.default.svc', caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', skipTLSVerify: false });
    // client-node's tokenFile provider reads the token file again every minute (projected tokens rotate).
    expect(kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } });
    const deployment = one('postgres.yaml', 'Deployment');
    const mount = deployment.spec.template.spec.containers[0].volumeMounts.find((m: Raw) => m.name === 'config');
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: Raw) => [e.name, e.value]));
    expect(env.CREDGATE_CLUSTERS).toBe(`${mount.mountPath}/clusters.yaml`);
  });
});

describe('the ClusterRole is enough for the reconciler', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('with every other verb on namespaces and secrets answered 403, a credential is created in a new namespace, rotated and deleted', { timeout: 90_000 }, async () => {
    const role = one('postgres.yaml', 'ClusterRole');
    const allowed = (resource: string) => role.rules.find((r: Raw) => r.resources.includes(resource)).verbs as string[];
    const emulator = await startKubeEmulator();
    const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
    for (const resource of ['namespaces', 'secrets'] as const) {
      for (const verb of verbs.filter((v) => !allowed(resource).includes(v))) {
        emulator.faults.failNext({ verb, resource, count: 1_000_000, status: 403, message: `forbidden by the ClusterRole: ${verb} ${resource}` });
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'credgate-rbac-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'in-cluster.kubeconfig'), emulator.kubeconfig);
    // The ConfigMap's clusters.yaml, pointing at the emulator instead of the service account.
    writeFileSync(join(dir, 'clusters.yaml'), one('postgres.yaml', 'ConfigMap').data['clusters.yaml']);
    const gateway = await startGateway({ demo: false, config: { clustersFile: join(dir, 'clusters.yaml'), embeddedKube: false } });
    const kc = new KubeConfig();
    kc.loadFromString(emulator.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    try {
      const { clusters } = await gateway.data('{ clusters { id name } }');
      const cluster = clusters.find((c: Raw) => c.name === 'in-cluster');
      const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "rbac" }) { ... on CreateDepartmentSuccess { department { id } } } }`, { c: cluster.id });
      const { createProject } = await gateway.data(
        `mutation($d: ID!) { createProject(input: { departmentId: $d, name: "rbac-project" }) { ... on CreateProjectSuccess { project { id namespace } } } }`,
        { d: createDepartment.department.id },
      );
      const namespace = createProject.project.namespace;
      const { createPasswordCredential: created } = await gateway.data(
        `mutation($p: ID!) { createPasswordCredential(input: { name: "rbac", scope: { type: PROJECT, id: $p }, username: "u", password: "first" }) { ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`,
        { p: createProject.project.id },
      );
      const { id, kubernetesName } = created.credential;
      const phase = async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id })).credential?.status.phase;
      const password = async () => Buffer.from((await core.readNamespacedSecret({ name: kubernetesName, namespace })).data!.password, 'base64').toString();

      await eventually(async () => (await phase()) === 'READY', 30_000, 'READY after create');
      expect((await core.readNamespace({ name: namespace })).metadata?.name).toBe(namespace);
      expect(await password()).toBe('first');

      await gateway.data(`mutation($input: RotateCredentialInput!) { rotateCredential(input: $input) { __typename } }`, { input: { id, username: 'u', password: 'second' } });
      await eventually(async () => (await phase()) === 'READY' && (await password()) === 'second', 30_000, 'rotated');

      await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
      await eventually(async () => (await core.listNamespacedSecret({ namespace })).items.every((s) => s.metadata?.name !== kubernetesName), 30_000, 'Secret deleted');
    } finally {
      await gateway.stop();
      await emulator.stop();
    }
  });
});
