import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the Credentials page (web/ → web/dist) unless the build is newer than every source of
 * the page and of the SDK it bundles. Vitest runs it once before the test files (vitest.config.ts).
 * The build runs as `npm run build:web` does, in its own process: under vitest's NODE_ENV=test
 * Vite would bundle React's development build.
 */
export default function buildPage(): void {
  const index = join(root, 'web', 'dist', 'index.html');
  const sources = Math.max(newestChange(join(root, 'web')), newestChange(join(root, 'sdk', 'src')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
