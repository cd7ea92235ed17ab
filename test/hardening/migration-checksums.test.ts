import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDirectory } from '../../server/db/migrate.ts';
import { projectRoot } from '../../server/web/web-build.ts';

/**
 * Migrations 0009 and 0012 were once edited after they had been applied, so databases migrated
 * before and after disagreed silently. data/migration-checksums.txt holds the SHA-256 of each
 * applied migration; this fails when one of them changes. Files the list does not name (new
 * migrations, not yet shipped) are not checked.
 */
function checksumList(): Map<string, string> {
  const text = fs.readFileSync(path.join(projectRoot, 'data', 'migration-checksums.txt'), 'utf8');
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [hash, name] = line.trim().split(/\s+/);
    entries.set(name!, hash!);
  }
  return entries;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('applied migrations never change', () => {
  it('lists 0001 to 0014 at least', () => {
    const names = [...checksumList().keys()];
    for (let number = 1; number <= 14; number++) {
      expect(names.some((name) => name.startsWith(`${String(number).padStart(4, '0')}_`)), String(number)).toBe(true);
    }
  });

  it('finds every listed migration unchanged', () => {
    const changed: string[] = [];
    for (const [name, hash] of checksumList()) {
      const file = path.join(defaultMigrationsDirectory, name);
      if (!fs.existsSync(file)) changed.push(`${name}: removed`);
      else if (sha256(file) !== hash) changed.push(`${name}: edited after it was applied — write a new migration instead`);
    }
    expect(changed).toEqual([]);
  });

  it('would notice an edit', () => {
    const [name, hash] = [...checksumList()][0]!;
    const edited = createHash('sha256').update(Buffer.concat([fs.readFileSync(path.join(defaultMigrationsDirectory, name)), Buffer.from('\n-- edited\n')])).digest('hex');
    expect(edited).not.toBe(hash);
  });
});
