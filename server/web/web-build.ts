import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webOutputDirectory = path.join(projectRoot, 'dist', 'web');
const hashFile = path.join(webOutputDirectory, '.source-hash');

/** A hash of everything the web build reads, so `npm start` rebuilds only when something changed. */
function webSourceHash(): string {
  const hash = createHash('sha256');
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else {
        hash.update(path.relative(projectRoot, full));
        hash.update(fs.readFileSync(full));
      }
    }
  };
  visit(path.join(projectRoot, 'web'));
  // the web app imports the API contract (types, the incident-points codec) from contract/
  visit(path.join(projectRoot, 'contract'));
  for (const file of ['vite.config.ts', 'package-lock.json']) {
    const full = path.join(projectRoot, file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/** Build the web app with Vite unless dist/web already holds a build of the current sources. */
export async function ensureWebBuilt(log: (message: string) => void): Promise<void> {
  const sourceHash = webSourceHash();
  if (fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === sourceHash) return;
  log('Building the web app (first start or changed sources)…');
  const started = Date.now();
  const { build } = await import('vite');
  // a production build whoever calls: under vitest NODE_ENV is `test`, which would make Vite bundle
  // React's development build (jsx-dev-runtime, twice the size) into what the e2e tests and the budget see
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(hashFile, sourceHash);
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
