// An emulator of the Kubernetes API for core/v1 Namespaces and Secrets, for tests and
// first-time users without a cluster. Production never uses it.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { stringify as toYaml } from 'yaml';
import { Store } from './store.js';
import { Registry } from './resources.js';
import { EmulatorServer, type FailRule, type Verb } from './server.js';
import type { ServerVersion } from './discovery.js';

export interface KubeEmulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token clients must present; default random. */
  token?: string;
  /** Watch events kept for resuming from a resourceVersion; default 10000. */
  historyLimit?: number;
  /** Reported by /version; default 1.32. */
  version?: ServerVersion;
  /** Time the namespace controller takes to empty and remove a deleted namespace; default 50 ms. */
  namespaceFinalizeDelayMs?: number;
  /** Interval of BOOKMARK events on watches that allow them; default 5000 ms (0: never, except at timeout). */
  bookmarkIntervalMs?: number;
  logger?: Logger;
}

export interface KubeFaults {
  /** true: connections are refused and open watches are cut; false: listens again on the same port. */
  setUnreachable(unreachable: boolean): Promise<void>;
  /** Added before every response. */
  setLatency(ms: number): void;
  /** Answers the next `count` matching requests with a real-looking metav1.Status of `status`. */
  failNext(rule: { verb?: Verb; resource?: 'secrets' | 'namespaces'; count: number; status: number; message?: string }): void;
  /** Ends every open watch stream abruptly. */
  dropWatches(): void;
  /** Forgets watch history: any older resourceVersion now gets 410 Expired. */
  compactHistory(): void;
  /**
   * Stops answering (connections refused, watches cut), then listens again on the same address:
   * with `empty`, as a cluster restored from an empty backup (same kube-system UID) or, with
   * `newIdentity` too, rebuilt from scratch (new UIDs). Nothing is sent to watchers about what vanished.
   */
  restart(options?: { empty?: boolean; newIdentity?: boolean }): Promise<void>;
  /** How long a watch from a resourceVersion not reached yet waits before its 504 (default 3000 ms, as kube-apiserver). */
  setTooLargeWait(ms: number): void;
  /** Clears all faults. */
  reset(): void;
}

export interface KubeEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  /**
   * Kubeconfig YAML with one cluster (server = `url`, plain http, insecure-skip-tls-verify so that
   * client-node accepts it), one user with the token, one context 'credgate-emulator', current.
   */
  kubeconfig: string;
  /**
   * The same with server https://<host>:<port> (same port: TLS is detected per connection, with a
   * self-signed certificate). kubectl needs it: client-go never sends a bearer token over plain
   * http. client-node accepts it too, at the cost of a TLS handshake per request.
   */
  kubectlKubeconfig: string;
  faults: KubeFaults;
  stop(): Promise<void>;
  /** Total API requests served. */
  requestCount(): number;
  /** The current global resourceVersion. */
  resourceVersion(): number;
  /** Watch streams currently open. */
  openWatches(): number;
  /** Sends a BOOKMARK now on every watch that allows bookmarks. */
  sendBookmarks(): void;
}

export type { Verb, FailRule, ServerVersion };

export const CONTEXT_NAME = 'credgate-emulator';

export function emulatorKubeconfig(url: string, token: string): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT_NAME, user: { token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });
}

export async function startKubeEmulator(options: KubeEmulatorOptions = {}): Promise<KubeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('hex');
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = new Store(options.historyLimit ?? 10_000);
  const registry = new Registry(store, { finalizeDelayMs: options.namespaceFinalizeDelayMs ?? 50 });
  registry.bootstrap();
  const version = options.version ?? { major: '1', minor: '32', gitVersion: 'v1.32.0' };
  const server = new EmulatorServer(store, registry, token, version, logger, options.bookmarkIntervalMs ?? 5000);
  const port = await server.listen(options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let unreachable = false;
  let stopped = false;

  // While it was closed, an outgoing connection may have taken the port as its local port for a
  // moment: try again for a while before giving up with a clear message.
  const listenAgain = async (): Promise<void> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await server.listen(port, host);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) {
          throw new Error(`the kube emulator could not listen again on ${host}:${port}: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const faults: KubeFaults = {
    async setUnreachable(value) {
      if (value === unreachable || stopped) return;
      if (value) {
        unreachable = true;
        await server.close();
      } else {
        await listenAgain();
        unreachable = false; // only once it listens: a failed attempt can be tried again
      }
    },
    setLatency(ms) {
      server.state.latencyMs = Math.max(0, ms);
    },
    failNext(rule) {
      if (rule.count > 0) server.state.failRules.push({ ...rule });
    },
    dropWatches() {
      server.dropWatches();
    },
    compactHistory() {
      store.compact();
    },
    async restart({ empty = false, newIdentity = false } = {}) {
      if (stopped) return;
      await faults.setUnreachable(true);
      if (empty) registry.reset(newIdentity);
      await faults.setUnreachable(false);
    },
    setTooLargeWait(ms) {
      server.state.tooLargeWaitMs = Math.max(0, ms);
    },
    reset() {
      server.state.tooLargeWaitMs = 3000;
      server.state.latencyMs = 0;
      server.state.failRules = [];
    },
  };

  logger.info({ url }, 'kube emulator listening');
  return {
    url,
    token,
    kubeconfig: emulatorKubeconfig(url, token),
    kubectlKubeconfig: emulatorKubeconfig(url.replace(/^http:/, 'https:'), token),
    faults,
    async stop() {
      if (stopped) return;
      stopped = true;
      registry.close();
      server.shutdown();
      if (!unreachable) await server.close();
    },
    requestCount: () => server.state.requests,
    resourceVersion: () => store.resourceVersion,
    openWatches: () => server.openWatches(),
    sendBookmarks: () => server.sendBookmarks(),
  };
}
