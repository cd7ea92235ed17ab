import { describe, expect, it } from 'vitest';
import { startPeriodicTask } from '../../server/periodic-task.ts';

/** The background passes' driver (server/periodic-task.ts): when the first pass runs. */
describe('periodic task', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('runs a first pass at once by default', async () => {
    let passes = 0;
    const task = startPeriodicTask('test', async () => ++passes, { intervalMilliseconds: 60_000 });
    await settle();
    expect(passes).toBe(1);
    await task.stop();
  });

  it('waits one interval for the first pass with passNow: false (the caller has just done it), and still runs one on demand', async () => {
    let passes = 0;
    const task = startPeriodicTask('test', async () => ++passes, { intervalMilliseconds: 60_000, passNow: false });
    await settle();
    expect(passes).toBe(0);
    expect(await task.runOnce()).toBe(1);
    await task.stop();
  });
});
