import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startHarness, until, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.emu.stop());

describe('kubectl against the emulator', () => {
  it('creates namespaces and lists them', async () => {
    expect(await h.kubectl('create', 'namespace', 'team-k')).toMatchObject({ code: 0, stdout: 'namespace/team-k created\n' });
    const ns = await h.kubectl('get', 'ns');
    expect(ns.code).toBe(0);
    expect(ns.stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(ns.stdout).toMatch(/\nteam-k\s+Active\s+\d+s\n/);
    const dup = await h.kubectl('create', 'namespace', 'team-k');
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('Error from server (AlreadyExists): namespaces "team-k" already exists');
  });

  it('creates generic and docker-registry secrets', async () => {
    expect((await h.kubectl('-n', 'team-k', 'create', 'secret', 'generic', 'gen', '--from-literal=user=alice', '--from-literal=pass=s3cret')).stdout).toBe('secret/gen created\n');
    expect(
      (await h.kubectl('-n', 'team-k', 'create', 'secret', 'docker-registry', 'reg', '--docker-server=registry.example.com', '--docker-username=u', '--docker-password=p')).stdout,
    ).toBe('secret/reg created\n');
    const secret = await h.core.readNamespacedSecret({ name: 'reg', namespace: 'team-k' });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(Buffer.from(secret.data?.['.dockerconfigjson'] ?? '', 'base64').toString()) as { auths: Record<string, unknown> };
    expect(Object.keys(config.auths)).toEqual(['registry.example.com']);
    const gen = await h.core.readNamespacedSecret({ name: 'gen', namespace: 'team-k' });
    expect(Buffer.from(gen.data?.pass ?? '', 'base64').toString()).toBe('s3cret');
    const invalid = await h.kubectl('-n', 'team-k', 'create', 'secret', 'generic', 'Bad_Name', '--from-literal=a=b');
    expect(invalid.stderr).toContain('error: failed to create secret Secret "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it('labels, annotates and selects', async () => {
    expect((await h.kubectl('-n', 'team-k', 'label', 'secret', 'gen', 'app.kubernetes.io/managed-by=credgate')).stdout).toBe('secret/gen labeled\n');
    expect((await h.kubectl('-n', 'team-k', 'annotate', 'secret', 'gen', 'note=hello')).stdout).toBe('secret/gen annotated\n');
    const json = await h.kubectl('-n', 'team-k', 'get', 'secrets', '-l', 'app.kubernetes.io/managed-by=credgate', '-o', 'json');
    const list = JSON.parse(json.stdout) as { items: Array<{ metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> } }> };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['gen']);
    expect(list.items[0].metadata.annotations).toEqual({ note: 'hello' });
    const yaml = await h.kubectl('get', 'secrets', '-A', '-l', 'app.kubernetes.io/managed-by=credgate', '-o', 'yaml');
    expect((parseYaml(yaml.stdout) as { items: unknown[] }).items).toHaveLength(1);
    const table = await h.kubectl('-n', 'team-k', 'get', 'secrets');
    expect(table.stdout).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\n/);
    expect(table.stdout).toMatch(/\ngen\s+Opaque\s+2\s+\d+s\n/);
    expect(table.stdout).toMatch(/\nreg\s+kubernetes\.io\/dockerconfigjson\s+1\s+\d+s\n/);
  });

  it('watches with get -w', async () => {
    const child = spawn('kubectl', ['--kubeconfig', h.kubeconfigPath, '-n', 'team-k', 'get', 'secrets', '-w', '--output-watch-events']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.includes('reg'), 10_000);
      await h.core.createNamespacedSecret({ namespace: 'team-k', body: { metadata: { name: 'watched' } } });
      await h.core.deleteNamespacedSecret({ namespace: 'team-k', name: 'watched' });
      await until(() => /DELETED\s+watched/.test(out), 10_000);
      expect(out).toMatch(/ADDED\s+watched\s+Opaque\s+0/);
    } finally {
      child.kill();
    }
  });

  it('deletes secrets and namespaces, and reports errors from the server', async () => {
    expect((await h.kubectl('-n', 'team-k', 'delete', 'secret', 'gen')).stdout).toBe('secret "gen" deleted\n');
    const missing = await h.kubectl('-n', 'team-k', 'delete', 'secret', 'gen');
    expect(missing.stderr).toContain('Error from server (NotFound): secrets "gen" not found');
    const protectedNs = await h.kubectl('delete', 'namespace', 'kube-system');
    expect(protectedNs.stderr).toContain('Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted');
    expect((await h.kubectl('delete', 'namespace', 'team-k')).stdout).toBe('namespace "team-k" deleted\n');
    expect((await h.kubectl('get', 'ns', 'team-k')).stderr).toContain('Error from server (NotFound): namespaces "team-k" not found');
  });

  it('is refused without credentials', async () => {
    const res = await h.kubectl('--token', 'wrong', 'get', 'secrets');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('You must be logged in to the server');
  });
});
