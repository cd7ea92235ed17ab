import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { neutraliseFormula } from '../../server/export/export-formats.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const run = promisify(execFile);

describe('exports', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let folder: string;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    await database.sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at, reporter_name, reporter_phone)
      values ('EXP-1', '0101', 'hotline', 'reported', '=HYPERLINK("http://evil","点我")', ST_SetSRID(ST_MakePoint(117.005, 31.005), 4326),
              ${world.territory.gridIds[0]!}, ${world.territory.communityId}, '2026-03-01T08:00:00+08:00', ${testDataKey.seal('王五')}, ${testDataKey.seal('13700001111')})`;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'exports-'));
  });
  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await database.close();
  });

  const download = async (role: keyof AccountsWorld['users'], url: string) => {
    const response = await app.request(url, { headers: await sessionFor(database.sql, world.users[role]) });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  for (const encoding of ['GBK', 'UTF-8'] as const) {
    it(`writes a shapefile zip with a .cpg (${encoding}) that GDAL reads with the Chinese names intact`, async () => {
      const file = await download('planner', `/api/exports/grids?format=shapefile&encoding=${encoding}&communityId=${world.territory.communityId}`);
      expect(file.status).toBe(200);
      const zip = await JSZip.loadAsync(file.bytes);
      expect(Object.keys(zip.files).sort()).toEqual(['grids.cpg', 'grids.dbf', 'grids.prj', 'grids.shp', 'grids.shx', 'grids_fields.txt']);
      expect(await zip.file('grids.cpg')!.async('string')).toBe(encoding);
      const target = path.join(folder, `grids-${encoding}`);
      fs.mkdirSync(target);
      for (const name of Object.keys(zip.files)) fs.writeFileSync(path.join(target, name), await zip.file(name)!.async('uint8array'));
      const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path.join(target, 'grids.shp')]);
      const copied = JSON.parse(stdout);
      expect(copied.features.map((feature: any) => feature.properties.NAME).sort()).toEqual(['测试网格1', '测试网格2']);
      expect(copied.features.map((feature: any) => feature.properties.COMMUNITYN)).toContain('测试社区');
      const first = copied.features.find((feature: any) => feature.properties.NAME === '测试网格1');
      expect(first.geometry.coordinates[0]).toEqual(expect.arrayContaining([[117, 31], [117.01, 31.01]]));
    });
  }

  it('writes CSV with a BOM, Chinese headers, masked reporters and formulas neutralised', async () => {
    const file = await download('dispatcher', '/api/exports/incidents?format=csv');
    expect(file.status).toBe(200);
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes);
    expect(text).toContain('案件编号');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    expect(text).not.toContain('王五');
    expect(text).toContain('王*');
    expect(text).toContain('117.005');
    expect(neutraliseFormula(-122.4)).toBe(-122.4);
    expect(neutraliseFormula('+86 138')).toBe("'+86 138");
  });

  it('writes XLSX ledgers: households masked and scoped to the worker\'s grid', async () => {
    const file = await download('worker', '/api/exports/households?format=xlsx');
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['户主（脱敏）', '身份证号（脱敏）']));
    // who, when in the zone's local time (not an ISO instant) and the filter in words (not JSON)
    expect(String(sheet.getRow(2).getCell(1).value)).toMatch(/^导出人 \S+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 筛选 全部 · 共 1 条$/);
    const rows = sheet.getSheetValues().slice(4).filter(Boolean);
    expect(rows).toHaveLength(1); // the worker's own grid only
    const flat = JSON.stringify(rows);
    expect(flat).toContain('张*');
    expect(flat).toContain('3401**********1000');
    expect(flat).not.toContain('张三');
    expect((await download('planner', '/api/exports/households?format=xlsx')).status).toBe(403);
  });

  it('writes KML that GDAL reads, and GeoJSON', async () => {
    const kml = await download('admin', '/api/exports/grids?format=kml');
    const target = path.join(folder, 'grids.kml');
    fs.writeFileSync(target, kml.bytes);
    const { stdout } = await run('ogrinfo', ['-ro', '-al', target]);
    expect(stdout).toContain('测试网格2');
    expect(stdout).toContain('Feature Count: 2');
    const geojson = JSON.parse(new TextDecoder().decode((await download('admin', '/api/exports/risk-sources?format=geojson')).bytes));
    expect(geojson.type).toBe('FeatureCollection');
  });

  it('audits every export with its format, filters and row count', async () => {
    await download('auditor', `/api/exports/grids?format=geojson&communityId=${world.territory.communityId}`);
    const [row] = await database.sql`select * from audit_log where action = 'export.grids' and role = 'auditor' order by id desc limit 1`;
    expect(row!.details).toMatchObject({ format: 'geojson', rows: 2, filter: { communityId: world.territory.communityId } });
    const refused = await getJson(app, '/api/exports/grids?format=docx', { headers: await sessionFor(database.sql, world.users.admin) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0].field).toBe('format');
  });
});
