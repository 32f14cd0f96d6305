import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const nhsuk = fileURLToPath(new URL('../../node_modules/nhsuk-frontend/dist/nhsuk', import.meta.url));

/**
 * The code of the pages early-reads.ts starts (a footprint's overview and heatmap), as the modules
 * their routes load (routes.tsx's React.lazy, and prefetch.ts): named here, since only the build
 * knows their hashed files.
 */
const PAGE_MODULES: Record<string, readonly string[]> = {
  overview: ['src/features/footprints/FootprintLayout.tsx', 'src/features/overview/OverviewPage.tsx', 'src/charts/echarts-setup.ts'],
  relationships: ['src/features/footprints/FootprintLayout.tsx', 'src/features/relationships/RelationshipsPage.tsx', 'src/charts/echarts-setup.ts'],
};

type Bundle = Parameters<NonNullable<Extract<Plugin['generateBundle'], (...args: never[]) => unknown>>>[1];
type Chunk = Extract<Bundle[string], { type: 'chunk' }>;

/**
 * Each page of PAGE_MODULES: the files of its code the entry does not already load (its chunks and
 * the chunks they import, then their stylesheets), in the order found.
 */
function pageCode(bundle: Bundle, root: string): Record<string, string[]> {
  const chunks = Object.values(bundle).filter((file): file is Chunk => file.type === 'chunk');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const closure = (files: readonly string[], into = new Set<string>()) => {
    const visit = (file: string) => {
      if (into.has(file)) return;
      into.add(file);
      byFile.get(file)?.imports.forEach(visit);
    };
    files.forEach(visit);
    return into;
  };
  const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === 'index');
  const loaded = closure(entry ? [entry.fileName] : []);
  return Object.fromEntries(
    Object.entries(PAGE_MODULES).map(([page, modules]) => {
      const own = modules.map((module) => {
        const id = fileURLToPath(new URL(module, root));
        const chunk = chunks.find((c) => c.moduleIds.includes(id));
        if (!chunk) throw new Error(`pp-early-reads: no chunk holds ${module} (PAGE_MODULES in vite.config.mts)`);
        return chunk.fileName;
      });
      const files = [...closure(own)].filter((file) => !loaded.has(file));
      const css = files.flatMap((file) => [...((byFile.get(file) as { viteMetadata?: { importedCss: Set<string> } } | undefined)?.viteMetadata?.importedCss ?? [])]);
      return [page, [...files, ...css].map((file) => `/${file}`)];
    }),
  );
}

/**
 * src/early-reads.ts as an entry of its own, first in index.html's head and `async`, so it runs as
 * soon as it has arrived: before the document's stylesheet is in and the entry has downloaded and
 * compiled (a second script written in index.html would be bundled into the entry instead). At the
 * end of the head, the files of each footprint page's code (pageCode) as JSON, which early-reads.ts
 * preloads for the page opened (the short document is parsed long before the script arrives): in
 * index.html, which is never cached, so they always name the current build.
 */
function earlyReads(): Plugin {
  const root = new URL('.', import.meta.url);
  return {
    name: 'pp-early-reads',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((file) => file.type === 'chunk' && file.isEntry && file.name === 'early-reads');
        if (!chunk || !bundle) return [];
        return [
          { tag: 'script', attrs: { type: 'application/json', id: 'pp-page-code' }, children: JSON.stringify(pageCode(bundle, root.href)), injectTo: 'head' },
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` }, injectTo: 'head-prepend' },
        ];
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
