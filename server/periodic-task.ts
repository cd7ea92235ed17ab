/** A background pass run now and then every interval; at most one pass at a time, stoppable. */
export interface PeriodicTask<Result> {
  /** One pass now (also what the timer runs). */
  runOnce(): Promise<Result>;
  stop(): Promise<void>;
}

/**
 * The schedulers (overdue escalation, plan publication) keep all their state in the database, so a
 * restarted server resumes where it stopped; this only drives them. A failed pass is logged and the
 * next one runs on time.
 */
export function startPeriodicTask<Result>(
  name: string,
  pass: () => Promise<Result>,
  options: {
    intervalMilliseconds?: number;
    log?: (message: string) => void;
    /** false: the first pass after one interval (the caller has just done it, e.g. at start) */
    passNow?: boolean;
  } = {},
): PeriodicTask<Result> {
  const interval = Number.isFinite(options.intervalMilliseconds) && options.intervalMilliseconds! >= 1000 ? options.intervalMilliseconds! : 60_000;
  const log = options.log ?? ((message: string) => console.error(message));
  let running: Promise<Result> | undefined;
  let stopped = false;
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    if (stopped) return;
    runOnce().catch((error) => log(`[gridatlas] ${name}: ${error instanceof Error ? error.message : String(error)}`));
  };
  const timer = setInterval(tick, interval);
  timer.unref();
  if (options.passNow !== false) setImmediate(tick);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
