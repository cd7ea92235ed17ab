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
      process.stderr.write(`\r  ${phase.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
      if (fraction >= 1) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (phase !== lastPhase || tenth !== lastTenth) {
      if (phase !== lastPhase || tenth === 10 || tenth % 5 === 0) log(`  ${phase}: ${done}/${total}`);
      lastPhase = phase;
      lastTenth = tenth;
    }
  };
}
