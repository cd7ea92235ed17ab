import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const outDir = path.resolve(import.meta.dirname, 'dist/web');

/**
 * Which source modules went into which chunk, written to dist/web/.vite/chunk-modules.json. The
 * bundle-budget test (test/web/bundle-budget.test.ts) reads it beside Vite's manifest to prove what
 * a phone downloads for #/resident: the manifest says which chunks, this says what is in them.
 */
function chunkModules(): Plugin {
  return {
    name: 'gridatlas-chunk-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      const root = path.resolve(import.meta.dirname);
      const modules: Record<string, string[]> = {};
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        modules[output.fileName] = output.moduleIds.map((id) => path.relative(root, id.replace(/^\0/, '').replace(/\?.*$/, '')).split(path.sep).join('/'));
      }
      this.emitFile({ type: 'asset', fileName: '.vite/chunk-modules.json', source: JSON.stringify(modules, null, 1) });
    },
  };
}

/**
 * Brotli and gzip twins of every text file of the build (`x.js.br`, `x.js.gz`), made once here so
 * the server (server/web/static-web.ts) answers compressed without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'gridatlas-precompress',
    apply: 'build',
    closeBundle() {
      const visit = (directory: string): string[] =>
        fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(directory, entry.name);
          return entry.isDirectory() ? (entry.name === '.vite' ? [] : visit(full)) : [full];
        });
      for (const file of visit(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
        const content = fs.readFileSync(file);
        if (content.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
      }
    },
  };
}

// The web app lives in web/ and builds to dist/web, which the API server serves on its own origin.
export default defineConfig({
  root: 'web',
  plugins: [react(), chunkModules(), precompress()],
  build: { outDir, emptyOutDir: true, manifest: true },
  server: {
    port: 5173,
    // keep the browser's Host so the API's same-origin check on sign-in accepts the dev server
    proxy: { '/api': { target: `http://127.0.0.1:${process.env.PORT ?? 8080}`, changeOrigin: false } },
  },
});
