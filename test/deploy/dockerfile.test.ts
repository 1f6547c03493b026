import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, PORT, UID } from '../../deploy/manifests.js';

// No container engine runs here, so the image is never built in tests: the Dockerfile is read and
// held to the properties the deployment relies on.

const root = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions: comments and blank lines dropped, `\` continuations joined. */
function parse(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: index + 1 };
    if (!continued) {
      const [keyword, ...rest] = pending.text.split(/\s+/);
      instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
      pending = null;
    }
  });
  return instructions;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

function stages(instructions: Instruction[]): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const result: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG' && result.length === 0) {
      const [name, value] = instruction.args.split('=');
      args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      expect(match, `FROM on line ${instruction.line}`).not.toBeNull();
      const image = match![1].replace(/^\$\{(\w+)\}$|^\$(\w+)$/, (_, a, b) => args[a ?? b] ?? `<unset ${a ?? b}>`);
      result.push({ image, name: match![2], instructions: [] });
    } else {
      expect(result.length, `${instruction.keyword} before the first FROM (line ${instruction.line})`).toBeGreaterThan(0);
      result.at(-1)!.instructions.push(instruction);
    }
  }
  return { args, stages: result };
}

const instructions = parse(dockerfile);
const { stages: all } = stages(instructions);
const runtime = all.at(-1)!;
const inRuntime = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

describe('deploy/Dockerfile', () => {
  it('is multi-stage, every stage named with FROM ... AS and based on Node 24 (bookworm-slim)', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) {
      expect(stage.name, `FROM ${stage.image}`).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(stage.image).toBe('node:24-bookworm-slim');
    }
  });

  it('builds in a stage with the dev dependencies and a toolchain for better-sqlite3, and ships only the pruned result', () => {
    const build = all.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)));
    expect(build, 'a stage runs npm run build').toBeDefined();
    expect(build).not.toBe(runtime);
    const runs = build!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /apt-get install\b.*\bpython3\b/.test(r) && /\bmake\b/.test(r) && /\bg\+\+/.test(r))).toBe(true);
    expect(runs.some((r) => /npm prune --omit=dev/.test(r))).toBe(true);
    // The runtime installs nothing and compiles nothing: it copies node_modules, dist and the page.
    for (const run of inRuntime('RUN')) expect(run.args).not.toMatch(/\bnpm\b|apt-get install|\bnode-gyp\b/);
    const copies = inRuntime('COPY').map((i) => i.args);
    for (const path of ['node_modules', 'dist', 'web/dist', 'package.json']) {
      expect(copies.some((c) => c.startsWith(`--from=${build!.name} `) && c.includes(`/${path} `))).toBe(true);
    }
  });

  it('runs as the non-root uid the manifests expect, and starts node dist/main.js without TypeScript tooling', () => {
    const users = inRuntime('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args;
    expect(user).toBe(`${UID}:${UID}`);
    expect(user).not.toMatch(/^(0|root)(:|$)/);
    // USER comes after the last RUN: nothing later runs as root.
    const lastRun = Math.max(...inRuntime('RUN').map((i) => i.line));
    expect(users.at(-1)!.line).toBeGreaterThan(lastRun);
    const entrypoint = inRuntime('ENTRYPOINT').at(-1) ?? inRuntime('CMD').at(-1);
    expect(JSON.parse(entrypoint!.args)).toEqual(['node', 'dist/main.js']);
    expect(dockerfile).not.toMatch(/\btsx\b|ts-node|\btsc\b/);
  });

  it('needs no writable root filesystem: the data dir is a volume owned by that user, the rest is root-owned', () => {
    const env = inRuntime('ENV').map((i) => i.args).join(' ');
    expect(env).toContain(`CREDGATE_DATA_DIR=${DATA_DIR}`);
    expect(env).toContain(`CREDGATE_PORT=${PORT}`);
    expect(env).toContain('NODE_ENV=production');
    expect(JSON.parse(inRuntime('VOLUME').at(-1)!.args)).toEqual([DATA_DIR]);
    expect(inRuntime('RUN').some((i) => i.args.includes(`install -d -o ${UID} -g ${UID} -m 0700 ${DATA_DIR}`))).toBe(true);
    for (const copy of inRuntime('COPY')) expect(copy.args).not.toMatch(/--chown|--chmod/);
    expect(inRuntime('EXPOSE').map((i) => i.args)).toEqual([String(PORT)]);
  });

  it('has a HEALTHCHECK on /healthz, and fetches nothing with ADD', () => {
    const healthcheck = inRuntime('HEALTHCHECK');
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0].args).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
    expect(healthcheck[0].args).toContain('/healthz');
    expect(JSON.parse(healthcheck[0].args.slice(healthcheck[0].args.indexOf('CMD ') + 4))[0]).toBe('node');
    expect(instructions.filter((i) => i.keyword === 'ADD')).toEqual([]);
    expect(dockerfile).not.toMatch(/^\s*ADD\s+(--\S+\s+)*https?:/im);
  });

  it('the build context leaves out the host node_modules, builds, data and git', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['**/node_modules', 'dist', 'data', '.git', 'web/dist', 'sdk/dist']) expect(ignored).toContain(entry);
  });

  it('the parser reads what it is given (the checks above can fail)', () => {
    const bad = stages(parse('FROM node:20 AS build\nADD https://example.com/x /x\nFROM node:24-bookworm-slim\nUSER root\nRUN npm ci \\\n  --omit=dev\n'));
    expect(bad.stages.map((s) => [s.image, s.name])).toEqual([['node:20', 'build'], ['node:24-bookworm-slim', undefined]]);
    expect(bad.stages[0].instructions[0]).toMatchObject({ keyword: 'ADD', args: 'https://example.com/x /x' });
    expect(bad.stages[1].instructions.map((i) => [i.keyword, i.args])).toEqual([['USER', 'root'], ['RUN', 'npm ci --omit=dev']]);
  });
});
