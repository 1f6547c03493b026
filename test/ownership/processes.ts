// Real processes for the ownership and durability scenarios: a standalone Kubernetes API emulator
// (`npm run kube-emulator`) and gateways started as `npm start` starts them (src/main.ts), each
// with its own data directory and CREDGATE_CLUSTERS pointing at the emulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { adminHeaders } from '../support/gateway.js';

const root = resolve(import.meta.dirname, '../..');

export interface Proc {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
}

function run(script: string, args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 180_000): Promise<Proc & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const proc: Proc = {
    child,
    output: () => text,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not become ready in time:\n${text}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = ready.exec(text);
      if (match) {
        clearTimeout(timer);
        resolveReady({ ...proc, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`${script} exited (${code}) before it was ready:\n${text}`), { code, output: text }));
    });
  });
}

export interface EmulatorProcess extends Proc {
  url: string;
  /** A kubeconfig file for kubectl and client-node. */
  kubeconfig: string;
  core: CoreV1Api;
}

export async function startEmulatorProcess(dir: string): Promise<EmulatorProcess> {
  const kubeconfig = join(dir, 'kubeconfig');
  const proc = await run('src/kube-emulator/cli.ts', ['--port', '0', '--kubeconfig', kubeconfig], {}, /kube emulator listening on (http:\/\/[^;\s]+)/);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { ...proc, url: proc.match[1], kubeconfig, core: kc.makeApiClient(CoreV1Api) };
}

export interface GatewayProcess extends Proc {
  url: string;
  dataDir: string;
  data: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}

/** A gateway process on its own data directory, reconciling the clusters of `clustersFile`. */
export async function startGatewayProcess(options: { dataDir?: string; clustersFile: string; env?: Record<string, string> }): Promise<GatewayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'credgate-proc-'));
  const proc = await run('src/main.ts', [], {
    CREDGATE_PORT: '0',
    CREDGATE_DATA_DIR: dataDir,
    CREDGATE_CLUSTERS: options.clustersFile,
    CREDGATE_DEMO: 'false',
    CREDGATE_ADMIN_TOKEN: adminHeaders().authorization.slice('Bearer '.length),
    CREDGATE_LOG_LEVEL: 'info',
    ...options.env,
  }, /credgate is running: (http:\/\/\S+)\/graphql/);
  const url = proc.match[1];
  const data = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as never;
  };
  return { ...proc, url, dataDir, data };
}

/** Starts a gateway process expecting it to fail; resolves with its exit code and output. */
export async function failingGatewayProcess(options: { dataDir: string; clustersFile: string }): Promise<{ code: number | null; output: string }> {
  try {
    const proc = await startGatewayProcess(options);
    await proc.stop();
    throw new Error('the gateway started');
  } catch (error) {
    const { code, output } = error as { code?: number | null; output?: string };
    if (output === undefined) throw error;
    return { code: code ?? null, output };
  }
}

export function clustersFile(dir: string, clusters: { name: string; kubeconfig: string }[]): string {
  const file = join(dir, `clusters-${clusters.map((c) => c.name).join('-')}.yaml`);
  writeFileSync(file, clusters.map((c) => `- name: ${c.name}\n  kubeconfig: ${c.kubeconfig}\n`).join(''));
  return file;
}

/** A department with projects on the gateway's first cluster; returns the department id. */
export async function organisation(gateway: GatewayProcess, projects: string[]): Promise<{ clusterId: string; departmentId: string }> {
  const { clusters } = await gateway.data(`{ clusters { id name } }`);
  const clusterId = clusters[0].id;
  const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "shared" }) { ... on CreateDepartmentSuccess { department { id } } } }`, { c: clusterId });
  const departmentId = createDepartment.department.id;
  for (const name of projects) {
    await gateway.data(`mutation($d: ID!, $n: String!) { createProject(input: { departmentId: $d, name: $n }) { __typename } }`, { d: departmentId, n: name });
  }
  return { clusterId, departmentId };
}

export const CREDENTIAL_STATUS = `query($id: ID!) { credential(id: $id) { id kubernetesName status { phase targets { namespace state issue message } } } }`;

export async function createPassword(gateway: GatewayProcess, name: string, departmentId: string, password: string): Promise<{ id: string; kubernetesName: string }> {
  const { createPasswordCredential } = await gateway.data(
    `mutation($d: ID!, $n: String!, $p: String!) { createPasswordCredential(input: { name: $n, scope: { type: DEPARTMENT, id: $d }, username: "app", password: $p }) {
      __typename ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`,
    { d: departmentId, n: name, p: password },
  );
  if (!createPasswordCredential.credential) throw new Error(`create failed: ${createPasswordCredential.__typename}`);
  return createPasswordCredential.credential;
}
