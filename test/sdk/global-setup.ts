import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds `@credgate/sdk` (dist/ is not committed) so the consumer project and the README examples
 * compile against the package exactly as another service would get it.
 */
export default function buildSdk(): void {
  // `npm install` creates the workspace link; recreate it if node_modules was restored without it.
  const link = join(root, 'node_modules', '@credgate', 'sdk');
  if (!existsSync(link) && !isSymlink(link)) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join('..', '..', 'sdk'), link, 'dir');
  }
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'sdk', 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
