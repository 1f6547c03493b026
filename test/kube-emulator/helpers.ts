// Shared set-up for the emulator conformance suite: real clients against a fresh emulator.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator, type KubeEmulatorOptions } from '../../src/kube-emulator/index.js';

const run = promisify(execFile);

export interface Harness {
  emu: KubeEmulator;
  kc: KubeConfig;
  core: CoreV1Api;
  kubeconfigPath: string;
  kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
}

export async function startHarness(options: KubeEmulatorOptions = {}): Promise<Harness> {
  const emu = await startKubeEmulator(options);
  const kc = new KubeConfig();
  kc.loadFromString(emu.kubeconfig);
  const dir = mkdtempSync(join(tmpdir(), 'kube-emulator-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, emu.kubectlKubeconfig);
  return {
    emu,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    kubeconfigPath,
    async kubectl(...args) {
      try {
        const { stdout, stderr } = await run('kubectl', ['--kubeconfig', kubeconfigPath, ...args], { timeout: 20_000 });
        return { stdout, stderr, code: 0 };
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; code?: number };
        return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
      }
    },
  };
}

export interface StatusBody {
  kind: string;
  apiVersion: string;
  status: string;
  message: string;
  reason: string;
  code: number;
  details?: { name?: string; kind?: string; group?: string; causes?: Array<{ reason: string; message: string; field: string }>; retryAfterSeconds?: number };
}

/** The metav1.Status a failed client-node call received. */
export async function statusOf(promise: Promise<unknown>): Promise<StatusBody & { httpCode: number }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiException) {
      const body = typeof err.body === 'string' ? (JSON.parse(err.body) as StatusBody) : (err.body as StatusBody);
      return { ...body, httpCode: err.code };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

export async function rawRequest(emu: KubeEmulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const response = await fetch(emu.url + path, {
    method,
    headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');

export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
