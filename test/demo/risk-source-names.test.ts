import { describe, expect, it } from 'vitest';
import { defaultDemoSeed } from '../../server/demo/load-demo-zone.ts';
import { generateStreet } from '../../server/demo/generate-street.ts';

describe('demo risk sources', () => {
  it('have unique names, so the register tells every source apart', () => {
    for (const seed of [defaultDemoSeed, 7]) {
      const { territory: { riskSources } } = generateStreet(0, { seed, now: new Date('2026-06-15T02:00:00Z') });
      const names = riskSources.map((source) => source.name);
      expect(riskSources.length).toBeGreaterThan(20);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
