import type { DemoProgress, TableProgress } from './demo/load-demo-zone.ts';

export interface ReporterOptions {
  /** Redraw one line in place (a terminal) or print log lines; default: whether stderr is a TTY. */
  interactive?: boolean;
  /** Seconds between log lines when not interactive (default 10). */
  logEverySeconds?: number;
  /** The clock, in milliseconds (tests). */
  clock?: () => number;
  /** Where the in-place line goes (default stderr). */
  write?: (text: string) => void;
  /** Terminal width for the in-place line (default stderr's). */
  columns?: () => number;
}

/**
 * Long work reports progress: rows written of the total, per table when the work says so, the
 * rate and the time left. On a terminal one line redraws in place (at most ten times a second);
 * in a log (CI, systemd, a file) a line is printed at the start, every ten seconds and at the end,
 * so the log stays readable however long the load.
 */
export function progressReporter(log: (message: string) => void, options: ReporterOptions = {}): (progress: DemoProgress) => void {
  const interactive = options.interactive ?? Boolean(process.stderr.isTTY);
  const clock = options.clock ?? (() => Date.now());
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const columns = options.columns ?? (() => process.stderr.columns ?? 120);
  const logEvery = (options.logEverySeconds ?? 10) * 1000;
  let startedAt: number | undefined;
  let lastShownAt = -Infinity;
  return ({ phase, done, total, tables }) => {
    const now = clock();
    startedAt ??= now;
    const finished = phase === 'done';
    const sinceLast = now - lastShownAt;
    if (!finished && sinceLast < (interactive ? 100 : logEvery)) return;
    lastShownAt = now;
    const seconds = (now - startedAt) / 1000;
    const parts = [describeProgress(phase, done, total), describeRate(done, total, seconds, finished)];
    if (tables && tables.length > 0) parts.push(describeTables(tables));
    const line = parts.filter((part) => part !== '').join(' · ');
    if (!interactive) {
      log(`  ${line}`);
      return;
    }
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const text = `  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}`;
    const room = Math.max(20, columns() - 1);
    write(`\r${text.length > room ? `${text.slice(0, room - 1)}…` : text.padEnd(room)}`);
    if (finished) write('\n');
  };
}

/** "12,345 rows/s, about 2 min 05 s left" (or "… rows/s" alone at the end or before a rate is known). */
export function describeRate(done: number, total: number, seconds: number, finished = false): string {
  if (seconds <= 0 || done <= 0) return '';
  const rate = done / seconds;
  const rateText = `${integer.format(Math.round(rate))} rows/s`;
  if (finished || done >= total) return rateText;
  return `${rateText}, about ${describeDuration((total - done) / rate)} left`;
}

/** "households 40,466/202,330, incidents 12,000/190,000" — rows written of expected, table by table. */
export function describeTables(tables: TableProgress[]): string {
  return tables.map((table) => `${table.table} ${integer.format(table.done)}/${integer.format(table.total)}`).join(', ');
}

/** 7 s, 2 min 05 s, 1 h 03 min. */
export function describeDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
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
