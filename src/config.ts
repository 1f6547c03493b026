import { resolve } from 'node:path';

export interface ClusterConfig {
  name: string;
  kubeconfig: string;
  context?: string;
  manageNamespaces?: boolean;
}

export interface GatewayConfig {
  port: number;
  host: string;
  dataDir: string;
  masterKeys?: string[];
  adminToken?: string;
  clustersFile?: string;
  logLevel: string;
  development: boolean;
  seedDemo: boolean;
  /** Start the Kubernetes API emulator in-process when no clusters are configured. */
  embeddedKube: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ConfigError(`CREDGATE_PORT must be a port number (0-65535), got "${value}"`);
  }
  return parsed;
}

/** Reads the gateway's configuration from environment variables (API.md, "Configuration"). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    port: port(env.CREDGATE_PORT, 4000),
    host: env.CREDGATE_HOST || '127.0.0.1',
    dataDir: resolve(env.CREDGATE_DATA_DIR || './data'),
    // Several comma-separated keys: the first encrypts, all of them decrypt (key rotation).
    masterKeys: env.CREDGATE_MASTER_KEY ? env.CREDGATE_MASTER_KEY.split(',').map((k) => k.trim()) : undefined,
    adminToken: env.CREDGATE_ADMIN_TOKEN || undefined,
    clustersFile: env.CREDGATE_CLUSTERS || undefined,
    logLevel: env.CREDGATE_LOG_LEVEL || 'info',
    development: env.NODE_ENV !== 'production',
    seedDemo: env.CREDGATE_DEMO !== 'false',
    embeddedKube: env.CREDGATE_EMBEDDED_KUBE !== 'false',
  };
}
