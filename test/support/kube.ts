import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestGateway } from './gateway.js';

const run = promisify(execFile);

/** Runs the real kubectl against the gateway's embedded emulator (the kubeconfig in its data dir). */
export async function kubectl(gateway: TestGateway, ...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', join(gateway.dataDir, 'kubeconfig'), ...args], { timeout: 20_000 });
  return stdout;
}

export async function kubectlJson<T = any>(gateway: TestGateway, ...args: string[]): Promise<T> {
  return JSON.parse(await kubectl(gateway, ...args, '-o', 'json')) as T;
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
