import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const nhsuk = fileURLToPath(new URL('../../node_modules/nhsuk-frontend/dist/nhsuk', import.meta.url));

/**
 * src/early-reads.ts as an entry of its own, first in index.html's head and `async`, so it runs as
 * soon as it has arrived: before the document's stylesheet is in and the entry has downloaded and
 * compiled (a second script written in index.html would be bundled into the entry instead).
 */
function earlyReads(): Plugin {
  return {
    name: 'pp-early-reads',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((file) => file.type === 'chunk' && file.isEntry && file.name === 'early-reads');
        return chunk ? [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` }, injectTo: 'head-prepend' }] : [];
      },
    },
  };
}

/**
 * The web app's build: hashed files under dist/web/assets, which the API serves with a year's cache.
 * JSX is compiled by Vite's own Oxc transform (React's automatic runtime); @vitejs/plugin-react is
 * not used, as its peer dependencies do not resolve with npm 11 here, and it only adds Fast Refresh.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [earlyReads()],
  resolve: { alias: { '@nhsuk': nhsuk } },
  css: { preprocessorOptions: { scss: { quietDeps: true, loadPaths: [fileURLToPath(new URL('../../node_modules', import.meta.url))] } } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), 'early-reads': fileURLToPath(new URL('src/early-reads.ts', import.meta.url)) },
      checks: { pluginTimings: false },
      // TanStack Query marks its hooks "use client" for server components, which a browser bundle has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `npm run web:dev`: the API at :3000 answers the client's calls.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
