import { describe, expect, it } from 'vitest';
import { describeDemoSummary, describeProgress } from '../../server/progress-reporter.ts';

describe('demo progress lines a person can read', () => {
  it('says rows and a percentage, never "households: 2742/179796"', () => {
    expect(describeProgress('双凤经济开发区: households', 2742, 179796)).toBe('双凤经济开发区: households … 1 % (2,742 of 179,796 rows)');
    expect(describeProgress('done', 179796, 179796)).toBe('done: 179,796 rows');
  });

  it('names the summary with singulars and plurals', () => {
    expect(describeDemoSummary({ streets: 1, communities: 3, grids: 57, vacancies: 4, milliseconds: 35519 }))
      .toBe('1 street office, 3 communities, 57 grids, 4 vacant grids in 35.5 s');
  });
});
