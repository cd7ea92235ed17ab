import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { ensureDemoAccounts } from '../../server/accounts/bootstrap-accounts.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { sealPersonalData } from '../../server/personal-data/seal-personal-data.ts';
import { migrate } from '../../server/db/migrate.ts';
import { loadDemoZone } from '../../server/demo/load-demo-zone.ts';
import {
  demoTestClock,
  demoTestSeed,
  testDataKey,
  embeddedTemplateCachePath,
  postgresTemplateDatabaseName,
  withDatabaseName,
  type TemplateName,
} from './database-templates.ts';

/**
 * Build the `migrated` and `demo` templates once per run: as PGlite data-dir dumps (embedded) or
 * as template databases on the server named by DATABASE_URL. Each test file then starts from a
 * private copy, so no test sees another's writes.
 */
export default async function globalSetup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const embeddedDumps: Record<TemplateName, string> = { migrated: '', demo: '' };
  for (const template of ['migrated', 'demo'] as TemplateName[]) {
    const started = Date.now();
    if (databaseUrl) await buildPostgresTemplate(databaseUrl, template);
    else embeddedDumps[template] = await buildEmbeddedTemplate(template);
    console.log(`[test setup] ${template} template ready (${((Date.now() - started) / 1000).toFixed(1)} s, ${databaseUrl ? 'postgres' : 'embedded'})`);
  }
  // the paths are fixed here: recomputing them in a test file could disagree if sources change mid-run
  project.provide('embeddedDumps', embeddedDumps);
}

async function fillTemplate(sql: postgres.Sql, template: TemplateName): Promise<void> {
  await migrate(sql);
  if (template === 'demo') {
    await loadDemoZone(sql, { seed: demoTestSeed, now: demoTestClock, dataKey: testDataKey });
    await ensureDemoAccounts(sql);
    await sealPersonalData(sql, testDataKey);
  }
}

async function buildEmbeddedTemplate(template: TemplateName): Promise<string> {
  const cachePath = embeddedTemplateCachePath(template);
  if (fs.existsSync(cachePath)) return cachePath;
  fs.mkdirSync(path.dirname(cachePath), { recursive: true });
  const temporaryDirectory = fs.mkdtempSync(path.join(path.dirname(cachePath), 'build-'));
  const database = await openDatabase({ dataDirectory: path.join(temporaryDirectory, 'db') });
  try {
    await fillTemplate(database.sql, template);
    await database.sql`checkpoint`;
    const dump = await database.embedded!.pglite.dumpDataDir('none');
    fs.writeFileSync(`${cachePath}.partial`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${cachePath}.partial`, cachePath);
  } finally {
    await database.close();
    fs.rmSync(temporaryDirectory, { recursive: true, force: true });
  }
  return cachePath;
}

async function buildPostgresTemplate(databaseUrl: string, template: TemplateName): Promise<void> {
  const name = postgresTemplateDatabaseName(template);
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`update pg_database set datistemplate = false where datname = '${name}'`).catch(() => {});
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabaseName(databaseUrl, name) });
  try {
    await fillTemplate(database.sql, template);
  } finally {
    await database.close();
  }
}
