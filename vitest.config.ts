import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS (main) and ESM (module) builds; Node and every library load the CJS one, so
  // the project's own modules must too, or a schema from one copy meets functions of the other.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/sdk-consumer/**', 'node_modules/**'],
    globalSetup: ['test/sdk/global-setup.ts', 'test/web/build-page.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
