import fs from 'node:fs';
import path from 'node:path';

/**
 * The real open data used by import tests (San Francisco 311 sample and neighbourhoods; see its
 * SOURCES.md) is not in the repository. It is looked for in GRIDATLAS_REAL_DATA, beside the
 * checkout (../shared/data/real) and in this workplace's shared folder, so a clone anywhere on the
 * machine finds it; a machine without it fails with a message saying where to put it.
 */
export function realDataFolder(): string {
  const candidates = [
    process.env.GRIDATLAS_REAL_DATA,
    path.resolve(import.meta.dirname, '../../../shared/data/real'),
    '/work/shared/data/real',
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'sf311')));
  if (!found) throw new Error(`real open data not found (looked in ${candidates.join(', ')}); set GRIDATLAS_REAL_DATA to the folder holding sf311/`);
  return found;
}
