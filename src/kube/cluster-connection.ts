import { ApiException, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';

export interface ClusterAccess {
  id: string;
  name: string;
  /** A kubeconfig file on the gateway host, or the kubeconfig text itself. */
  kubeconfigPath?: string | null;
  kubeconfigText?: string | null;
  context?: string | null;
}

/**
 * Why a Kubernetes call failed: the cluster could not be reached, or it answered with a Status.
 * `refused` is the cluster not taking a connection at all (as opposed to a 5xx from a proxy, a
 * connection cut mid-request, or an unreadable answer): only that speaks for the whole cluster.
 */
export type KubeFailure =
  | { kind: 'unreachable'; refused: boolean; message: string }
  | { kind: 'status'; code: number; reason: string; message: string };

const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export function classifyKubeError(error: unknown): KubeFailure {
  if (error instanceof ApiException) {
    let reason = '';
    let message = `HTTP ${error.code}`;
    try {
      const status = JSON.parse(String(error.body)) as { reason?: string; message?: string };
      reason = status.reason ?? '';
      message = status.message ?? message;
    } catch {
      // a 401 or a proxy's page has no Status body
    }
    if (error.code === 502 || error.code === 503 || error.code === 504) {
      return { kind: 'unreachable', refused: false, message: `the API server answered ${error.code}` };
    }
    return { kind: 'status', code: error.code, reason, message };
  }
  const cause = (error as { cause?: { code?: string }; code?: string }) ?? {};
  const code = cause.code ?? cause.cause?.code ?? '';
  // Only the code is kept: an error's own text may quote the body it failed to read.
  return { kind: 'unreachable', refused: REFUSED_CODES.has(code), message: `cannot connect (${code || (error as Error)?.name || 'no answer'})` };
}

/** One cluster reached through a kubeconfig and context with @kubernetes/client-node. */
export class ClusterConnection {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  private readonly versionApi: VersionApi;

  constructor(readonly access: ClusterAccess) {
    this.kubeConfig = new KubeConfig();
    if (access.kubeconfigText) this.kubeConfig.loadFromString(access.kubeconfigText);
    else if (access.kubeconfigPath) this.kubeConfig.loadFromFile(access.kubeconfigPath);
    else throw new Error(`cluster ${access.name} has no kubeconfig`);
    if (access.context) this.kubeConfig.setCurrentContext(access.context);
    this.core = this.kubeConfig.makeApiClient(CoreV1Api);
    this.versionApi = this.kubeConfig.makeApiClient(VersionApi);
  }

  /** The cluster's Kubernetes version (e.g. v1.32.0); throws when it cannot be reached. */
  async version(timeoutMs = 3000): Promise<string> {
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
      timer.unref();
    });
    const info = await Promise.race([this.versionApi.getCode(), timeout]);
    return info.gitVersion;
  }
}
