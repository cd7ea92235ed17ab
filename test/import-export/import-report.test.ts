import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { uploadFile, validateJob } from './import-helpers.ts';

/**
 * The import wizard's validation report obeys the same rules as everything else (issue 16): gaps
 * between imported polygons, the CRS question for Chinese files without a CRS, every problem
 * counted and paged, a .prj resolved to its EPSG code once, dates read as the user says, and the
 * report in the reader's language.
 */
describe('import validation report', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let planner: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    planner = await sessionFor(database.sql, world.users.planner);
  });
  afterAll(async () => {
    await database.close();
  });

  const polygon = (name: string, ring: [number, number][]) => ({ type: 'Feature', properties: { 名称: name }, geometry: { type: 'Polygon', coordinates: [ring] } });

  it('lists the gap left between three neighbouring polygons, with its area, outline and bordering rows', async () => {
    // west and east boxes, and a south strip under both; between them a 0.002° × 0.004° hole (about 190 m × 445 m)
    const features = [
      polygon('西', [[117.0, 31.004], [117.004, 31.004], [117.004, 31.01], [117.0, 31.01], [117.0, 31.004]]),
      polygon('东', [[117.006, 31.004], [117.01, 31.004], [117.01, 31.01], [117.006, 31.01], [117.006, 31.004]]),
      polygon('南', [[117.0, 31.0], [117.01, 31.0], [117.01, 31.004], [117.0, 31.004], [117.0, 31.0]]),
      // a fourth polygon with its own courtyard: a hole of one polygon is not a gap
      polygon('院', [[117.02, 31.0], [117.03, 31.0], [117.03, 31.01], [117.02, 31.01], [117.02, 31.0]]),
    ];
    (features[3]!.geometry.coordinates as [number, number][][]).push([[117.024, 31.004], [117.024, 31.006], [117.026, 31.006], [117.026, 31.004], [117.024, 31.004]]);
    // the top of the hole between west and east is closed by a north strip
    features.push(polygon('北', [[117.0, 31.01], [117.01, 31.01], [117.01, 31.012], [117.0, 31.012], [117.0, 31.01]]));
    const uploaded = await uploadFile(app, planner, 'gaps.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
    expect(uploaded.status).toBe(201);
    const report = await validateJob(app, planner, uploaded.body.id, { target: 'communities', streetId: world.territory.streetId, fields: { name: '名称' } });
    expect(report.status).toBe(200);
    expect(report.body.gaps).toHaveLength(1);
    const [gap] = report.body.gaps;
    expect(gap.rows).toEqual([1, 2, 3, 5]);
    expect(gap.areaSquareMetres).toBeGreaterThan(0.002 * 0.006 * 111_320 * 95_400 * 0.95);
    expect(gap.areaSquareMetres).toBeLessThan(0.002 * 0.006 * 111_320 * 95_400 * 1.05);
    expect(gap.geometry.type).toBe('Polygon');
    expect(gap.location[0]).toBeGreaterThan(117.004);
    expect(gap.location[0]).toBeLessThan(117.006);
    expect(report.body.problems.filter((problem: any) => problem.code === 'gap').map((problem: any) => problem.row).sort()).toEqual([1, 2, 3, 5]);
  });
});
