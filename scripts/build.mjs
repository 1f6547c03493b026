// npm run build: compiles the gateway to JavaScript for `node dist/main.js` (no TypeScript
// compiler or tsx at run time). Plain JavaScript so that it needs nothing but node and the dev
// dependencies.
//
//   node scripts/build.mjs [--out-dir <dir>] [--skip-web] [--no-check]
//
// The build type-checks (a tree with type errors does not become an image). --no-check emits
// without checking (tsc --noCheck; the output is the same, since every file compiles on its own
// under isolatedModules): the build test uses it, as `npm run typecheck` checks types.
//
// --out-dir puts the gateway somewhere other than dist/ (the build test builds into a directory of
// its own so that it never races a build of dist/); it must sit directly in the repository, like
// dist/, because the compiled code finds node_modules/ and web/ relative to itself.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' }, 'skip-web': { type: 'boolean', default: false }, 'no-check': { type: 'boolean', default: false } } });
const outDir = resolve(root, values['out-dir']);
if (dirname(outDir) !== root || outDir === root) {
  console.error(`build: --out-dir must be a directory directly inside ${root}, got ${values['out-dir']}`);
  process.exit(2);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${[command, ...args].join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

// A stale file from a deleted module must not survive into the image.
rmSync(outDir, { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir, ...(values['no-check'] ? ['--noCheck'] : [])]);
// drizzle's migrator reads the SQL files and meta/_journal.json beside the compiled db code.
cpSync(join(root, 'src/db/migrations'), join(outDir, 'db/migrations'), { recursive: true });
console.log(`build: gateway compiled to ${relative(root, outDir)}/ (start: node ${relative(root, outDir)}/main.js)`);

const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
if (!values['skip-web'] && existsSync(join(root, 'web')) && scripts['build:web']) {
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web']);
}
