import { useEffect, useRef, useState } from 'react';
import type { CredentialChangeEvent, CredentialStatusChangeEvent, CredgateClient, StatusSubscriptionArgs } from '@credgate/sdk';
import { gatewayClient } from './session.js';

export type StreamState = 'connecting' | 'live' | 'lost';

export interface LiveHandlers {
  onStatus: (event: CredentialStatusChangeEvent) => void;
  onChange: (event: CredentialChangeEvent) => void;
  /** Both streams are open for the first time: what changed before they were may be missing from the table. */
  onFirstConnected: () => void;
}

type Kind = 'status' | 'change';

/**
 * The two event streams a live table needs, over the SDK's SSE subscriptions. The SDK reconnects
 * on its own and resumes from the last event's cursor; if it gives up, this subscribes again with
 * `after` set to the last cursor handled, so no transition is lost either way. Each stream has its
 * own client so that the page knows which one broke.
 */
export function useLiveEvents(handlers: LiveHandlers): StreamState {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [states, setStates] = useState<Record<Kind, StreamState>>({ status: 'connecting', change: 'connecting' });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const set = (kind: Kind, state: StreamState) => setStates((all) => (all[kind] === state ? all : { ...all, [kind]: state }));
    const connectedOnce = new Set<Kind>();
    const connected = (kind: Kind) => {
      set(kind, 'live');
      if (connectedOnce.has(kind)) return;
      connectedOnce.add(kind);
      if (connectedOnce.size === 2) latest.current.onFirstConnected();
    };

    const follow = async (kind: Kind) => {
      const client: CredgateClient = gatewayClient({ onStreamBroken: () => set(kind, 'lost') });
      let after: string | null = null;
      for (let attempt = 0; !signal.aborted; attempt++) {
        const options: StatusSubscriptionArgs = { after, signal, onConnected: () => connected(kind), onReconnected: () => connected(kind) };
        try {
          if (kind === 'status') {
            for await (const event of client.credentialStatusChanged(options)) {
              after = event.cursor;
              attempt = 0;
              latest.current.onStatus(event);
            }
          } else {
            for await (const event of client.credentialChanged(options)) {
              after = event.cursor;
              attempt = 0;
              latest.current.onChange(event);
            }
          }
        } catch {
          // the SDK gave up reconnecting (or the gateway refused): try again from `after` below
        }
        if (signal.aborted) return;
        set(kind, 'lost');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(1000 * 2 ** Math.min(attempt, 4), 15_000));
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    };
    void follow('status');
    void follow('change');
    return () => controller.abort();
  }, []);

  if (states.status === 'lost' || states.change === 'lost') return 'lost';
  if (states.status === 'live' && states.change === 'live') return 'live';
  return 'connecting';
}
