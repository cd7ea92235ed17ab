import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import gcoord from 'gcoord';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { realDataFolder } from '../support/real-data.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { commitJob, uploadFile, validateJob } from './import-helpers.ts';

const run = promisify(execFile);
const realData = realDataFolder();
const sf311 = path.join(realData, 'sf311');

async function zipFolder(folder: string, skip: (name: string) => boolean = () => false): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of fs.readdirSync(folder)) if (!skip(name)) zip.file(name, fs.readFileSync(path.join(folder, name)));
  return zip.generateAsync({ type: 'uint8array' });
}

describe('imports', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let planner: Record<string, string>;
  let folder: string;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    planner = await sessionFor(database.sql, world.users.planner);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  });
  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await database.close();
  });

  it('imports the San Francisco neighbourhoods and 311 cases, every case in its neighbourhood', async () => {
    const { sql } = database;
    // the street's territory: communities are clipped to it (an envelope of the city, so nothing is clipped here)
    const [street] = await sql`insert into streets (code, name, boundary) values ('999999001', 'San Francisco (test)',
                                 ST_Multi(ST_MakeEnvelope(-122.6, 37.6, -122.3, 37.9, 4326))) returning id`;
    const neighbourhoods = await uploadFile(app, planner, 'sf_analysis_neighborhoods_41.geojson', fs.readFileSync(path.join(sf311, 'sf_analysis_neighborhoods_41.geojson')));
    expect(neighbourhoods.status).toBe(201);
    expect(neighbourhoods.body.detection.rowCount).toBe(41);
    const areas = await validateJob(app, planner, neighbourhoods.body.id, { target: 'communities', streetId: street!.id, fields: { name: 'nhood' } });
    expect(areas.status).toBe(200);
    expect(areas.body.rowsWithErrors).toBe(0);
    // communities go into a draft plan of the street; publishing it makes them live
    const imported = await commitJob(app, planner, neighbourhoods.body.id);
    expect(imported.last).toMatchObject({ type: 'result', target: 'communities', written: 41 });
    expect(await sql`select 1 from communities where street_id = ${street!.id}`).toHaveLength(0);
    const published = await app.request(`/api/plans/${imported.last.planId}/publish`, { method: 'POST', headers: { ...planner, 'Content-Type': 'application/json' }, body: '{}' });
    expect(published.status).toBe(200);
    expect(await sql`select 1 from communities where street_id = ${street!.id}`).toHaveLength(41);

    const cases = await uploadFile(app, planner, 'sf311.csv', fs.readFileSync(path.join(sf311, 'sf311_cases_sample_2008-2016_4984.csv')));
    expect(cases.status).toBe(201);
    expect(cases.body.detection.rowCount).toBe(4984);
    const report = await validateJob(app, planner, cases.body.id, {
      target: 'incidents', geometry: { kind: 'lnglat', longitude: 'Long', latitude: 'Lat' },
      fields: { trackingCode: 'CaseID', description: 'Request.Type', reportedAt: 'Opened', address: 'Address' },
      defaults: { categoryCode: '0199', status: 'closed', source: 'hotline' },
    });
    expect(report.status).toBe(200);
    expect(report.body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, cases.body.id);
    expect(committed.last).toMatchObject({ type: 'result', written: 4984 });
    expect(committed.lines.filter((line) => line.type === 'progress').length).toBeGreaterThan(3);

    const csv = fs.readFileSync(path.join(sf311, 'sf311_cases_sample_2008-2016_4984.csv'), 'utf8');
    const rows = (await import('papaparse')).default.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    const placed = await sql<{ trackingCode: string; neighbourhood: string | null }[]>`
      select i.tracking_code, c.name as neighbourhood from incidents i left join communities c on c.id = i.community_id
       where c.street_id = ${street!.id} or i.community_id is null`;
    const byCase = new Map(placed.map((row) => [row.trackingCode, row.neighbourhood]));
    const wrong = rows.filter((row) => byCase.get(row.CaseID!) !== row['C.Neighborhood']);
    expect(wrong.map((row) => `${row.CaseID}: ${byCase.get(row.CaseID!)} ≠ ${row['C.Neighborhood']}`)).toEqual([]);
  }, 240_000);

  it('reprojects a shapefile in a projected CRS (CGCS2000 Gauss-Krüger, GBK, no .cpg) to the right place', async () => {
    const source = path.join(folder, 'points.geojson');
    fs.writeFileSync(source, JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { mingcheng: '东方加油站', leixing: '加油站', dengji: '较大' }, geometry: { type: 'Point', coordinates: [117.0051, 31.0052] } },
        { type: 'Feature', properties: { mingcheng: '凤梅农贸市场', leixing: 'market', dengji: '3' }, geometry: { type: 'Point', coordinates: [117.0153, 31.0071] } },
      ],
    }));
    const shapefileFolder = path.join(folder, 'projected');
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=CP936', shapefileFolder, source, '-nln', 'risks']);
    const zip = await zipFolder(shapefileFolder, (name) => name.endsWith('.cpg'));
    const uploaded = await uploadFile(app, planner, 'risks.zip', zip);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.format).toBe('shapefile');
    expect(uploaded.body.detection.encoding).toEqual({ name: 'GBK', source: 'detected-gbk' });
    expect(uploaded.body.detection.crs.kind).toMatch(/wkt|epsg/);
    expect(uploaded.body.sample[0].mingcheng).toBe('东方加油站');
    const report = await validateJob(app, planner, uploaded.body.id, { target: 'risk_sources', fields: { name: 'mingcheng', kind: 'leixing', level: 'dengji' } });
    expect(report.body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, uploaded.body.id);
    expect(committed.last).toMatchObject({ type: 'result', written: 2 });
    const [station] = await database.sql<{ distance: number; kind: string; level: number; communityId: number }[]>`
      select ST_Distance(geometry::geography, ST_SetSRID(ST_MakePoint(117.0051, 31.0052), 4326)::geography) as distance, kind, level, community_id
        from risk_sources where name = '东方加油站'`;
    expect(station!.distance).toBeLessThan(0.5);
    expect(station).toMatchObject({ kind: 'gas_station', level: 2, communityId: world.territory.communityId });
    // PROJ builds a transformation from .prj text slowly under PGlite (WebAssembly): seconds per query
  }, 180_000);

  it('brings GCJ-02 coordinates to within a few metres of their WGS84 truth, and suggests GCJ-02 when read as WGS84', async () => {
    const truth = Array.from({ length: 10 }, (_, index) => [117.0188 + index * 0.0001, 31.0005 + index * 0.0008] as [number, number]);
    const lines = ['编号,经度,纬度,描述', ...truth.map((point, index) => {
      const [lng, lat] = gcoord.transform(point, gcoord.WGS84, gcoord.GCJ02) as [number, number];
      return `GCJ-${index},${lng.toFixed(7)},${lat.toFixed(7)},井盖缺失${index}`;
    })];
    const uploaded = await uploadFile(app, planner, 'amap.csv', `\uFEFF${lines.join('\r\n')}`);
    const settings = { target: 'incidents', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' }, fields: { trackingCode: '编号', description: '描述' }, defaults: { categoryCode: '0199' } };
    const asWgs84 = await validateJob(app, planner, uploaded.body.id, settings);
    expect(asWgs84.body.suggestedCrs).toBe('gcj02');
    const asGcj = await validateJob(app, planner, uploaded.body.id, { ...settings, crs: { kind: 'gcj02' } });
    expect(asGcj.body.rowsWithErrors).toBe(0);
    expect(asGcj.body.problems).toEqual([]); // every point now falls in a grid
    expect((await commitJob(app, planner, uploaded.body.id)).last.written).toBe(10);
    const distances = await database.sql<{ trackingCode: string; distance: number }[]>`
      select tracking_code, ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(
               ${truth[0]![0]}::float8 + (substr(tracking_code, 5)::int) * 0.0001, ${truth[0]![1]}::float8 + (substr(tracking_code, 5)::int) * 0.0008), 4326)::geography) as distance
        from incidents where tracking_code like 'GCJ-%'`;
    expect(distances).toHaveLength(10);
    for (const row of distances) expect(row.distance).toBeLessThan(3);
  });

  it('round-trips an export: grids as a GBK shapefile come back with the same shapes and Chinese names', async () => {
    const exported = await app.request(`/api/exports/grids?format=shapefile&encoding=GBK&communityId=${world.territory.communityId}`, { headers: planner });
    const zip = await JSZip.loadAsync(await exported.arrayBuffer());
    zip.remove('grids.cpg');
    const uploaded = await uploadFile(app, planner, 'grids.zip', await zip.generateAsync({ type: 'uint8array' }));
    expect(uploaded.body.detection.encoding.name).toBe('GBK');
    const report = await validateJob(app, planner, uploaded.body.id, { target: 'grids', communityId: world.territory.communityId, fields: { name: 'NAME', code: 'CODE' } });
    expect(report.status).toBe(200);
    expect(report.body.rowsWithErrors).toBe(0);
    expect(report.body.gap.areaSquareMetres).toBe(0);
    const names = report.body.preview.features.map((feature: any) => feature.properties.name).sort();
    expect(names).toEqual(['测试网格1', '测试网格2']);
    const [same] = await database.sql<{ equal: boolean }[]>`
      select bool_and(ST_Equals(gv.geometry, ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))) as equal
        from json_array_elements(${JSON.stringify(report.body.preview.features)}::text::json) f
        join grid_versions gv on gv.name = f->'properties'->>'name' and gv.valid_to is null`;
    expect(same!.equal).toBe(true);
  });

  it('reports invalid polygons with the reason and the spot, overlaps with their area, and repairs on request', async () => {
    const box = (x: number, name: string) => ({ type: 'Feature', properties: { 名称: name }, geometry: { type: 'Polygon', coordinates: [[[x, 31], [x + 0.01, 31], [x + 0.01, 31.01], [x, 31.01], [x, 31]]] } });
    const bowtie = { type: 'Feature', properties: { 名称: '蝴蝶网格' }, geometry: { type: 'Polygon', coordinates: [[[117.0, 31.0], [117.005, 31.005], [117.0, 31.005], [117.005, 31.0], [117.0, 31.0]]] } };
    const collection = { type: 'FeatureCollection', features: [box(117.0, '西网格'), { ...box(117.0095, '东网格') }, bowtie] };
    const uploaded = await uploadFile(app, planner, 'grids.geojson', JSON.stringify(collection));
    const settings = { target: 'grids', communityId: world.territory.communityId, fields: { name: '名称' } };
    const report = await validateJob(app, planner, uploaded.body.id, settings);
    const invalid = report.body.problems.find((problem: any) => problem.code === 'invalid_geometry');
    expect(invalid).toMatchObject({ row: 3, severity: 'error' });
    // the reason as a code (never GEOS's English sentence), in words of the reader's language
    expect(invalid.params.reason).toBe('self_intersection');
    expect(invalid.message).toMatch(/自相交/);
    expect(invalid.location[0]).toBeCloseTo(117.0025, 4);
    expect(report.body.overlaps[0]).toMatchObject({ rows: [1, 2] });
    expect(report.body.overlaps[0].areaSquareMetres).toBeGreaterThan(1000);
    const repaired = await validateJob(app, planner, uploaded.body.id, { ...settings, makeValidRows: [3], skipRows: [2] });
    expect(repaired.body.problems.filter((problem: any) => problem.row === 3).map((problem: any) => problem.code)).toContain('made_valid');
    // the repaired bow tie overlaps the west grid: that is reported, not hidden
    expect(repaired.body.overlaps.map((overlap: any) => overlap.rows)).toEqual([[1, 3]]);
    expect((await commitJob(app, planner, uploaded.body.id)).status).toBe(422);
  });

  it('turns a GBK shapefile of grids without .cpg into a draft plan, after repairing an invalid polygon, names intact', async () => {
    const { writeShapefileLayers } = await import('../../server/export/shapefile-writer.ts');
    const rectangle = (x0: number, x1: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x0, 31.0], [x0, 31.01], [x1, 31.01], [x1, 31.0], [x0, 31.0]]] });
    // the east grid is drawn as a bow tie over its own box: invalid until repaired
    const bowtie: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[117.012, 31.0], [117.02, 31.01], [117.02, 31.0], [117.012, 31.01], [117.012, 31.0]]] };
    const [layer] = writeShapefileLayers('网格', [
      { geometry: rectangle(117.0, 117.006), properties: { mc: '凤梅一网格' } },
      { geometry: rectangle(117.006, 117.012), properties: { mc: '凤梅二网格' } },
      { geometry: bowtie, properties: { mc: '凤梅三网格' } },
    ], 'GBK');
    const zip = new JSZip();
    for (const [name, content] of Object.entries(layer!.files)) if (!name.endsWith('.cpg')) zip.file(name, content);
    const uploaded = await uploadFile(app, planner, 'grids.zip', await zip.generateAsync({ type: 'uint8array' }));
    expect(uploaded.body.detection.encoding).toEqual({ name: 'GBK', source: 'detected-gbk' });
    const settings = { target: 'grids', communityId: world.territory.communityId, fields: { name: 'MC' }, planName: '导入测试草案' };
    const report = await validateJob(app, planner, uploaded.body.id, settings);
    expect(report.body.problems.map((problem: any) => [problem.row, problem.code])).toContainEqual([3, 'invalid_geometry']);
    expect((await commitJob(app, planner, uploaded.body.id)).status).toBe(422);
    const repaired = await validateJob(app, planner, uploaded.body.id, { ...settings, makeValidRows: [3] });
    expect(repaired.body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, uploaded.body.id);
    expect(committed.last).toMatchObject({ type: 'result', target: 'grids', written: 3 });
    const planId = committed.last.planId as number;
    const [plan] = await database.sql`select name, status from plans where id = ${planId}`;
    expect(plan).toMatchObject({ name: '导入测试草案', status: 'draft' });
    const names = await database.sql<{ name: string }[]>`
      select distinct on (grid_id) name from plan_grid_versions where plan_id = ${planId} order by grid_id, id desc`;
    expect(names.map((row) => row.name).sort()).toEqual(['凤梅一网格', '凤梅三网格', '凤梅二网格']);
    // the live layout is untouched
    const live = await database.sql`select name from grid_versions where community_id = ${world.territory.communityId} and valid_to is null order by name`;
    expect(live.map((row) => row.name)).toEqual(['测试网格1', '测试网格2']);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const before = await database.sql`select (select count(*) from incidents) + (select count(*) from risk_sources) + (select count(*) from communities) as n`;
    const zipWithoutShp = new JSZip();
    zipWithoutShp.file('readme.txt', 'no shapes here');
    const noShp = await uploadFile(app, planner, 'boundaries.zip', await zipWithoutShp.generateAsync({ type: 'uint8array' }));
    expect(noShp.status).toBe(422);
    expect(noShp.body.error).toMatchObject({ code: 'import_file_refused', details: { reason: 'zip_without_shp' } });
    expect(noShp.body.error.message).toMatch(/没有 \.shp/);
    const corrupt = await uploadFile(app, planner, 'broken.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(corrupt.body.error.message).toMatch(/已损坏/);
    const notJson = await uploadFile(app, planner, 'broken.geojson', '{"type": "FeatureCollection", "features": [');
    expect(notJson.body.error.details.reason).toBe('corrupt_json');

    const huge = await app.request('/api/imports', {
      method: 'POST', headers: { ...planner, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(200 * 1024 * 1024) },
      body: new ReadableStream({ start(controller) { controller.enqueue(new Uint8Array(1024)); controller.close(); } }), duplex: 'half',
    } as RequestInit);
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toMatch(/超过 100 MB/);

    const unknownEncoding = await uploadFile(app, planner, 'cases.csv', new Uint8Array([...Buffer.from('name,lng,lat\n'), 0xff, 0xfe, 0xff, 0x80, ...Buffer.from(',117.0,31.0\n')]));
    expect(unknownEncoding.body.error.message).toMatch(/既不是 UTF-8 也不是 GBK/);

    const ring = Array.from({ length: 1_000_000 }, (_, index) => [117 + 0.001 * Math.cos((index / 1_000_000) * 2 * Math.PI), 31 + 0.001 * Math.sin((index / 1_000_000) * 2 * Math.PI)]);
    ring.push(ring[0]!);
    const heavy = await uploadFile(app, planner, 'heavy.geojson', JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }));
    expect(heavy.status).toBe(422);
    expect(heavy.body.error.message).toMatch(/1,000,001 个顶点/);

    const gbk = iconv.encode('编号,经度,纬度,描述\nA1,31.0051,117.0051,正常\nA2,117.0051,31.0051,=HYPERLINK("http://x")\nA3,500,31,越界\nA4,,31,缺经度\n', 'gbk');
    const cases = await uploadFile(app, planner, 'cases.csv', gbk);
    expect(cases.body.detection.encoding).toEqual({ name: 'GBK', source: 'detected-gbk' });
    const report = await validateJob(app, planner, cases.body.id, {
      target: 'incidents', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' }, fields: { trackingCode: '编号', description: '描述' }, defaults: { categoryCode: '0199' },
    });
    const codes = Object.fromEntries(report.body.problems.filter((problem: any) => problem.severity === 'error').map((problem: any) => [problem.row, problem.code]));
    expect(codes).toEqual({ 1: 'swapped_coordinates', 2: 'formula_in_cell', 3: 'coordinates_out_of_range', 4: 'missing_coordinates' });
    const refused = await commitJob(app, planner, cases.body.id);
    expect(refused.status).toBe(422);
    expect(refused.last.error.details.rows).toEqual([1, 2, 3, 4]);
    const after = await database.sql`select (select count(*) from incidents) + (select count(*) from risk_sources) + (select count(*) from communities) as n`;
    expect(after[0]!.n).toBe(before[0]!.n);
  }, 120_000);

  it('keeps a job to its creator and lets only planners and administrators import', async () => {
    const uploaded = await uploadFile(app, planner, 'one.geojson', JSON.stringify({ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [117.001, 31.001] } }));
    const other = await sessionFor(database.sql, world.users.admin);
    expect((await app.request(`/api/imports/${uploaded.body.id}`, { headers: other })).status).toBe(200);
    const dispatcher = await sessionFor(database.sql, world.users.dispatcher);
    expect((await uploadFile(app, dispatcher, 'one.geojson', '{}')).status).toBe(403);
  });
});
