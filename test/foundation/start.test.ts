import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminHeaders, TEST_ADMIN_TOKEN } from '../support/gateway.js';

const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credgate-start-'));
  dataDirs.push(dir);
  return dir;
}

/** Runs `npm start`'s entry point as a real process until it prints its URL or exits. */
function runGateway(env: Record<string, string>): Promise<{ url?: string; code?: number | null; output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, CREDGATE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /credgate is running: (http:\/\/\S+)\/graphql/.exec(output);
      if (match) resolve({ url: match[1], output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolve({ code, output, stop }));
  });
}

// Each test starts the real process (about 2.5 s each on an idle machine, several times that under load).
describe('one-command start', { timeout: 120_000 }, () => {
  it('creates the data dir, the database, a 0600 key file and the demo organisation, and serves health and GraphQL', async () => {
    const dataDir = join(newDataDir(), 'nested', 'data');
    let adminToken = '';
    const gateway = await runGateway({ CREDGATE_DATA_DIR: dataDir });
    try {
      expect(gateway.url, gateway.output).toBeDefined();
      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'credgate.db')).size).toBeGreaterThan(0);
      expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
      // No CREDGATE_ADMIN_TOKEN: the first start made the administrator's token, readable by the gateway's user only.
      expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
      adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query: '{ clusters { name departments { name projects { name namespace } } } }' }),
      });
      const { data } = await response.json();
      expect(data.clusters).toHaveLength(1);
      expect(data.clusters[0].name).toBe('local');
      expect(data.clusters[0].departments).toHaveLength(2);
      expect(data.clusters[0].departments.flatMap((d: any) => d.projects).map((p: any) => p.namespace).sort()).toEqual([
        'runai-language', 'runai-platform', 'runai-vision',
      ]);
    } finally {
      await gateway.stop();
    }
    const again = await runGateway({ CREDGATE_DATA_DIR: dataDir });
    try {
      const response = await fetch(`${again.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query: '{ clusters { name } }' }),
      });
      expect((await response.json()).data.clusters).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });

  it('refuses to start with a master key that is not 32 bytes of base64', async () => {
    for (const key of ['not base64!', Buffer.alloc(16).toString('base64')]) {
      const result = await runGateway({ CREDGATE_DATA_DIR: newDataDir(), CREDGATE_MASTER_KEY: key });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/credgate cannot start: CREDGATE_MASTER_KEY (is not base64|decodes to 16 bytes)/);
    }
  });

  it('refuses to start when the master key cannot open the stored secrets, and starts again with the right one', async () => {
    const dataDir = newDataDir();
    const key = Buffer.alloc(32, 7).toString('base64');
    const first = await runGateway({ CREDGATE_DATA_DIR: dataDir, CREDGATE_MASTER_KEY: key, CREDGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    const response = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({
        query: 'mutation { createPasswordCredential(input: { name: "p", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }',
      }),
    });
    expect((await response.json()).data.createPasswordCredential.__typename).toBe('CreatePasswordCredentialSuccess');
    await first.stop();

    const wrong = await runGateway({ CREDGATE_DATA_DIR: dataDir, CREDGATE_MASTER_KEY: Buffer.alloc(32, 8).toString('base64') });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/credgate cannot start: secret was encrypted with key [0-9a-f]{16}, which is not among the configured master keys/);

    // Rotation: a new key first, the old one still listed to decrypt. The start re-encrypts...
    const rotated = await runGateway({ CREDGATE_DATA_DIR: dataDir, CREDGATE_MASTER_KEY: `${Buffer.alloc(32, 8).toString('base64')},${key}` });
    expect(rotated.url, rotated.output).toBeDefined();
    expect(rotated.output).toContain('re-encrypted secret values with the active master key');
    await rotated.stop();
    // ...so that the old key can be retired.
    const retired = await runGateway({ CREDGATE_DATA_DIR: dataDir, CREDGATE_MASTER_KEY: Buffer.alloc(32, 8).toString('base64') });
    expect(retired.url, retired.output).toBeDefined();
    await retired.stop();
  });

  it('refuses to start with a damaged key file', async () => {
    const dataDir = newDataDir();
    writeFileSync(join(dataDir, 'master.key'), 'short\n', { mode: 0o600 });
    const result = await runGateway({ CREDGATE_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`key file ${join(dataDir, 'master.key')} decodes to`);
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe('short\n');
  });
});
