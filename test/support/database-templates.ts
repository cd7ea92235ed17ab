import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataKey } from '../../server/personal-data/data-key.ts';
import { projectRoot } from '../../server/web/web-build.ts';

/**
 * Two prepared databases every database test starts from: `migrated` (schema only) and `demo`
 * (schema + the demo zone with a fixed seed and clock). Built once per run in global setup.
 */
export type TemplateName = 'migrated' | 'demo';

export const demoTestClock = new Date('2026-06-15T10:00:00+08:00');
export const demoTestSeed = 20260615;

/** A fixed key so ID numbers sealed in the demo template open in every test file. */
export const testDataKey = DataKey.fromSecret(Buffer.alloc(32, 7));

/** Embedded dumps are cached between runs, keyed by everything that shapes their contents. */
export function embeddedTemplateCachePath(template: TemplateName): string {
  const hash = createHash('sha256');
  const inputs = [
    path.join(projectRoot, 'data', 'migrations'),
    path.join(projectRoot, 'server', 'demo'),
    path.join(projectRoot, 'server', 'personal-data'),
    path.join(projectRoot, 'server', 'accounts', 'bootstrap-accounts.ts'),
  ];
  const visit = (target: string) => {
    if (!fs.existsSync(target)) return;
    if (fs.statSync(target).isDirectory()) {
      for (const name of fs.readdirSync(target).sort()) visit(path.join(target, name));
    } else {
      hash.update(path.relative(projectRoot, target));
      hash.update(fs.readFileSync(target));
    }
  };
  inputs.forEach(visit);
  hash.update(fs.readFileSync(path.join(projectRoot, 'package-lock.json')));
  hash.update(String(demoTestSeed) + demoTestClock.toISOString() + template);
  return path.join(projectRoot, 'node_modules', '.cache', 'gridatlas-test', `${template}-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * Named per checkout, so two working copies (or a CI clone beside a developer's) testing against
 * the same PostgreSQL at once do not rebuild each other's templates mid-run.
 */
export function postgresTemplateDatabaseName(template: TemplateName): string {
  const checkout = createHash('sha256').update(projectRoot).digest('hex').slice(0, 8);
  return `gridatlas_template_${template}_${checkout}`;
}

/** Replace the database name in a connection URL. */
export function withDatabaseName(databaseUrl: string, databaseName: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}
