import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/services/events.js';

let nextId = 0;
const change = (credentialId: string) => ({ id: ++nextId, change: 'UPDATED' as const, credentialId, at: new Date().toISOString() });

describe('the event bus', () => {
  it('delivers in publish order to every subscriber whose filter keeps the event', async () => {
    const bus = new EventBus();
    const all = bus.subscribe('credentialChanged');
    const onlyB = bus.subscribe('credentialChanged', (e) => e.credentialId === 'b');
    for (const id of ['a', 'b', 'c', 'b']) bus.publish('credentialChanged', change(id));
    const taken = async (stream: AsyncIterator<{ credentialId: string }>, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await stream.next()).value.credentialId);
      return ids;
    };
    expect(await taken(all, 4)).toEqual(['a', 'b', 'c', 'b']);
    expect(await taken(onlyB, 2)).toEqual(['b', 'b']);
  });

  it('ends only the stream whose filter throws; the publisher and the other subscribers go on', async () => {
    const bus = new EventBus();
    const failures: unknown[] = [];
    bus.onListenerError = (error) => failures.push(error);
    const broken = bus.subscribe('credentialChanged', () => {
      throw new Error('too many SQL variables');
    });
    const healthy = bus.subscribe('credentialChanged');
    const pending = broken.next();
    expect(() => bus.publish('credentialChanged', change('a'))).not.toThrow();
    await expect(pending).rejects.toThrow('too many SQL variables');
    await expect(broken.next()).rejects.toThrow('too many SQL variables');
    expect((await healthy.next()).value.credentialId).toBe('a');
    expect(bus.listenerCount('credentialChanged')).toBe(1);
    expect(failures).toEqual([]);
  });

  it('removes the listener at once when a subscriber leaves, even with a read pending', async () => {
    const bus = new EventBus();
    const stream = bus.subscribe('credentialStatusChanged');
    const pending = stream.next();
    await stream.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(bus.listenerCount('credentialStatusChanged')).toBe(0);
  });
});
