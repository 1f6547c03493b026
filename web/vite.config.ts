import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The Credentials page. It is served by the gateway itself from web/dist (src/http/web-page.ts),
 * so the build is self-contained: no CDN, nothing fetched at run time, no inline scripts or
 * styles (the page's Content-Security-Policy allows only 'self').
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    // The SDK from its sources: its dist/ is a build product of the Node package, not committed.
    alias: { '@credgate/sdk': here('../sdk/src/index.ts') },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No data: URIs in the CSS or the bundle: every asset is a file under /assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npx vite web` during development: the API of a gateway on its default port.
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/export': 'http://127.0.0.1:4000' },
  },
});
