import type { KubeFailure } from './cluster-connection.js';
import { classifyKubeError } from './cluster-connection.js';

export interface ReachabilityHandlers {
  /** The cluster answers (again, or for the first time). Resolves false to refuse it (asked again at the next probe). */
  reachable(version: string, upgraded: boolean): Promise<boolean>;
  /** Called once the cluster counts as reachable after reachable() accepted it. */
  resumed(): void;
  /** A version change while reachable. */
  versionChanged(version: string): void;
  unreachable(message: string): void;
  failed(where: string, error: unknown): void;
}

/**
 * Decides whether one cluster can be reached, with one probe (GET /version) per interval for the
 * whole cluster, never one per target. A request that was refused a connection turns the cluster
 * unreachable at once; any other failed request only asks for an early probe.
 */
export class Reachability {
  private state: 'unknown' | 'reachable' | 'unreachable' | 'refused' = 'unknown';
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private stopped = false;
  /** Requests that could not connect so far: a probe answer that straddles one is stale. */
  private connectionFailures = 0;
  /** Probes in a row that timed out. */
  private timeouts = 0;
  version: string | null = null;

  constructor(
    private readonly probeVersion: () => Promise<string>,
    private readonly handlers: ReachabilityHandlers,
    private readonly intervalMs: number,
  ) {}

  get isReachable(): boolean {
    return this.state === 'reachable';
  }

  /** Known not to be usable: it does not answer, or it is refused (registered twice). Not while first connecting. */
  get isUnreachable(): boolean {
    return this.state === 'unreachable' || this.state === 'refused';
  }

  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    return this.probing ?? Promise.resolve();
  }

  /** A request did not get through. */
  couldNotReach(failure: Extract<KubeFailure, { kind: 'unreachable' }>): void {
    if (failure.refused) this.becameUnreachable(failure.message);
    void this.probe();
  }

  /** Probes now unless a probe is under way (the caller may await it). */
  probe(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.probing) {
      this.probing = this.probeUntilFresh()
        .catch((error: unknown) => this.handlers.failed('probe', error))
        .finally(() => (this.probing = null));
    }
    return this.probing;
  }

  private async probeUntilFresh(): Promise<void> {
    // An answer is stale when a request failed to connect while the probe waited for it (a
    // response already on the wire as the connection broke): ask again rather than trust it.
    for (let attempt = 0; attempt < 5 && !this.stopped; attempt++) {
      const failuresBefore = this.connectionFailures;
      let version: string;
      try {
        version = await this.probeVersion();
      } catch (error) {
        const failure = classifyKubeError(error);
        // A probe that timed out may have waited on this process's own busy event loop rather than
        // on the cluster: one is forgiven, two in a row are not. A refused connection is at once.
        this.timeouts = failure.message.includes('ETIMEDOUT') ? this.timeouts + 1 : 2;
        if (!this.stopped && (this.timeouts >= 2 || this.state !== 'reachable')) this.becameUnreachable(failure.message);
        return;
      }
      this.timeouts = 0;
      if (this.stopped) return;
      if (this.connectionFailures !== failuresBefore) continue;
      const upgraded = this.version !== null && version !== this.version;
      this.version = version;
      if (this.state === 'reachable') {
        if (upgraded) this.handlers.versionChanged(version);
        return;
      }
      const accepted = await this.handlers.reachable(version, upgraded);
      if (this.stopped) return;
      if (this.connectionFailures !== failuresBefore) continue;
      this.state = accepted ? 'reachable' : 'refused';
      if (accepted) this.handlers.resumed();
      return;
    }
  }

  private becameUnreachable(message: string): void {
    this.connectionFailures++;
    if (this.state === 'unreachable') return;
    this.state = 'unreachable';
    try {
      this.handlers.unreachable(message);
    } catch (error) {
      this.handlers.failed('unreachable', error);
    }
  }
}
