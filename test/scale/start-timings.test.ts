import { describe, expect, it } from 'vitest';
import { StartTimings } from '../../server/start-timings.ts';

describe('the start log says where the seconds went', () => {
  it('lists phases in the order they ran, adds up a phase timed twice, and still times one that fails', async () => {
    const timings = new StartTimings();
    timings.add('node + modules', 640);
    expect(await timings.phase('database', async () => 'opened')).toBe('opened');
    timings.add('migrations', 30);
    timings.add('migrations', 1_470);
    await expect(timings.phase('demo check', () => Promise.reject(new Error('no territory table')))).rejects.toThrow('no territory table');
    const described = timings.describe();
    expect(described).toMatch(/^node \+ modules 0\.6 s, database 0\.\d\d s, migrations 1\.5 s, demo check 0\.\d\d s$/);
    expect(StartTimings.sinceProcessStart()).toMatch(/^\d+\.\d+ s$/);
  });
});
