import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Watch } from '@kubernetes/client-node';
import { startHarness, statusOf, until, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.emu.stop());

describe('faults', () => {
  it('fails the next N matching requests with real-looking Statuses', async () => {
    h.emu.faults.failNext({ verb: 'create', resource: 'secrets', count: 2, status: 500 });
    const first = await statusOf(h.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'f1' } } }));
    expect(first).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(first.message).toMatch(/^Internal error occurred: /);
    // A read does not match the rule and is not counted.
    await h.core.listNamespacedSecret({ namespace: 'default' });
    expect((await statusOf(h.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'f1' } } }))).code).toBe(500);
    await h.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'f1' } } });

    h.emu.faults.failNext({ count: 1, status: 503 });
    expect(await statusOf(h.core.readNamespacedSecret({ name: 'f1', namespace: 'default' }))).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    h.emu.faults.failNext({ verb: 'update', count: 1, status: 409 });
    const secret = await h.core.readNamespacedSecret({ name: 'f1', namespace: 'default' });
    expect(await statusOf(h.core.replaceNamespacedSecret({ name: 'f1', namespace: 'default', body: secret }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on secrets "f1": the object has been modified; please apply your changes to the latest version and try again',
    });
    h.emu.faults.failNext({ verb: 'list', resource: 'namespaces', count: 1, status: 429, message: 'slow down' });
    expect(await statusOf(h.core.listNamespace())).toMatchObject({ code: 429, reason: 'TooManyRequests', message: 'slow down', details: { retryAfterSeconds: 1 } });
  });

  it('adds latency to every response', async () => {
    h.emu.faults.setLatency(1500);
    const started = Date.now();
    await h.core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    h.emu.faults.reset();
    const quick = Date.now();
    await h.core.listNamespace();
    expect(Date.now() - quick).toBeLessThan(1000);
  });

  it('refuses connections while unreachable, cuts watches, and comes back on the same port', async () => {
    let ended: unknown;
    await new Watch(h.kc).watch('/api/v1/secrets', {}, () => {}, (err) => (ended = err ?? 'closed'));
    await until(() => h.emu.openWatches() === 1);
    const requestsBefore = h.emu.requestCount();
    await h.emu.faults.setUnreachable(true);
    await until(() => ended !== undefined);
    const err = await h.core.listNamespace().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((err as { cause?: { code?: string } })?.cause?.code ?? err)).toMatch(/ECONNREFUSED/);
    await h.emu.faults.setUnreachable(false);
    await h.core.listNamespace();
    expect(h.emu.requestCount()).toBe(requestsBefore + 1);
  });

  it('drops every open watch', async () => {
    const done: unknown[] = [];
    await new Watch(h.kc).watch('/api/v1/secrets', {}, () => {}, (err) => done.push(err));
    await new Watch(h.kc).watch('/api/v1/namespaces', {}, () => {}, (err) => done.push(err));
    await until(() => h.emu.openWatches() === 2);
    h.emu.faults.dropWatches();
    await until(() => done.length === 2);
    expect(h.emu.openWatches()).toBe(0);
  });
});

describe('kubeconfigs', () => {
  it('serves client-node over both the http kubeconfig and the https one kubectl needs', async () => {
    const { KubeConfig, CoreV1Api } = await import('@kubernetes/client-node');
    for (const text of [h.emu.kubeconfig, h.emu.kubectlKubeconfig]) {
      const kc = new KubeConfig();
      kc.loadFromString(text);
      expect(kc.getCurrentContext()).toBe('credgate-emulator');
      expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(true);
      const list = await kc.makeApiClient(CoreV1Api).listNamespace();
      expect(list.items.length).toBeGreaterThan(0);
    }
    expect(h.emu.kubeconfig).toContain(`server: ${h.emu.url}`);
    expect(h.emu.kubectlKubeconfig).toContain(`server: ${h.emu.url.replace('http:', 'https:')}`);
  });
});
