import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresTemplateDatabaseName, withDatabaseName } from '../support/database-templates.ts';
import { databaseMode } from '../support/test-database.ts';

/**
 * The benchmark harness (`npm run bench`) still runs: every section on tiny loads (--quick), on
 * the same database kind as the rest of the suite — a fresh data folder on embedded PGlite, a
 * fresh database of its own on PostgreSQL (DATABASE_URL). It checks the shape of the results,
 * never a timing: the figures are only meaningful as ratios on a quiet machine (BENCHMARKS.md).
 * It took 23 s on PostgreSQL and 3.7–4.4 minutes on PGlite on the shared 2-core machine (load average 15–20): hence the timeout.
 */
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-bench-smoke-'));
const databaseUrl = process.env.DATABASE_URL
  ? withDatabaseName(process.env.DATABASE_URL, `gridatlas_benchsmoke_${randomBytes(4).toString('hex')}`)
  : undefined;

// start from the suite's demo template (a copy, as every database test does) instead of loading the demo again
beforeAll(async () => {
  if (databaseUrl) {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${new URL(databaseUrl).pathname.slice(1)} template ${postgresTemplateDatabaseName('demo')}`);
    } finally {
      await admin.end();
    }
  } else {
    // the embedded template is a tar of a PGlite data folder
    fs.mkdirSync(path.join(workDirectory, 'db'), { recursive: true });
    const untar = spawnSync('tar', ['xf', inject('embeddedDumps').demo, '-C', path.join(workDirectory, 'db')], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  }
});

afterAll(async () => {
  fs.rmSync(workDirectory, { recursive: true, force: true });
  if (databaseUrl) {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    } finally {
      await admin.end();
    }
  }
});

describe(`npm run bench on tiny loads (${databaseMode})`, () => {
  it('measures every section beside its baseline and writes the JSON', { timeout: 420_000 }, () => {
    const resultsDirectory = path.join(workDirectory, 'results');
    const run = spawnSync(
      process.execPath,
      [
        // --quick alone measures lookup, tiles and heatmap; the smoke test wants every section on tiny loads
        '--import', 'tsx', 'bench/run.ts', '--quick', '--only', 'lookup,viewports,tiles,split,ingestion,fanout,heatmap,coldstart',
        ...(databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', path.join(workDirectory, 'db')]),
        '--results-dir', resultsDirectory,
      ],
      { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 410_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr.slice(-4000)}`).toBe(0);
    const files = fs.readdirSync(resultsDirectory).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(1);
    const results = JSON.parse(fs.readFileSync(path.join(resultsDirectory, files[0]!), 'utf8'));
    expect(results.database).toBe(databaseUrl ? 'postgres' : 'pglite');
    expect(results.data.grids).toBeGreaterThan(0);
    const sections = results.results;
    for (const name of ['lookup', 'viewports', 'tiles', 'split', 'ingestion', 'fanout', 'heatmap', 'coldstart']) {
      expect(sections[name], name).toBeDefined();
      expect(sections[name].error, `${name}: ${sections[name].error}`).toBeUndefined();
    }
    // each figure has its baseline beside it
    expect(sections.lookup.api.requestsPerSecond).toBeGreaterThan(0);
    expect(sections.lookup.sql.requestsPerSecond).toBeGreaterThan(0);
    expect(sections.lookup.api.non2xx).toBe(0);
    expect(sections.lookup.bareHono.requestsPerSecond).toBeGreaterThan(0);
    if (databaseUrl) expect(sections.lookup.cluster.processes).toBeGreaterThan(1);
    expect(sections.tiles.rows.length).toBe(4);
    expect(sections.tiles.rows.every((row: { api: { largestBytes: number } }) => row.api.largestBytes >= 0)).toBe(true);
    expect(Object.keys(sections.viewports.zooms)).toEqual(['city', 'district', 'street']);
    expect(sections.viewports.zooms.city.features).toBeGreaterThan(0);
    expect(sections.split.committed.status).toBe(200);
    expect(sections.split.sql.milliseconds.count).toBeGreaterThan(0);
    expect(sections.ingestion.api.incidents).toBe(sections.ingestion.sql.incidents);
    expect(sections.fanout.runs[0].delivered).toBe(sections.fanout.runs[0].expected);
    expect(sections.heatmap.api.bytesPerPoint).toBeLessThanOrEqual(12);
    expect(sections.coldstart.existingSeconds).toBeGreaterThan(0);
  });
});
