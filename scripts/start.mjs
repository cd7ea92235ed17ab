// `npm start`: run the server compiled to one JavaScript file with plain Node, instead of
// transpiling some three hundred TypeScript modules with tsx on every start.
//
// The bundle (server/main.ts and what it imports from server/ and contract/, packages left to
// node_modules so PGlite's and PostGIS's wasm and data files resolve as before) is cached in
// node_modules/.cache/gridatlas/ under a hash of its sources, the esbuild version and this
// checkout's path: a start after a change compiles once (about a second), later starts reuse it.
// When esbuild cannot build it, the server runs from its sources with tsx as before.
// In a cluster (GRIDATLAS_PROCESSES > 1, server/cluster.ts) the API processes run this script too;
// they take the primary's choice from GRIDATLAS_SERVER_ENTRY without hashing again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = path.join(projectRoot, 'server', 'main.ts');
const cacheDirectory = path.join(projectRoot, 'node_modules', '.cache', 'gridatlas');
/** What the bundle is built from: a change to any of these compiles it again. */
const sourceDirectories = ['server', 'contract'].map((name) => path.join(projectRoot, name));
const sourceFiles = ['package.json', 'tsconfig.json', 'scripts/start.mjs'].map((name) => path.join(projectRoot, name));

/** The path of a bundle of the current sources, compiling it if needed; 'tsx' when that fails. */
async function compiledServer() {
  try {
    // esbuild's version from its package.json: loading esbuild itself is only needed to compile
    const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'esbuild', 'package.json'), 'utf8'));
    const hash = sourceHash(version);
    const bundle = path.join(cacheDirectory, `server-${hash.slice(0, 16)}.mjs`);
    if (fs.existsSync(bundle)) return bundle;
    const started = performance.now();
    const { build } = await import('esbuild');
    fs.mkdirSync(cacheDirectory, { recursive: true });
    const { outputFiles } = await build({
      entryPoints: [serverEntry],
      outfile: bundle,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // beside the bundle, for `node --enable-source-maps`; stack traces name the bundle's lines otherwise
      sourcemap: 'linked',
      logLevel: 'silent',
      plugins: [keepModuleUrls],
    });
    // another start may be compiling the same sources: each writes files of its own, then renames (the bundle last)
    for (const file of outputFiles.sort((a, b) => b.path.length - a.path.length)) {
      const temporary = `${file.path}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, file.contents);
      fs.renameSync(temporary, file.path);
    }
    removeOldBundles();
    console.log(`[gridatlas] Server compiled in ${((performance.now() - started) / 1000).toFixed(1)} s (changed sources; ${path.relative(projectRoot, bundle)})`);
    return bundle;
  } catch (error) {
    console.log(`[gridatlas] Running the server from its TypeScript sources (tsx): the compiled server could not be built (${error?.message ?? error})`);
    return 'tsx';
  }
}

/**
 * Each module keeps its own import.meta.url: the migrations folder, the project root, the upload
 * worker's entry and swagger-ui's assets are found relative to the source files, not to the bundle.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs|js)$/ }, (arguments_) => {
      if (arguments_.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = fs.readFileSync(arguments_.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(arguments_.path).href)),
        loader: arguments_.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

function sourceHash(esbuildVersion) {
  const hash = createHash('sha256');
  hash.update(`${projectRoot}\0${process.version}\0${esbuildVersion}\0`);
  const visit = (directory) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name)) {
        hash.update(`${path.relative(projectRoot, full)}\0`);
        hash.update(fs.readFileSync(full));
      }
    }
  };
  for (const directory of sourceDirectories) visit(directory);
  for (const file of sourceFiles) if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** Keep the three newest bundles: a running cluster may still start an API process from an older one. */
function removeOldBundles() {
  const bundles = fs
    .readdirSync(cacheDirectory)
    .filter((name) => /^server-[0-9a-f]{16}\.mjs$/.test(name))
    .map((name) => ({ name, modified: fs.statSync(path.join(cacheDirectory, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const { name } of bundles.slice(3)) {
    fs.rmSync(path.join(cacheDirectory, name), { force: true });
    fs.rmSync(path.join(cacheDirectory, `${name}.map`), { force: true });
  }
}

const inherited = process.env.GRIDATLAS_SERVER_ENTRY;
const entry = inherited || (await compiledServer());
process.env.GRIDATLAS_SERVER_ENTRY = entry;
if (entry === 'tsx') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(serverEntry).href);
} else {
  await import(pathToFileURL(entry).href);
}
