import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureWebBuilt, webOutputDirectory } from '../../server/web/web-build.ts';

/**
 * What a resident's phone downloads before #/resident is usable: the entry chunk, the resident
 * page's chunk and every chunk they import statically (lazy imports — the map picker, the staff
 * header, other views — load later or never). Read from the build's manifest, with the list of
 * modules in each chunk that vite.config.ts writes beside it.
 */

/** The budget of the issue: 350 KB of gzip-compressed JavaScript. */
const residentBudgetBytes = 350 * 1024;

/** Code a resident never needs: staff screens and the heavy libraries behind them. */
const staffOnly = [
  /^web\/src\/(planner|plans|assignment|import|command-centre|desk|audit|worker|dashboard)\//,
  /^node_modules\/(terra-draw|terra-draw-maplibre-gl-adapter|echarts|zrender|@deck\.gl|@luma\.gl)\//,
  // the resident map picker loads maplibre when it opens, not before the page is usable
  /^node_modules\/maplibre-gl\//,
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

let manifest: Record<string, ManifestChunk>;
let chunkModules: Record<string, string[]>;

beforeAll(async () => {
  // builds only when the web sources changed since the last build (the e2e harness does the same)
  await ensureWebBuilt(() => undefined);
  manifest = JSON.parse(fs.readFileSync(path.join(webOutputDirectory, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  chunkModules = JSON.parse(fs.readFileSync(path.join(webOutputDirectory, '.vite/chunk-modules.json'), 'utf8')) as Record<string, string[]>;
}, 300_000);

/** The manifest keys of the chunks loaded with `keys`, following static imports only. */
function staticClosure(keys: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...keys];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    pending.push(...(manifest[key]?.imports ?? []));
  }
  return [...seen];
}

function residentChunks(): string[] {
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  const resident = Object.keys(manifest).find((key) => key.endsWith('src/resident/resident-page.tsx'));
  expect(entry).toBeDefined();
  expect(resident).toBeDefined();
  return staticClosure([entry!, resident!]).map((key) => manifest[key]!.file);
}

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(webOutputDirectory, file)), { level: 9 }).length;

describe('the resident route on a phone', () => {
  test(`downloads at most ${residentBudgetBytes / 1024} KB of gzip JavaScript before it is usable`, () => {
    const files = residentChunks().filter((file) => file.endsWith('.js'));
    const sizes = files.map((file) => ({ file, gzip: gzipSize(file) })).sort((a, b) => b.gzip - a.gzip);
    const total = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
    console.log(`[bundle] #/resident: ${files.length} chunks, ${(total / 1024).toFixed(1)} KB gzip; largest ${sizes.slice(0, 3).map((entry) => `${entry.file} ${(entry.gzip / 1024).toFixed(1)} KB`).join(', ')}`);
    expect(files.length).toBeGreaterThan(1);
    expect(total).toBeLessThanOrEqual(residentBudgetBytes);
  });

  test('loads none of the planner, terra-draw, assignment, import, ECharts, deck.gl or maplibre', () => {
    const chunks = residentChunks();
    const modules = chunks.flatMap((file) => chunkModules[file] ?? []);
    expect(modules.length).toBeGreaterThan(50);
    expect(modules.some((id) => id.startsWith('web/src/resident/'))).toBe(true);
    // maplibre's stylesheet stays in the entry on purpose (main.tsx: the app's map rules must come after it); only code counts here
    const staffModules = modules.filter((id) => !id.endsWith('.css') && staffOnly.some((pattern) => pattern.test(id)));
    expect(staffModules, staffModules.join(", ")).toEqual([]);
  });

  test('the staff screens and heavy libraries are still in the build, each behind a lazy import', () => {
    const all = Object.values(chunkModules).flat();
    for (const marker of ['web/src/planner/planner-editor.tsx', 'web/src/import/import-wizard.tsx', 'web/src/assignment/assignment-panel.tsx']) expect(all).toContain(marker);
    expect(all.some((id) => id.startsWith('node_modules/echarts/'))).toBe(true);
    expect(all.some((id) => id.startsWith('node_modules/terra-draw/'))).toBe(true);
  });
});

describe('the build for the static server', () => {
  test('every large text asset has a brotli and a gzip twin', () => {
    const assets = fs.readdirSync(path.join(webOutputDirectory, 'assets')).filter((name) => /\.(js|css)$/.test(name));
    expect(assets.length).toBeGreaterThan(10);
    for (const name of assets) {
      const full = path.join(webOutputDirectory, 'assets', name);
      if (fs.statSync(full).size < 1024) continue;
      expect(fs.existsSync(`${full}.br`), `${name}.br`).toBe(true);
      expect(fs.existsSync(`${full}.gz`), `${name}.gz`).toBe(true);
    }
  });
});

describe('the static server', () => {
  const request = async (url: string, acceptEncoding?: string) => {
    const { Hono } = await import('hono');
    const { serveWebApp } = await import('../../server/web/static-web.ts');
    const app = new Hono();
    serveWebApp(app as never);
    return app.request(url, acceptEncoding ? { headers: { 'Accept-Encoding': acceptEncoding } } : {});
  };
  const entryFile = () => Object.values(manifest).find((chunk) => chunk.isEntry)!.file;

  test('serves a hashed asset brotli-compressed, immutable for a year', async () => {
    const response = await request(`/${entryFile()}`, 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    expect(response.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    const plain = fs.readFileSync(path.join(webOutputDirectory, entryFile()));
    expect(zlib.brotliDecompressSync(Buffer.from(await response.arrayBuffer())).equals(plain)).toBe(true);
  });

  test('gzip for a client without brotli, the plain file for one without either', async () => {
    const gzip = await request(`/${entryFile()}`, 'gzip');
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip');
    const plain = await request(`/${entryFile()}`);
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(fs.readFileSync(path.join(webOutputDirectory, entryFile())))).toBe(true);
  });

  test('index.html for client routes, revalidated every time; build internals are not served', async () => {
    const page = await request('/resident/track', 'gzip');
    expect(page.headers.get('Cache-Control')).toBe('no-cache');
    // index.html is under 1 KB, so the build leaves it uncompressed
    const body = Buffer.from(await page.arrayBuffer());
    expect((page.headers.get('Content-Encoding') === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8')).toContain('<div id="root">');
    const manifestAnswer = await request('/.vite/manifest.json');
    expect(manifestAnswer.headers.get('Content-Type')).toMatch(/^text\/html/);
  });
});
