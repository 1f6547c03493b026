// Runs every benchmark scenario (test/bench/*.bench.ts) one after another, each in
// its own process so that one scenario's heap and timers never colour the next.
// `npm run bench -- <substring>` runs only the scenarios whose file name matches.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const scenarios = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

let failed = 0;
for (const file of scenarios) {
  console.log(`\n=== ${file}  (rerun: npm run bench -- ${file.replace('.bench.ts', '')})`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
if (scenarios.length === 0) console.log('no benchmark matched', filters.join(' '));
process.exit(failed === 0 ? 0 : 1);
