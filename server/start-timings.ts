/**
 * Where a start's seconds go: each phase of `npm start` (server/main.ts, server/server.ts,
 * server/db/connect.ts) is timed here, and the Ready line ends with the list, e.g.
 * `Ready in 6.2 s — open http://127.0.0.1:8080 — node + modules 0.4 s, database 3.1 s, …`.
 * Times are from the process's own start (performance.now()), so module loading counts too.
 */
export class StartTimings {
  private readonly phases = new Map<string, number>();

  /** Time one phase; a phase timed twice (e.g. once per attempt) adds up. */
  async phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  add(name: string, milliseconds: number): void {
    this.phases.set(name, (this.phases.get(name) ?? 0) + milliseconds);
  }

  /** `node + modules 0.4 s, database 3.1 s, …` in the order the phases ran. */
  describe(): string {
    return [...this.phases].map(([name, milliseconds]) => `${name} ${seconds(milliseconds)}`).join(', ');
  }

  /** Seconds since this process started. */
  static sinceProcessStart(): string {
    return seconds(performance.now());
  }
}

/** A phase timer a function can take without caring whether anyone listens. */
export type PhaseTimer = Pick<StartTimings, 'phase'>;

export const untimed: PhaseTimer = {
  phase: async (_name, work) => work(),
};

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(milliseconds < 100 ? 2 : 1)} s`;
}
