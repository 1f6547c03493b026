import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

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
 */
export default async function buildPage(): Promise<void> {
  const index = join(root, 'web', 'dist', 'index.html');
  const sources = Math.max(newestChange(join(root, 'web')), newestChange(join(root, 'sdk', 'src')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
}
