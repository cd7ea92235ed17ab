import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { secureDataFolder } from '../../server/db/data-folder-permissions.ts';
import { idNumberCheckCharacter } from '../../server/demo/fake-identity.ts';
import { sealPersonalDataAtStart } from '../../server/personal-data/seal-personal-data.ts';
import { commitJob, uploadFile, validateJob } from '../import-export/import-helpers.ts';
import { buildAccountsWorld, sessionFor } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** Every 18-character resident ID number (valid check character) in some bytes, read as text. */
function clearIdNumbers(bytes: Buffer): string[] {
  const pattern = /[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]/g;
  return [...bytes.toString('latin1').matchAll(pattern)].map((match) => match[0]).filter((text) => idNumberCheckCharacter(text.slice(0, 17)) === text[17]);
}

/**
 * Every mobile number (1[3-9] and nine digits) in some bytes that belongs to the residents' block of
 * the demo generator (138 0000 xxxx: household heads and people who report a case; staff and
 * business contacts use 139 0000 xxxx and are not personal data of residents).
 */
function clearResidentMobiles(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)].map((match) => match[0]).filter((text) => text.startsWith('1380000'));
}

/** The data folder of an embedded database, as bytes (a checkpoint first, so the heap files are current). */
async function dataFolderBytes(database: Database): Promise<Buffer> {
  await database.sql`checkpoint`;
  const dump = await database.embedded!.pglite.dumpDataDir('none');
  return Buffer.from(await dump.arrayBuffer());
}

/** The files of a tar archive (a PGlite data-folder dump) by name. */
function tarEntries(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    const prefix = tar.subarray(offset + 345, offset + 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(tar.subarray(offset + 124, offset + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    files.set(prefix ? `${prefix}/${name}` : name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe(`personal data at rest (${databaseMode})`, () => {
  it('finds the pattern it looks for (a clear ID number in bytes)', () => {
    const first17 = '34012219800101123';
    const idNumber = first17 + idNumberCheckCharacter(first17);
    expect(clearIdNumbers(Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`x${idNumber}y`)]))).toEqual([idNumber]);
  });

  it('finds the residents\' mobile numbers it looks for, and they are what the demo generator writes', () => {
    expect(clearResidentMobiles(Buffer.from('x13800001234y 13900001234 0551-00001234 138000012345'))).toEqual(['13800001234']);
    expect(clearResidentMobiles(Buffer.from('\u000013800004321\u0000'))).toEqual(['13800004321']);
  });

  it('leaves no clear ID number nor resident\'s phone anywhere in the data folder after the demo is loaded: heap, dead tuples and WAL', async () => {
    if (databaseMode === 'embedded') {
      // the demo template is the data folder of a database the demo loader filled (test/support/global-setup.ts)
      const dump = fs.readFileSync(inject('embeddedDumps').demo);
      expect(dump.length).toBeGreaterThan(1_000_000);
      expect(clearIdNumbers(dump)).toEqual([]);
      expect(clearResidentMobiles(dump)).toEqual([]);
    }
    // and on either database, every stored ID number is sealed
    const database = await openTestDatabase('demo');
    try {
      const [households] = await database.sql`select count(*)::int as total, count(*) filter (where head_id_number not like 'enc:v1:%')::int as clear from households where head_id_number is not null`;
      expect(households!.total).toBeGreaterThan(1_000);
      expect(households!.clear).toBe(0);
      const [workers] = await database.sql`
        select count(*) filter (where id_number not like 'enc:v1:%' or phone not like 'enc:v1:%')::int as clear, count(phone)::int as phones from workers`;
      expect(workers!.clear).toBe(0);
      expect(workers!.phones).toBeGreaterThan(10);
      // residents' phones and reporters' contacts: all sealed, and they open to the generator's residents' block
      const [phones] = await database.sql`
        select (select count(*)::int from households where head_phone is not null) as households,
               (select count(*)::int from households where head_phone not like 'enc:v1:%') as clear_households,
               (select count(*)::int from incidents where reporter_phone is not null) as reporters,
               (select count(*)::int from incidents where reporter_phone not like 'enc:v1:%' or reporter_name not like 'enc:v1:%') as clear_reporters`;
      expect(phones).toMatchObject({ clearHouseholds: 0, clearReporters: 0 });
      expect(phones!.households).toBeGreaterThan(1_000);
      expect(phones!.reporters).toBeGreaterThan(10);
      const sample = await database.sql<{ headPhone: string; reporterPhone: string }[]>`
        select (select head_phone from households where head_phone is not null order by id limit 1) as head_phone,
               (select reporter_phone from incidents where reporter_phone is not null order by id limit 1) as reporter_phone`;
      expect(clearResidentMobiles(Buffer.from(testDataKey.open(sample[0]!.headPhone)))).toHaveLength(1);
      expect(clearResidentMobiles(Buffer.from(testDataKey.open(sample[0]!.reporterPhone)))).toHaveLength(1);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('leaves no clear ID number nor phone on disk after a household import: the rows are sealed before the first write, the upload too', async () => {
    const database = await openTestDatabase('migrated');
    try {
      const { app } = createTestApp(database);
      const world = await buildAccountsWorld(database.sql, testDataKey);
      const planner = await sessionFor(database.sql, world.users.planner);
      const people = [0, 1, 2].map((index) => {
        const first17 = `34012219850${index + 1}0${index + 1}912`;
        return { idNumber: first17 + idNumberCheckCharacter(first17), phone: `1380000${7700 + index}` };
      });
      const csv = ['小区,楼栋,单元,室,户主,电话,身份证号,经度,纬度', ...people.map((person, index) =>
        `导入小区,8,1,${201 + index},测试户主${index},${person.phone},${person.idNumber},117.005,31.005`)].join('\n');
      const uploaded = await uploadFile(app, planner, 'households.csv', csv);
      expect(uploaded.status).toBe(201);
      const report = await validateJob(app, planner, uploaded.body.id, {
        target: 'households', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' },
        fields: { complexName: '小区', buildingNumber: '楼栋', unit: '单元', room: '室', headName: '户主', headPhone: '电话', headIdNumber: '身份证号' },
      });
      expect(report.status).toBe(200);
      expect(report.body.rowsWithErrors).toBe(0);
      const committed = await commitJob(app, planner, uploaded.body.id);
      expect(committed.last).toMatchObject({ type: 'result', written: 3 });

      // stored sealed, and the API still opens them (masked by default)
      const stored = await database.sql<{ headPhone: string; headIdNumber: string }[]>`
        select head_phone, head_id_number from households h join buildings b on b.id = h.building_id where b.complex_name = '导入小区' order by h.room`;
      expect(stored.map((row) => [testDataKey.open(row.headPhone), testDataKey.open(row.headIdNumber)])).toEqual(people.map((person) => [person.phone, person.idNumber]));
      const [job] = await database.sql<{ kind: string; rows: string }[]>`select jsonb_typeof(rows) as kind, rows #>> '{}' as rows from import_jobs where id = ${uploaded.body.id}`;
      expect(job).toMatchObject({ kind: 'string', rows: expect.stringMatching(/^enc:v1:/) });

      if (databaseMode === 'embedded') {
        const bytes = await dataFolderBytes(database);
        expect(bytes.length).toBeGreaterThan(1_000_000);
        const text = bytes.toString('latin1');
        expect(people.filter((person) => text.includes(person.phone) || text.includes(person.idNumber))).toEqual([]);
        expect(clearIdNumbers(bytes)).toEqual([]);
        expect(clearResidentMobiles(bytes)).toEqual([]);
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses a clear phone or reporter contact at the database, whatever the write path (migration 0021)', async () => {
    const database = await openTestDatabase('demo');
    try {
      const [household] = await database.sql<{ id: number }[]>`select id from households order by id limit 1`;
      await expect(database.sql`update households set head_phone = '13800001234' where id = ${household!.id}`).rejects.toThrow(/households_head_phone_sealed/);
      const [incident] = await database.sql<{ id: number }[]>`select id from incidents order by id limit 1`;
      await expect(database.sql`update incidents set reporter_phone = '13800001234' where id = ${incident!.id}`).rejects.toThrow(/incidents_reporter_phone_sealed/);
      await expect(database.sql`update incidents set reporter_name = '张三' where id = ${incident!.id}`).rejects.toThrow(/incidents_reporter_name_sealed/);
      await expect(database.sql`update workers set phone = '13900001234' where id = (select min(id) from workers)`).rejects.toThrow(/workers_phone_sealed/);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('seals at start what a database written before 0021 holds in clear, every column of a row at once, idempotently', async () => {
    const database = await openTestDatabase('migrated');
    const { sql } = database;
    try {
      const world = await buildAccountsWorld(sql, testDataKey);
      // a database as it was before 0021: clear phones, contacts and upload rows (its checks did not exist)
      await sql`alter table households drop constraint households_head_phone_sealed, drop constraint households_head_id_number_sealed`;
      await sql`alter table incidents drop constraint incidents_reporter_phone_sealed, drop constraint incidents_reporter_name_sealed`;
      await sql`alter table import_jobs drop constraint import_jobs_rows_sealed`;
      const householdId = world.householdIds[0]!;
      await sql`update households set head_phone = '13800006666', head_id_number = '340122198001011000', head_id_number_hash = null where id = ${householdId}`;
      await sql`
        insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at, reporter_name, reporter_phone)
        values ('OLD-1', '0101', 'hotline', 'reported', '旧案件', ST_SetSRID(ST_MakePoint(117.005, 31.005), 4326),
                ${world.territory.gridIds[0]!}, ${world.territory.communityId}, '2026-03-01T08:00:00+08:00', '赵六', '13800007777')`;
      const rows = [{ row: 1, properties: { 电话: '13800008888' }, geometry: null }];
      const [job] = await sql<{ id: number }[]>`
        insert into import_jobs (created_by, file_name, format, detection, rows)
        values (${world.users.planner}, 'old.csv', 'csv', '{}'::jsonb, ${JSON.stringify(rows)}::text::jsonb) returning id`;

      const lines: string[] = [];
      expect(await sealPersonalDataAtStart(sql, testDataKey, (line) => lines.push(line))).toBe(3);
      expect(lines).toEqual([expect.stringContaining('3 rows')]);
      expect(await sealPersonalDataAtStart(sql, testDataKey, (line) => lines.push(line))).toBe(0);
      expect(lines).toHaveLength(1);
      const [household] = await sql<{ headPhone: string; headIdNumber: string; headIdNumberHash: string }[]>`
        select head_phone, head_id_number, head_id_number_hash from households where id = ${householdId}`;
      expect([testDataKey.open(household!.headPhone), testDataKey.open(household!.headIdNumber)]).toEqual(['13800006666', '340122198001011000']);
      expect(household!.headIdNumberHash).toBe(testDataKey.lookupHash('340122198001011000'));
      const [incident] = await sql<{ reporterName: string; reporterPhone: string }[]>`select reporter_name, reporter_phone from incidents where tracking_code = 'OLD-1'`;
      expect([testDataKey.open(incident!.reporterName), testDataKey.open(incident!.reporterPhone)]).toEqual(['赵六', '13800007777']);
      const [stored] = await sql<{ rows: string }[]>`select rows #>> '{}' as rows from import_jobs where id = ${job!.id}`;
      expect(JSON.parse(testDataKey.open(stored!.rows))).toEqual(rows);
      // the other household's sealed values were left as they were
      const [other] = await sql<{ headPhone: string }[]>`select head_phone from households where id = ${world.householdIds[1]!}`;
      expect(testDataKey.open(other!.headPhone)).toBe('13987654321');
      if (databaseMode === 'embedded') {
        // the old row versions went with the rewrite: no clear copy in the table files (the WAL still
        // has this test's own clear writes until its segments are recycled, so only the tables are read)
        // incidents is partitioned by month (0025): its rows are in the partition of the case's month
        const relations = await sql<{ path: string }[]>`
          with stored as (
            select unnest(array['households', 'import_jobs']::regclass[]) as oid
            union all select tableoid from incidents where tracking_code = 'OLD-1'
          )
          select pg_relation_filepath(c.oid) as path from pg_class c
           where c.oid in (select oid from stored)
              or c.oid in (select reltoastrelid from pg_class where oid in (select oid from stored))`;
        expect(relations.length).toBeGreaterThanOrEqual(3);
        const files = tarEntries(await dataFolderBytes(database));
        const heap = Buffer.concat(relations.map(({ path: relation }) => {
          const entries = [...files.entries()].filter(([name]) => name.endsWith(relation) || name.includes(`${relation}.`));
          expect(entries.length, relation).toBeGreaterThan(0);
          return Buffer.concat(entries.map(([, bytes]) => bytes));
        }));
        expect(heap.toString('latin1').includes('13800006666')).toBe(false);
        expect(heap.toString('latin1').includes('13800007777')).toBe(false);
        expect(heap.toString('latin1').includes('13800008888')).toBe(false);
        expect(heap.toString('latin1').includes('340122198001011000')).toBe(false);
      }
    } finally {
      await database.close();
    }
  }, 60_000);

  it('tightens a data folder that others can read, once, with a log line', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-modes-'));
    try {
      const data = path.join(folder, 'db');
      fs.mkdirSync(path.join(data, 'pg_wal'), { recursive: true, mode: 0o755 });
      fs.chmodSync(data, 0o755);
      fs.chmodSync(path.join(data, 'pg_wal'), 0o755);
      fs.writeFileSync(path.join(data, 'pg_wal', '000000010000000000000001'), 'phone 13812345678');
      fs.chmodSync(path.join(data, 'pg_wal', '000000010000000000000001'), 0o644);
      const lines: string[] = [];
      expect(secureDataFolder(data, (line) => lines.push(line))).toBe(3);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('0700');
      expect(fs.statSync(data).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(data, 'pg_wal')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(data, 'pg_wal', '000000010000000000000001')).mode & 0o777).toBe(0o600);
      expect(secureDataFolder(data, (line) => lines.push(line))).toBe(0);
      expect(lines).toHaveLength(1);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
