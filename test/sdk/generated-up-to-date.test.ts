import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const root = resolve(import.meta.dirname, '..', '..');
const schemaFile = join(root, 'schema.graphql');
const generatedDir = join(root, 'sdk', 'src', 'generated');
const scratch = mkdtempSync(join(tmpdir(), 'credgate-codegen-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `printedSchema()` from src/graphql/write-schema.ts, in a child process (see print-schema.ts). */
function printedSchema(): string {
  return execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'print-schema.ts')], { cwd: root, encoding: 'utf8' });
}

describe('generated files are current (run `npm run generate` when these fail)', { timeout: 120_000 }, () => {
  it('schema.graphql equals the schema printed from the Pothos code', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(printedSchema());
  });

  it('sdk/src/generated equals codegen over the printed schema and the SDK operations', async () => {
    const schemaPath = join(scratch, 'schema.graphql');
    writeFileSync(schemaPath, printedSchema());
    const outputs = await generate(
      {
        ...config,
        cwd: root,
        schema: schemaPath,
        documents: (config.documents as string[]).map((pattern) => join(root, pattern)),
        generates: Object.fromEntries(Object.entries(config.generates).map(([path, output]) => [join(root, path), output])),
        silent: true,
      },
      false,
    );
    const expected = Object.fromEntries(outputs.map((file: { filename: string; content: string }) => [relative(generatedDir, resolve(root, file.filename)), file.content]));
    const committed = Object.fromEntries(readdirSync(generatedDir).map((name) => [name, readFileSync(join(generatedDir, name), 'utf8')]));
    expect(Object.keys(committed).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) {
      expect(committed[name], `sdk/src/generated/${name} is stale`).toBe(content);
    }
  });
});
