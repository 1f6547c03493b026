import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { configFromEnv, type GatewayConfig } from '../../src/config.js';
import { buildApp, type App, type AppOptions } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { seedDemoOrganisation } from '../../src/services/demo.js';

/**
 * The bootstrap system administrator's token of every test gateway (CREDGATE_ADMIN_TOKEN).
 * Tests that act as the administrator send it; tests of access control mint their own.
 */
export const TEST_ADMIN_TOKEN = 'cgt_test-admin-0123456789abcdefghijklmnopqrstuvwxyzABCDEF';

/** Headers for a JSON GraphQL POST as the bootstrap administrator. */
export function adminHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...extra };
}

export interface TestGateway {
  app: App;
  url: string;
  dataDir: string;
  /** Everything the gateway logged, as raw text. */
  logs: () => string;
  /** POSTs a GraphQL operation and returns the parsed body; throws on transport errors. */
  gql: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T; errors?: { message: string }[] }>;
  /** Like gql but throws when the response has errors. */
  data: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  stop: () => Promise<void>;
}

export interface TestGatewayOptions {
  demo?: boolean;
  kube?: AppOptions['kube'];
  config?: Partial<GatewayConfig>;
  onStatement?: (sql: string) => void;
  keepDataDir?: boolean;
}

/** A real gateway on a free port with its own SQLite file in a temporary data dir. */
export async function startGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = options.config?.dataDir ?? mkdtempSync(join(tmpdir(), 'credgate-test-'));
  let logText = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const config: GatewayConfig = { ...configFromEnv({}), port: 0, dataDir, logLevel: 'debug', development: false, adminToken: TEST_ADMIN_TOKEN, ...options.config };
  const app = buildApp({
    config,
    log: createLogger('debug', sink),
    onStatement: options.onStatement,
    kube: { ...options.kube, reconciler: { probeIntervalMs: 200, retryBaseMs: 50, retryMaxMs: 1000, ...options.kube?.reconciler } },
  });
  if (options.demo !== false) seedDemoOrganisation(app.services.orgTree);
  const url = await app.start();
  const gql: TestGateway['gql'] = async (query, variables) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }),
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as never;
  };
  return {
    app,
    url,
    dataDir,
    logs: () => logText,
    gql,
    data: async (query, variables) => {
      const result = await gql(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as never;
    },
    stop: async () => {
      await app.stop();
      if (!options.keepDataDir && !options.config?.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Ids of the demo organisation, by name. */
export async function demoTree(gateway: TestGateway) {
  const { clusters } = await gateway.data(`{ clusters { id name departments { id name projects { id name namespace } } } }`);
  const cluster = clusters.find((c: { name: string }) => c.name === 'local') ?? clusters[0];
  const departments = Object.fromEntries(cluster.departments.map((d: any) => [d.name, d]));
  const projects = Object.fromEntries(cluster.departments.flatMap((d: any) => d.projects).map((p: any) => [p.name, p]));
  return { cluster, departments, projects } as {
    cluster: { id: string; name: string };
    departments: Record<string, { id: string; name: string }>;
    projects: Record<string, { id: string; name: string; namespace: string }>;
  };
}

export const CREDENTIAL_FIELDS = `
  id name description type kubernetesName origin existingSecretName keys createdBy createdAt updatedBy updatedAt
  scope { type id name path { type name } }
  cluster { id name }
  environments { id name }
  dataSources { id name }
`;

export const ERROR_FIELDS = `
  __typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
`;
export const NAME_TAKEN_FIELDS = `... on NameTakenError { name }`;
export const IN_USE_FIELDS = `... on CredentialInUseError { usedBy { kind id name } }`;
