import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The entry (src/boot.ts) is small and loads the rest of the page (src/main.tsx: React and the
 * table) with a dynamic import. Vite preloads a dynamic import's chunks only when it runs; these
 * <link rel="modulepreload"> tags have the browser fetch them with the HTML instead.
 */
function preloadTheApp(): Plugin {
  return {
    name: 'credgate:preload-the-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
        if (!entry || entry.type !== 'chunk') return [];
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || files.has(fileName) || fileName === entry.fileName || entry.imports.includes(fileName)) return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        for (const fileName of entry.dynamicImports) {
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk' && chunk.facadeModuleId?.endsWith('/src/main.tsx')) visit(fileName);
        }
        return [...files].map((fileName): HtmlTagDescriptor => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${fileName}` }, injectTo: 'head' }));
      },
    },
  };
}

/**
 * Brotli and gzip copies of every text file next to it (`<name>.br`, `<name>.gz`), made once at
 * build time; the gateway sends one when the browser accepts it (src/http/web-page.ts).
 */
function precompress(outDir: string): Plugin {
  const TEXT = new Set(['.html', '.js', '.css', '.svg', '.json']);
  return {
    name: 'credgate:precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
      for (const file of walk(outDir).filter((path) => TEXT.has(extname(path)))) {
        const content = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/**
 * The Credentials page. It is served by the gateway itself from web/dist (src/http/web-page.ts),
 * so the build is self-contained: no CDN, nothing fetched at run time, no inline scripts or
 * styles (the page's Content-Security-Policy allows only 'self').
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), preloadTheApp(), precompress(here('dist'))],
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
