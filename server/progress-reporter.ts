import type { DemoProgress } from './demo/load-demo-zone.ts';

/**
 * Long work reports progress. On a terminal the bar redraws in place; in a log (CI, systemd)
 * it prints a line per phase and per 10 %, so the log stays readable.
 */
export function progressReporter(log: (message: string) => void): (progress: DemoProgress) => void {
  const interactive = Boolean(process.stderr.isTTY);
  let lastPhase = '';
  let lastTenth = -1;
  return ({ phase, done, total }) => {
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    if (interactive) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${describeProgress(phase, done, total)}   `);
      if (fraction >= 1) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (phase !== lastPhase || tenth !== lastTenth) {
      if (phase !== lastPhase || tenth === 10 || tenth % 5 === 0) log(`  ${describeProgress(phase, done, total)}`);
      lastPhase = phase;
      lastTenth = tenth;
    }
  };
}

const integer = new Intl.NumberFormat('en');

/**
 * One progress line a person can read: "双凤经济开发区: households … 12 % (2,742 of 179,796 rows)"
 * rather than "households: 2742/179796", which read as 2,742 of 179,796 households.
 */
export function describeProgress(phase: string, done: number, total: number): string {
  if (phase === 'done') return `done: ${integer.format(done)} rows`;
  const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
  return `${phase} … ${percent} % (${integer.format(done)} of ${integer.format(total)} rows)`;
}

const summaryLabels: [key: string, one: string, many: string][] = [
  ['streets', 'street office', 'street offices'], ['communities', 'community', 'communities'], ['grids', 'grid', 'grids'],
  ['vacancies', 'vacant grid', 'vacant grids'], ['workers', 'grid worker (incl. former)', 'grid workers (incl. former)'],
  ['buildings', 'building', 'buildings'], ['households', 'household', 'households'], ['incidents', 'incident', 'incidents'],
  ['incidentEvents', 'incident event', 'incident events'], ['riskSources', 'risk source', 'risk sources'],
  ['basemapFeatures', 'basemap feature', 'basemap features'],
];

/** The demo loader's summary as one sentence: "1 street office, 3 communities, 57 grids … in 35.5 s". */
export function describeDemoSummary(summary: Record<string, number>): string {
  const parts = summaryLabels
    .filter(([key]) => summary[key] !== undefined)
    .map(([key, one, many]) => `${integer.format(summary[key]!)} ${summary[key] === 1 ? one : many}`);
  return `${parts.join(', ')} in ${((summary.milliseconds ?? 0) / 1000).toFixed(1)} s`;
}
