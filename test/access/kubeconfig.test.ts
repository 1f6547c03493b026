import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigProblems } from '../../src/domain/kubeconfig.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { dataAs, userWithRules } from './support.js';

const kubeconfig = (user: string, cluster = 'server: https://127.0.0.1:1\n    certificate-authority-data: Zm9v') => `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster:
    ${cluster}
users:
- name: u
  user:
    ${user}
contexts:
- name: c
  context: { cluster: k, user: u }
`;

describe('kubeconfig content', () => {
  it('may neither read the gateway\'s files nor run commands on its host', () => {
    expect(kubeconfigProblems(kubeconfig('token: CANARY-token'))).toEqual([]);
    expect(kubeconfigProblems(kubeconfig('exec: { command: /bin/sh, args: [-c, "id"] }'))[0]).toMatch(/runs a command/);
    expect(kubeconfigProblems(kubeconfig('auth-provider: { name: gcp }'))[0]).toMatch(/runs a command or plugin/);
    expect(kubeconfigProblems(kubeconfig('tokenFile: /etc/shadow'))[0]).toMatch(/reads the file in tokenFile/);
    expect(kubeconfigProblems(kubeconfig('client-key: /root/.ssh/id_rsa'))[0]).toMatch(/client-key-data/);
    expect(kubeconfigProblems(kubeconfig('token: t', 'server: https://x\n    certificate-authority: /etc/ca.pem'))[0]).toMatch(/certificate-authority-data/);
    expect(kubeconfigProblems(kubeconfig('token: t'), 'missing')).toEqual(['has no context named "missing"']);
    expect(kubeconfigProblems('a: [b')).toEqual(['is not a kubeconfig (YAML or JSON with clusters, users and contexts)']);
    expect(kubeconfigProblems('x'.repeat(300 * 1024))).toEqual(['must be at most 256 KiB']);
  });
});

describe('registering clusters through the API', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway({ demo: false });
  });
  afterAll(async () => {
    await gateway?.stop();
  });
  const CREATE = `mutation($input: CreateClusterInput!) { createCluster(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`;

  it('keeps the kubeconfig sealed: never returned, not in the database in plain text', async () => {
    const created = await gateway.data(CREATE, { input: { name: 'sealed', kubeconfig: kubeconfig('token: CANARY-kube-token-42') } });
    expect(created.createCluster.__typename).toBe('CreateClusterSuccess');
    const clusters = await gateway.data(`{ clusters { name connection connectionMessage } }`);
    expect(JSON.stringify(clusters)).not.toContain('CANARY');
    gateway.app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(gateway.dataDir, 'credgate.db')).includes(Buffer.from('CANARY-kube-token-42'))).toBe(false);
    const id = gateway.app.services.orgTree.clusterByName('sealed')!.id;
    expect(gateway.app.services.orgTree.kubeconfigOf(id)).toContain('CANARY-kube-token-42');
    expect(gateway.logs()).not.toContain('CANARY-kube-token-42');
  });

  it('refuses a path on the gateway\'s disk, exec plugins, and non-administrators', async () => {
    const path = await gateway.data(CREATE, { input: { name: 'by-path', kubeconfigPath: '/etc/passwd' } });
    expect(path.createCluster).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['kubeconfigPath'] }] });
    const exec = await gateway.data(CREATE, { input: { name: 'exec', kubeconfig: kubeconfig('exec: { command: touch, args: [/tmp/pwned] }') } });
    expect(exec.createCluster).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['kubeconfig'] }] });
    const editor = await userWithRules(gateway, 'editor', [{ role: 'CREDENTIALS_ADMINISTRATOR', scope: { type: 'ACCOUNT' } }]);
    const refused = await dataAs(gateway.url, editor.token, CREATE, { input: { name: 'mine', kubeconfig: kubeconfig('token: t') } });
    expect(refused.createCluster.__typename).toBe('ForbiddenError');
    expect((await gateway.data(`{ clusters { name } }`)).clusters.map((c: any) => c.name)).toEqual(['local', 'sealed']);
  });
});
