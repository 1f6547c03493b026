// One process per data directory: a second gateway on the same directory stops before touching
// anything, naming the holder; a lock left by a process that is gone is taken over.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersFile, failingGatewayProcess, startEmulatorProcess, startGatewayProcess, type EmulatorProcess, type GatewayProcess } from '../ownership/processes.js';

let dir: string;
let emulator: EmulatorProcess;
let clusters: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credgate-lock-'));
  emulator = await startEmulatorProcess(dir);
  clusters = clustersFile(dir, [{ name: 'locked', kubeconfig: emulator.kubeconfig }]);
}, 200_000);

afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const snapshot = (dataDir: string) =>
  Object.fromEntries(readdirSync(dataDir).map((file) => [file, `${statSync(join(dataDir, file)).size}:${statSync(join(dataDir, file)).mtimeMs}`]));

describe('one process per data directory', () => {
  let first: GatewayProcess | undefined;

  it('a second gateway on the same data directory exits non-zero, names the holder, and leaves the first untouched', async () => {
    const dataDir = join(dir, 'data');
    first = await startGatewayProcess({ dataDir, clustersFile: clusters });
    const holder = JSON.parse(readFileSync(join(dataDir, 'credgate.lock'), 'utf8'));
    expect(holder).toMatchObject({ pid: first.child.pid, host: hostname() });
    const { clusters: before } = await first.data(`{ clusters { id name connection } }`);
    const files = snapshot(dataDir);

    const second = await failingGatewayProcess({ dataDir, clustersFile: clusters });
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`in use by another credgate (process ${first.child.pid}`);
    expect(second.output).toContain(holder.startedAt);

    // The first still serves, its files as they were (the second opened nothing).
    expect(snapshot(dataDir)).toEqual(files);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect((await first.data(`{ clusters { id name connection } }`)).clusters).toEqual(before);
    await first.stop();
    // A clean stop releases the lock.
    expect(readdirSync(dataDir)).not.toContain('credgate.lock');
  }, 400_000);

  it('a lock left by a process that is gone is taken over', async () => {
    const dataDir = join(dir, 'stale');
    first = await startGatewayProcess({ dataDir, clustersFile: clusters });
    const { clusters: before } = await first.data(`{ clusters { id name } }`);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(readdirSync(dataDir)).toContain('credgate.lock');
    const again = await startGatewayProcess({ dataDir, clustersFile: clusters });
    try {
      expect((await again.data(`{ clusters { id name } }`)).clusters).toEqual(before);
      expect(JSON.parse(readFileSync(join(dataDir, 'credgate.lock'), 'utf8')).pid).toBe(again.child.pid);
    } finally {
      await again.stop();
    }
  }, 400_000);

  it('a lock naming another host is not taken over', async () => {
    const dataDir = join(dir, 'other-host');
    first = await startGatewayProcess({ dataDir, clustersFile: clusters });
    await first.stop();
    writeFileSync(join(dataDir, 'credgate.lock'), JSON.stringify({ pid: 1, host: 'elsewhere.example', startedAt: '2026-01-01T00:00:00.000Z' }));
    const refused = await failingGatewayProcess({ dataDir, clustersFile: clusters });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('process 1 on host elsewhere.example');
    expect(refused.output).toContain(`remove ${join(dataDir, 'credgate.lock')}`);
  }, 400_000);
});
