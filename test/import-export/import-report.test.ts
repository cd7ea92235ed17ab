import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epsgOfPrj } from '../../server/import/resolve-prj.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { detectDateFormat, readDate } from '../../server/import/read-dates.ts';
import { commitJob, uploadFile, validateJob } from './import-helpers.ts';

const run = promisify(execFile);

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
    // for grids a gap is an error, as an overlap is
    const grids = await validateJob(app, planner, uploaded.body.id, { target: 'grids', communityId: world.territory.communityId, fields: { name: '名称' } });
    expect(grids.body.problems.filter((problem: any) => problem.code === 'gap').every((problem: any) => problem.severity === 'error')).toBe(true);
  });

  it('leaves out gaps below the sliver tolerance', async () => {
    // two boxes 0.0001° apart (about 9.5 m × 555 m ≈ 5,300 m²), closed above and below
    const features = [
      polygon('西', [[117.0, 31.0], [117.005, 31.0], [117.005, 31.005], [117.0, 31.005], [117.0, 31.0]]),
      polygon('东', [[117.0051, 31.0], [117.01, 31.0], [117.01, 31.005], [117.0051, 31.005], [117.0051, 31.0]]),
      polygon('南', [[117.0, 30.999], [117.01, 30.999], [117.01, 31.0], [117.0, 31.0], [117.0, 30.999]]),
      polygon('北', [[117.0, 31.005], [117.01, 31.005], [117.01, 31.006], [117.0, 31.006], [117.0, 31.005]]),
    ];
    const uploaded = await uploadFile(app, planner, 'thin.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
    const settings = { target: 'communities', streetId: world.territory.streetId, fields: { name: '名称' } };
    const strict = await validateJob(app, planner, uploaded.body.id, settings);
    expect(strict.body.gaps).toHaveLength(1);
    expect(strict.body.gaps[0].rows).toEqual([1, 2, 3, 4]);
    expect(strict.body.gaps[0].areaSquareMetres).toBeGreaterThan(4_800);
    expect(strict.body.gaps[0].areaSquareMetres).toBeLessThan(5_800);
    const tolerant = await validateJob(app, planner, uploaded.body.id, { ...settings, sliverToleranceSquareMetres: 6_000 });
    expect(tolerant.body.gaps).toEqual([]);
    expect(tolerant.body.problems.filter((problem: any) => problem.code === 'gap')).toEqual([]);
    const below = await validateJob(app, planner, uploaded.body.id, { ...settings, sliverToleranceSquareMetres: 4_000 });
    expect(below.body.gaps).toHaveLength(1);
  });

  it('asks for the CRS of a shapefile without .prj whose coordinates lie in China', async () => {
    const { writeShapefileLayers } = await import('../../server/export/shapefile-writer.ts');
    const [layer] = writeShapefileLayers('points', [
      { geometry: { type: 'Point', coordinates: [113.26, 23.13] }, properties: { name: '广州一' } },
      { geometry: { type: 'Point', coordinates: [113.27, 23.12] }, properties: { name: '广州二' } },
    ], 'UTF-8');
    const withPrj = new JSZip();
    const withoutPrj = new JSZip();
    for (const [name, content] of Object.entries(layer!.files)) {
      withPrj.file(name, content);
      if (!name.endsWith('.prj')) withoutPrj.file(name, content);
    }
    const settings = { target: 'incidents', fields: {}, defaults: { categoryCode: '0199' } };
    const bare = await uploadFile(app, planner, 'bare.zip', await withoutPrj.generateAsync({ type: 'uint8array' }));
    expect(bare.body.detection.crsText).toBeNull();
    const asked = await validateJob(app, planner, bare.body.id, settings);
    expect(asked.status).toBe(200);
    expect(asked.body.crsQuestion).toMatchObject({ suggested: 'gcj02' });
    const declared = await uploadFile(app, planner, 'declared.zip', await withPrj.generateAsync({ type: 'uint8array' }));
    expect((await validateJob(app, planner, declared.body.id, settings)).body.crsQuestion).toBeNull();
  });

  const csvOf = (points: [number, number][]) => `\uFEFF${['编号,经度,纬度,描述', ...points.map(([lng, lat], index) => `Q-${index},${lng},${lat},井盖缺失`)].join('\r\n')}`;
  const incidentSettings = { target: 'incidents', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' }, fields: { trackingCode: '编号', description: '描述' }, defaults: { categoryCode: '0199' } };

  it('asks which CRS a Chinese file without one is in, suggesting GCJ-02, and never contradicts an explicit choice', async () => {
    // Beijing, far from the territory: nothing to measure against, so the usual case is suggested
    const beijing = Array.from({ length: 12 }, (_, index) => [116.39 + index * 0.001, 39.9 + index * 0.0005] as [number, number]);
    const uploaded = await uploadFile(app, planner, 'beijing.csv', csvOf(beijing));
    const asked = await validateJob(app, planner, uploaded.body.id, incidentSettings);
    expect(asked.status).toBe(200);
    expect(asked.body.crsQuestion).toMatchObject({ code: 'crs_undeclared_china', suggested: 'gcj02', choices: ['wgs84', 'gcj02', 'bd09'], params: { suggested: 'gcj02', measured: false } });
    expect(asked.body.crsQuestion.message).toMatch(/没有声明坐标系.*GCJ-02/);
    expect(asked.body.suggestedCrs).toBe('gcj02');
    // cases outside every community are refused, as POST /api/incidents refuses them
    expect(asked.body.problemCounts.byCode.outside_territory).toBe(12);
    expect(asked.body.problems.filter((problem: any) => problem.code === 'outside_territory').every((problem: any) => problem.severity === 'error')).toBe(true);

    const english = await app.request(`/api/imports/${uploaded.body.id}/validate`, {
      method: 'POST', headers: { ...planner, 'Content-Type': 'application/json', 'Accept-Language': 'en' }, body: JSON.stringify(incidentSettings),
    });
    expect(((await english.json()) as any).crsQuestion.message).toMatch(/declares no coordinate system/);

    // the user said BD-09: no question, and no suggestion against it
    const chosen = await validateJob(app, planner, uploaded.body.id, { ...incidentSettings, crs: { kind: 'bd09' } });
    expect(chosen.body.crsQuestion).toBeNull();
    expect(chosen.body.suggestedCrs).toBeNull();
    const wgs = await validateJob(app, planner, uploaded.body.id, { ...incidentSettings, crs: { kind: 'wgs84' } });
    expect(wgs.body.crsQuestion).toBeNull();
    expect(wgs.body.suggestedCrs).toBeNull();
  });

  it('suggests the reading that fits the territory\'s grids measurably better, and asks nothing outside China', async () => {
    // WGS84 points in the top-west corner of the test grids: read as GCJ-02 or BD-09 they leave the territory
    const wgs84 = Array.from({ length: 10 }, (_, index) => [117.001 + index * 0.0003, 31.0085 + index * 0.0001] as [number, number]);
    const uploaded = await uploadFile(app, planner, 'wgs84.csv', csvOf(wgs84));
    const report = await validateJob(app, planner, uploaded.body.id, incidentSettings);
    expect(report.body.crsQuestion).toMatchObject({ suggested: 'wgs84', params: { measured: true } });
    expect(report.body.suggestedCrs).toBeNull(); // already read as WGS84
    expect(report.body.crsFit.find((entry: any) => entry.kind === 'wgs84').inside).toBe(10);

    const sanFrancisco = await uploadFile(app, planner, 'sf.csv', csvOf([[-122.44, 37.79], [-122.45, 37.78], [-122.41, 37.77]]));
    const abroad = await validateJob(app, planner, sanFrancisco.body.id, incidentSettings);
    expect(abroad.status).toBe(200);
    expect(abroad.body.crsQuestion).toBeNull();
    expect(abroad.body.suggestedCrs).toBeNull();

    // a shapefile-like declaration: GeoJSON is WGS84 by its specification, so nothing is asked
    const declared = await uploadFile(app, planner, 'points.geojson', JSON.stringify({ type: 'FeatureCollection', features: wgs84.map((point, index) => ({ type: 'Feature', properties: { 编号: `G-${index}`, 描述: '井盖' }, geometry: { type: 'Point', coordinates: point } })) }));
    const spec = await validateJob(app, planner, declared.body.id, { target: 'incidents', fields: { trackingCode: '编号', description: '描述' }, defaults: { categoryCode: '0199' } });
    expect(spec.body.crsQuestion).toBeNull();
  });

  it('lists errors first, counts every problem, answers the first page and pages the rest', async () => {
    // 620 risk sources in Beijing (outside the territory: a warning each), then 30 rows without a longitude (an error each)
    const lines = ['编号,经度,纬度,描述,等级'];
    for (let index = 0; index < 620; index++) lines.push(`W-${index},${(116.3 + index * 0.0001).toFixed(4)},39.9,远处,2`);
    for (let index = 0; index < 30; index++) lines.push(`E-${index},,31.005,缺经度,2`);
    const uploaded = await uploadFile(app, planner, 'many.csv', lines.join('\n'));
    const riskSettings = { target: 'risk_sources', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' }, fields: { name: '描述', level: '等级' }, defaults: { riskKind: 'market' } };
    const report = await validateJob(app, planner, uploaded.body.id, { ...riskSettings, crs: { kind: 'wgs84' } });
    expect(report.status).toBe(200);
    expect(report.body.problemCounts).toEqual({
      total: 650, bySeverity: { error: 30, warning: 620 }, byCode: { outside_territory: 620, missing_coordinates: 30 },
    });
    expect(report.body.problems).toHaveLength(500);
    expect(report.body.problemsPage).toEqual({ offset: 0, limit: 500, total: 650 });
    expect(report.body.problems.slice(0, 30).every((problem: any) => problem.severity === 'error')).toBe(true);
    expect(report.body.problems[30].severity).toBe('warning');
    expect(report.body.rowsWithErrors).toBe(30);

    const page = async (query: string) => {
      const response = await app.request(`/api/imports/${uploaded.body.id}/problems?${query}`, { headers: planner });
      return { status: response.status, body: (await response.json()) as any };
    };
    const rest = await page('offset=500&limit=500');
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ total: 650, offset: 500, limit: 500 });
    expect(rest.body.problems).toHaveLength(150);
    expect(rest.body.problems.at(-1)).toMatchObject({ row: 620, code: 'outside_territory' });
    const errors = await page('severity=error&limit=10&offset=25');
    expect(errors.body.total).toBe(30);
    expect(errors.body.problems.map((problem: any) => problem.row)).toEqual([646, 647, 648, 649, 650]);
    const byCode = await page('code=outside_territory&limit=1');
    expect(byCode.body).toMatchObject({ total: 620, problems: [{ row: 1 }] });
    for (const bad of ['limit=501', 'limit=0', 'offset=-1', 'offset=1e20', 'severity=fatal', 'code=DROP%20TABLE']) {
      const refused = await page(bad);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.code).toBe('invalid_request');
    }
    // the stored job answers the same first page and the same counts
    const job = await app.request(`/api/imports/${uploaded.body.id}`, { headers: planner });
    const stored = ((await job.json()) as any).report;
    expect(stored.problems).toHaveLength(500);
    expect(stored.problemCounts.total).toBe(650);
  });

  it('resolves a .prj without an EPSG code to its code once (CGCS2000 3° GK CM 120E → 4549), and transforms other WKT in one pass', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'import-prj-'));
    try {
      const points = [[117.0051, 31.0052], [117.0153, 31.0071], [117.012, 31.002]];
      const source = path.join(folder, 'points.geojson');
      fs.writeFileSync(source, JSON.stringify({ type: 'FeatureCollection', features: points.map((coordinates, index) => ({ type: 'Feature', properties: { bh: `P-${index}` }, geometry: { type: 'Point', coordinates } })) }));
      const shapefile = async (name: string, srs: string) => {
        await run('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', srs, path.join(folder, name), source, '-nln', 'points']);
        const zip = new JSZip();
        for (const file of fs.readdirSync(path.join(folder, name))) zip.file(file, fs.readFileSync(path.join(folder, name, file)));
        const prj = fs.readFileSync(path.join(folder, name, 'points.prj'), 'utf8');
        return { prj, uploaded: await uploadFile(app, planner, `${name}.zip`, await zip.generateAsync({ type: 'uint8array' })) };
      };
      const gk = await shapefile('gk120', 'EPSG:4549');
      expect(gk.prj).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_CM_120E"/);
      expect(gk.prj).not.toMatch(/AUTHORITY/);
      expect(gk.uploaded.body.detection.crs).toEqual({ kind: 'epsg', code: 4549 });

      // a transverse Mercator of its own: no code to find, so its WKT is used — in one transformation for all rows
      const custom = await shapefile('custom', '+proj=tmerc +lat_0=0 +lon_0=117.5 +k=0.9996 +x_0=300000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
      expect(custom.uploaded.body.detection.crs.kind).toBe('wkt');
      // the upload's own preview uses the same single pass
      expect(custom.uploaded.body.preview.features.map((feature: any) => feature.properties.row)).toEqual([1, 2, 3]);
      expect(custom.uploaded.body.preview.features[1].geometry.coordinates[0]).toBeCloseTo(points[1]![0]!, 6);
      const report = await validateJob(app, planner, custom.uploaded.body.id, { target: 'incidents', fields: { trackingCode: 'bh' }, defaults: { categoryCode: '0199' } });
      expect(report.status).toBe(200);
      expect(report.body.rowsWithErrors).toBe(0);
      const placed = report.body.preview.features.map((feature: any) => [feature.properties.row, feature.geometry.coordinates]);
      expect(placed.map(([row]: [number]) => row)).toEqual([1, 2, 3]);
      for (const [row, [lng, lat]] of placed) {
        expect(lng).toBeCloseTo(points[row - 1]![0]!, 6);
        expect(lat).toBeCloseTo(points[row - 1]![1]!, 6);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('knows the Gauss-Krüger families by their parameters', () => {
    const esri = (name: string, geogcs: string, datum: string, falseEasting: number, centralMeridian: number) =>
      `PROJCS["${name}",GEOGCS["${geogcs}",DATUM["${datum}",SPHEROID["s",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${falseEasting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${centralMeridian}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(epsgOfPrj(esri('x', 'GCS_China_Geodetic_Coordinate_System_2000', 'D_China_2000', 500000, 120))).toBe(4549);
    expect(epsgOfPrj(esri('CGCS2000_3_Degree_GK_Zone_39', 'GCS_China_Geodetic_Coordinate_System_2000', 'D_China_2000', 39500000, 117))).toBe(4527);
    expect(epsgOfPrj(esri('CGCS2000_GK_Zone_20', 'GCS_China_Geodetic_Coordinate_System_2000', 'D_China_2000', 20500000, 117))).toBe(4498);
    expect(epsgOfPrj(esri('Xian_1980_3_Degree_GK_CM_117E', 'GCS_Xian_1980', 'D_Xian_1980', 500000, 117))).toBe(2384);
    expect(epsgOfPrj(esri('Beijing_1954_3_Degree_GK_Zone_39', 'GCS_Beijing_1954', 'D_Beijing_1954', 39500000, 117))).toBe(2415);
    expect(epsgOfPrj(esri('Beijing_1954_GK_CM_117E', 'GCS_Beijing_1954', 'D_Beijing_1954', 500000, 117))).toBe(21460);
    expect(epsgOfPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"],UNIT["Meter",1.0]]')).toBe(3857);
    // a CM that is no GK zone's, or a scaled projection, is not guessed
    expect(epsgOfPrj(esri('x', 'GCS_China_Geodetic_Coordinate_System_2000', 'D_China_2000', 500000, 117.5))).toBeNull();
    expect(epsgOfPrj(esri('x', 'GCS_China_Geodetic_Coordinate_System_2000', 'D_China_2000', 500000, 120).replace('PARAMETER["Scale_Factor",1.0]', 'PARAMETER["Scale_Factor",0.9996]'))).toBeNull();
  });

  const datedCsv = (dates: string[]) => `\uFEFF${['编号,经度,纬度,上报时间', ...dates.map((date, index) => `D-${Math.random().toString(36).slice(2, 8)}-${index},117.005,31.005,"${date}"`)].join('\r\n')}`;
  const datedSettings = { ...incidentSettings, crs: { kind: 'wgs84' }, fields: { trackingCode: '编号', reportedAt: '上报时间' } };

  it('reads US dates with AM/PM in the zone\'s time, asks for the format of ambiguous ones, refuses impossible ones naming the field', async () => {
    const us = await uploadFile(app, planner, 'us.csv', datedCsv(['12/31/2017 11:59:58 PM', '03/04/2017 08:15:00 AM', '2017-06-01 12:00']));
    const detected = await validateJob(app, planner, us.body.id, datedSettings);
    expect(detected.status).toBe(200);
    expect(detected.body).toMatchObject({ dateFormat: 'MDY', dateQuestion: null, timeZone: 'Asia/Shanghai', rowsWithErrors: 0 });
    const committed = await commitJob(app, planner, us.body.id);
    expect(committed.last).toMatchObject({ type: 'result', written: 3 });
    const stored = await database.sql<{ trackingCode: string; reportedAt: Date }[]>`
      select tracking_code, reported_at from incidents where tracking_code like 'D-%' order by tracking_code`;
    const byRow = new Map(stored.map((row) => [Number(row.trackingCode.split('-').at(-1)), new Date(row.reportedAt).toISOString()]));
    expect(byRow.get(0)).toBe('2017-12-31T15:59:58.000Z'); // 23:59:58 in Shanghai
    expect(byRow.get(1)).toBe('2017-03-04T00:15:00.000Z'); // 4 March, as the column is month-first

    // every value could be either: an error asking for the format, until it is chosen
    const ambiguous = await uploadFile(app, planner, 'ambiguous.csv', datedCsv(['03/04/2017', '05/06/2017 10:00']));
    const asked = await validateJob(app, planner, ambiguous.body.id, datedSettings);
    expect(asked.body.dateQuestion).toMatchObject({ code: 'ambiguous_date_format', column: '上报时间', choices: ['MDY', 'DMY'] });
    expect(asked.body.dateQuestion.message).toMatch(/日期格式/);
    expect(asked.body.problems.map((problem: any) => [problem.row, problem.code, problem.severity, problem.field])).toEqual([
      [1, 'ambiguous_date_format', 'error', 'reportedAt'], [2, 'ambiguous_date_format', 'error', 'reportedAt'],
    ]);
    const answered = await validateJob(app, planner, ambiguous.body.id, { ...datedSettings, dateFormat: 'DMY', timeZone: 'Europe/London' });
    expect(answered.body).toMatchObject({ dateQuestion: null, dateFormat: 'DMY', timeZone: 'Europe/London', rowsWithErrors: 0 });

    // a day above 12 tells the order; Feb 30 and years outside 1900…next year are errors naming the field
    const european = await uploadFile(app, planner, 'eu.csv', datedCsv(['13/04/2017', '03/04/2017', '30/02/2017', '01/01/1899', `01/01/${new Date().getFullYear() + 2}`]));
    const read = await validateJob(app, planner, european.body.id, datedSettings);
    expect(read.body.dateFormat).toBe('DMY');
    expect(read.body.dateQuestion).toBeNull();
    expect(read.body.problems.map((problem: any) => [problem.row, problem.code])).toEqual([[3, 'date_out_of_range'], [4, 'date_out_of_range'], [5, 'date_out_of_range']]);
    expect(read.body.problems[0]).toMatchObject({ field: 'reportedAt', params: { field: '上报时间', value: '30/02/2017' } });
    expect(read.body.problems[0].message).toContain('上报时间');

    const badZone = await validateJob(app, planner, european.body.id, { ...datedSettings, timeZone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(JSON.stringify(badZone.body.error.details)).toContain('timeZone');
  }, 120_000);

  it('reads dates by the rules: AM/PM, the chosen zone, Excel day numbers, impossible dates', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const read = (value: unknown, format: 'YMD' | 'MDY' | 'DMY' | null = null, timeZone = 'Asia/Shanghai') => {
      const reading = readDate(value, { format, timeZone, now });
      return reading.ok ? reading.instant.toISOString() : reading.reason;
    };
    expect(read('12/31/2017 11:59:58 PM')).toBe('2017-12-31T15:59:58.000Z');
    expect(read('12/31/2017 12:05 AM')).toBe('2017-12-30T16:05:00.000Z');
    expect(read('2017年12月31日 08:30')).toBe('2017-12-31T00:30:00.000Z');
    expect(read('2017-12-31 08:30', null, 'America/Los_Angeles')).toBe('2017-12-31T16:30:00.000Z');
    expect(read('2017-12-31T08:30:00Z')).toBe('2017-12-31T08:30:00.000Z');
    expect(read('03/04/2017')).toBe('ambiguous_date_format');
    expect(read('03/04/2017', 'DMY')).toBe('2017-04-02T16:00:00.000Z');
    expect(read('2017-02-30')).toBe('date_out_of_range');
    expect(read('2027-12-31')).toBe('2027-12-30T16:00:00.000Z');
    expect(read('2028-01-01')).toBe('date_out_of_range');
    expect(read('1899-12-31')).toBe('date_out_of_range');
    expect(read('13:00 PM 1/1/2017')).toBe('not_a_date');
    expect(read('1/1/2017 13:00 PM')).toBe('date_out_of_range');
    expect(read(43_100.5)).toBe('2017-12-31T04:00:00.000Z'); // Excel: 2017-12-31 12:00 in Shanghai
    expect(detectDateFormat(['03/04/2017', '13/04/2017'])).toEqual({ format: 'DMY', ambiguousExample: null });
    expect(detectDateFormat(['03/04/2017', '12/31/2017'])).toEqual({ format: 'MDY', ambiguousExample: null });
    expect(detectDateFormat(['03/04/2017', '2017-01-01']).format).toBeNull();
  });

  it('writes every problem in the reader\'s language: Chinese by default, English when asked', async () => {
    const lines = ['编号,经度,纬度,描述', 'A1,31.0051,117.0051,正常', 'A2,117.0051,31.0051,=HYPERLINK("http://x")', 'A3,500,31,越界', 'A4,,31,缺经度', 'A1,117.005,31.005,重复'];
    const uploaded = await uploadFile(app, planner, 'mixed.csv', lines.join('\n'));
    const settings = { ...incidentSettings, crs: { kind: 'wgs84' } };
    const chinese = await validateJob(app, planner, uploaded.body.id, settings);
    const codes = chinese.body.problems.map((problem: any) => problem.code);
    expect(codes).toEqual(['swapped_coordinates', 'formula_in_cell', 'coordinates_out_of_range', 'missing_coordinates', 'duplicate']);
    for (const problem of chinese.body.problems) {
      expect(problem.params, problem.code).toBeTypeOf('object');
      expect(problem.message, problem.code).toMatch(/\p{Script=Han}/u);
      expect(problem.message, problem.code).not.toMatch(/\b(is|are|the|row|Row)\b/);
    }
    expect(chinese.body.problems.at(-1)).toMatchObject({ row: 5, params: { otherRow: 1, key: 'A1' } });
    expect(chinese.body.problems.at(-1).message).toBe('与第 1 行重复（A1）');

    const english = await app.request(`/api/imports/${uploaded.body.id}/validate`, {
      method: 'POST', headers: { ...planner, 'Content-Type': 'application/json', 'Accept-Language': 'en-US,en;q=0.9' }, body: JSON.stringify(settings),
    });
    const englishReport = (await english.json()) as any;
    expect(englishReport.problems.map((problem: any) => problem.code)).toEqual(codes);
    expect(englishReport.problems.at(-1).message).toBe('Duplicate of row 1 (A1)');
    // the stored report pages in whichever language the reader asks
    const paged = await app.request(`/api/imports/${uploaded.body.id}/problems?code=duplicate`, { headers: planner });
    expect(((await paged.json()) as any).problems[0].message).toBe('与第 1 行重复（A1）');
    const pagedEnglish = await app.request(`/api/imports/${uploaded.body.id}/problems?code=duplicate`, { headers: { ...planner, 'Accept-Language': 'en' } });
    expect(((await pagedEnglish.json()) as any).problems[0].message).toBe('Duplicate of row 1 (A1)');
  });
});
