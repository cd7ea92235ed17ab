import fs from 'node:fs';
import path from 'node:path';
import { benchDirectory } from './measure.ts';

/**
 * `npx tsx bench/report.ts [files…]`: the result JSON files (default: bench/results/*.json) as
 * Markdown tables, each figure beside its baseline — the tables in BENCHMARKS.md come from here.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : fs.readdirSync(path.join(benchDirectory, 'results')).filter((name) => name.endsWith('.json')).sort().map((name) => path.join(benchDirectory, 'results', name));
const runs: Json[] = files.map((file) => ({ file: path.basename(file), ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Json) }));

const yes = (met: unknown) => (met === true ? '✅' : met === false ? '❌' : '—');
const label = (run: Json) => `${run.database} ×${run.scale} (${run.data?.grids} grids, ${run.data?.households} hh, ${run.data?.incidents} inc.)`;
const lines: string[] = [];
const table = (title: string, header: string[], rows: string[][]) => {
  if (rows.length === 0) return;
  lines.push(`### ${title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`), '');
};

table('1. Resident lookup (GET /api/lookup) vs point-in-polygon SQL and a bare Hono handler', ['run', 'processes', 'API req/s', 'API p50/p99 ms', 'SQL req/s', 'SQL p50/p99 ms', 'API ÷ SQL', 'target ≥ 3 (one process)', 'bare Hono req/s', 'API ÷ bare', 'target ≥ 0.4'],
  runs.filter((run) => run.results?.lookup?.api).map((run) => {
    const r = run.results.lookup;
    return [label(run), 1, r.api.requestsPerSecond, `${r.api.latencyMilliseconds.p50} / ${r.api.latencyMilliseconds.p99}`, r.sql.requestsPerSecond,
      `${r.sql.latencyMilliseconds.p50} / ${r.sql.latencyMilliseconds.p99}`, r.ratio, yes(r.met),
      r.bareHono?.requestsPerSecond ?? 'not measured', r.ratioToBareHono ?? '—', yes(r.metBareHono)];
  }));

table('1b. Resident lookup with one API process per core (GRIDATLAS_PROCESSES, PostgreSQL) vs the SQL ceiling', ['run', 'processes', 'API req/s', 'API p50/p99 ms', 'SQL req/s', 'API ÷ SQL', 'target ≥ 3'],
  runs.filter((run) => run.results?.lookup?.cluster).map((run) => {
    const r = run.results.lookup;
    return [label(run), r.cluster.processes, r.cluster.requestsPerSecond, `${r.cluster.latencyMilliseconds.p50} / ${r.cluster.latencyMilliseconds.p99}`,
      r.sql.requestsPerSecond, r.cluster.ratio, yes(r.cluster.met)];
  }));

table('2. Grids for a viewport (GET /api/grids?bbox=) vs the same SQL', ['run', 'zoom', 'grids', 'API p50 ms', 'bytes (gzip)', 'SQL p50 ms', 'shapes-only SQL p50 ms', 'ST_AsMVT p50 ms (bytes)', 'overhead', 'target ≤ 30 %'],
  runs.filter((run) => run.results?.viewports?.zooms).flatMap((run) =>
    Object.entries(run.results.viewports.zooms as Json).map(([zoom, r]) => [label(run), zoom, r.features, r.api.milliseconds.p50, `${r.api.bytes} (${r.api.gzipBytes})`,
      r.sql.milliseconds.p50, r.bareShapesSql.milliseconds.p50, r.vectorTile.milliseconds ? `${r.vectorTile.milliseconds.p50} (${r.vectorTile.bytes})` : 'n/a (PGlite)',
      `${Math.round(r.overhead * 100)} %`, yes(r.met)])));

table('2b. Vector tiles (GET /api/tiles/{layer}/{z}/{x}/{y}.mvt) vs the same tile encoded directly', ['run', 'layer', 'zoom', 'tiles', 'API first p50/p99 ms', 'API again p50 ms', 'direct p50 ms', 'largest / mean bytes', 'first ÷ direct', 'target p50 < 50 ms, < 100 KB'],
  runs.filter((run) => run.results?.tiles?.rows).flatMap((run) =>
    (run.results.tiles.rows as Json[]).map((r) => [label(run), r.layer, r.z, r.tiles, `${r.api.coldMilliseconds.p50} / ${r.api.coldMilliseconds.p99}`,
      r.api.warmMilliseconds.p50, r.direct.milliseconds.p50, `${r.api.largestBytes} / ${r.api.meanBytes}`, r.ratio, yes(r.met)])));

table('3. Split of a grid (POST /api/grid-edits/split/preview) vs ST_Split', ['run', 'households', 'moved', 'API p50 ms', 'committed ms', 'ST_Split p50 ms', '+ recount p50 ms', 'API ÷ ST_Split', 'API ÷ (split+recount)', 'target ≤ 2'],
  runs.filter((run) => run.results?.split?.api).map((run) => {
    const r = run.results.split;
    return [label(run), r.grid.households, r.grid.householdsMoved, r.api.milliseconds.p50, r.committed.milliseconds, r.sql.milliseconds.p50,
      r.sqlWithRecount.milliseconds.p50, r.ratio, r.ratioToRecount, yes(r.met)];
  }));

table('4. Incident ingestion (POST /api/incidents/batch) vs multi-row INSERT', ['run', 'incidents', 'API incidents/s', 'duplicate search after the last answer, s', 'API incidents/s counting it', 'INSERT incidents/s', 'API ÷ INSERT', 'target ≥ 0.5'],
  runs.filter((run) => run.results?.ingestion?.api).map((run) => {
    const r = run.results.ingestion;
    return [label(run), r.api.incidents, r.api.incidentsPerSecond, r.api.afterCommitSeconds ?? '—', r.api.incidentsPerSecondWithAfterCommit ?? '—', r.sql.incidentsPerSecond, r.ratio, yes(r.met)];
  }));

table('5. Live fan-out (GET /api/stream, 10 events/s)', ['run', 'subscribers', 'connected', 'delivered / expected', 'p50 ms', 'p99 ms', 'max ms', 'server RSS before → connected MB', 'heap KB / subscriber', 'target p99 < 250'],
  runs.filter((run) => run.results?.fanout?.runs).flatMap((run) =>
    (run.results.fanout.runs as Json[]).map((r) => [label(run), r.subscribers, r.connected, `${r.delivered} / ${r.expected}`, r.latencyMilliseconds.p50,
      r.latencyMilliseconds.p99, r.latencyMilliseconds.max, `${r.serverMemory.rssBeforeMegabytes} → ${r.serverMemory.rssConnectedMegabytes}`,
      r.serverMemory.heapPerSubscriberKilobytes, yes(r.met)])));

table('6. Heatmap points (GET /api/analytics/incident-points)', ['run', 'points', 'bytes/point', 'gzip-1 bytes', 'API p50 ms', 'SQL p50 ms', 'API ÷ SQL', 'target ≤ 12 B, < 1 s'],
  runs.filter((run) => run.results?.heatmap?.api).map((run) => {
    const r = run.results.heatmap;
    return [label(run), r.points, r.api.bytesPerPoint, r.api.gzipLevel1Bytes, r.api.milliseconds.p50, r.sql.milliseconds.p50, r.ratio, yes(r.met)];
  }));

table('7. Cold start (npm start --no-build)', ['run', 'empty → ready s', 'demo loaded', 'existing → ready s', 'floor s (node; node+tsx before the compiled server)', 'existing ÷ floor'],
  runs.filter((run) => run.results?.coldstart?.emptySeconds !== undefined).map((run) => {
    const r = run.results.coldstart;
    return [label(run), r.emptySeconds, r.demoLoadedOnEmpty ? 'yes' : 'no', r.existingSeconds, r.baseline.nodeSeconds ?? r.baseline.nodeAndTsxSeconds, r.ratioExistingToFloor];
  }));

const errors = runs.flatMap((run) => Object.entries((run.results ?? {}) as Json).filter(([, value]) => value?.error).map(([section, value]) => `- ${run.file} ${section}: ${String(value.error).split('\n')[0]}`));
if (errors.length > 0) lines.push('### Errors', '', ...errors, '');
lines.push('Runs: ' + runs.map((run) => `${run.file} (load average at start ${run.machine?.loadAverage?.join(' / ')})`).join('; '));
process.stdout.write(`${lines.join('\n')}\n`);
