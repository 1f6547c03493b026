import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const sdkDir = join(root, 'sdk');

describe('sdk/README.md examples', { timeout: 120_000 }, () => {
  const readme = readFileSync(join(sdkDir, 'README.md'), 'utf8');
  const shown = [...readme.matchAll(/<!-- example: (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```\n/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

  it('show every file of sdk/examples verbatim, and nothing else as TypeScript', () => {
    const files = readdirSync(join(sdkDir, 'examples')).filter((name) => name.endsWith('.ts')).map((name) => `examples/${name}`);
    expect(shown.map((example) => example.file).sort()).toEqual(files.sort());
    for (const example of shown) expect(example.code, `${example.file} differs from the README`).toBe(readFileSync(join(sdkDir, example.file), 'utf8'));
    expect(readme.match(/```ts\n/g)?.length).toBe(shown.length);
  });

  it('compile with tsc --strict against the built package', () => {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(sdkDir, 'examples', 'tsconfig.json')], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`tsc -p sdk/examples failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  });
});
