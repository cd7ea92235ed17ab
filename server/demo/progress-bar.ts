/**
 * A text progress bar on stderr. On a terminal it redraws one line in place; when stderr is a
 * file or a CI log it prints a line only when the phase changes, so logs stay readable.
 */
export interface ProgressBar {
  update(phase: string, done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const interactive = Boolean(stream.isTTY);
  const width = 30;
  let lastPhase = '';
  let lastDrawnAt = 0;
  return {
    update(phase, done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
      if (!interactive) {
        if (phase !== lastPhase) stream.write(`${percent} ${phase}\n`);
        lastPhase = phase;
        return;
      }
      const now = Date.now();
      if (phase === lastPhase && now - lastDrawnAt < 100 && fraction < 1) return; // at most ten redraws a second
      lastPhase = phase;
      lastDrawnAt = now;
      const filled = Math.round(fraction * width);
      const columns = stream.columns ?? 80;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${phase}`;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length + 10))}`);
    },
    finish() {
      if (interactive) stream.write('\n');
    },
  };
}
