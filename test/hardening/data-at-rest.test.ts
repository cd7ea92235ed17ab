import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { secureDataFolder } from '../../server/db/data-folder-permissions.ts';
import { idNumberCheckCharacter } from '../../server/demo/fake-identity.ts';
import { maskName } from '../../server/personal-data/masking.ts';
import { sealPersonalDataAtStart } from '../../server/personal-data/seal-personal-data.ts';
import { commitJob, uploadFile, validateJob } from '../import-export/import-helpers.ts';
import { buildAccountsWorld, sessionFor } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
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

/**
 * All the text a database holds in its tables other than households, each row as text: a
 * household head's name that also appears there (a grid worker or a residents' group leader of the
 * same name, stored in clear by design, or part of a place name) cannot prove anything about
 * households when found in the data folder, so the tests grep only for names absent from it.
 */
async function textOutsideHouseholds(sql: Database['sql']): Promise<string> {
  const tables = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c
     where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and c.relname not in ('households', 'spatial_ref_sys')`;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await sql<{ text: string }[]>`select t::text as text from ${sql(table.name)} t`;
    for (const row of rows) parts.push(row.text);
  }
  return parts.join('\n');
}

/** Reveal households' personal fields as a role that may (an audited reveal, as the worker app does). */
async function revealNames(app: TestApp, headers: Record<string, string>, ids: number[]): Promise<string[]> {
  const names: string[] = [];
  for (const id of ids) {
    const response = await app.request(`/api/households/${id}/reveal`, {
      method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ fields: ['name'], reason: '静态加密测试' }),
    });
    expect(response.status).toBe(200);
    names.push((await response.json()).headName);
  }
  return names;
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

  it('leaves no household head\'s name in clear in the data folder after the demo is loaded (0026), and the API still answers it', async () => {
    const database = await openTestDatabase('demo');
    try {
      const { sql } = database;
      const [counts] = await sql<{ named: number; clear: number }[]>`
        select count(head_name)::int as named, count(*) filter (where head_name not like 'enc:v1:%')::int as clear from households`;
      expect(counts!.named).toBeGreaterThan(1_000);
      expect(counts!.clear).toBe(0);

      // a few heads' names as an admin reads them: masked in the list, in full through the audited reveal
      const { app } = createTestApp(database);
      const [admin] = await sql<{ id: number }[]>`select id from users where role = 'admin' and not disabled order by id limit 1`;
      const adminHeaders = await sessionFor(sql, admin!.id);
      const listed = await getJson(app, '/api/households?limit=60', { headers: adminHeaders });
      expect(listed.status).toBe(200);
      const households = listed.body.households as { id: number; headName: string }[];
      expect(households).toHaveLength(60);
      const names = await revealNames(app, adminHeaders, households.map((household) => household.id));
      for (const name of names) expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(households.map((household) => household.headName)).toEqual(names.map(maskName));
      // and the same names are what the rows hold once opened: the reveal is not reading something else
      const stored = await sql<{ headName: string }[]>`select head_name from households where id = any(${households.map((household) => household.id)}::int[]) order by id`;
      expect(stored.map((row) => testDataKey.open(row.headName)).sort()).toEqual([...names].sort());

      if (databaseMode === 'embedded') {
        // the demo template is the data folder of a database the demo loader filled (test/support/global-setup.ts)
        const dump = fs.readFileSync(inject('embeddedDumps').demo);
        const elsewhere = await textOutsideHouseholds(sql);
        const distinctive = [...new Set(names)].filter((name) => !elsewhere.includes(name));
        expect(distinctive.length).toBeGreaterThanOrEqual(10);
        expect(distinctive.filter((name) => dump.includes(Buffer.from(name, 'utf8')))).toEqual([]);
        // the search would find a name stored in clear: grid workers' names are, by design
        const [worker] = await sql<{ name: string }[]>`select name from workers order by id limit 1`;
        expect(dump.includes(Buffer.from(worker!.name, 'utf8'))).toBe(true);
      }
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
        return { idNumber: first17 + idNumberCheckCharacter(first17), phone: `1380000${7700 + index}`, name: `欧阳测名${'甲乙丙'[index]}` };
      });
      const csv = ['小区,楼栋,单元,室,户主,电话,身份证号,经度,纬度', ...people.map((person, index) =>
        `导入小区,8,1,${201 + index},${person.name},${person.phone},${person.idNumber},117.005,31.005`)].join('\n');
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
      const stored = await database.sql<{ id: number; headPhone: string; headIdNumber: string; headName: string }[]>`
        select h.id, head_phone, head_id_number, head_name from households h join buildings b on b.id = h.building_id where b.complex_name = '导入小区' order by h.room`;
      expect(stored.map((row) => [testDataKey.open(row.headPhone), testDataKey.open(row.headIdNumber), testDataKey.open(row.headName)]))
        .toEqual(people.map((person) => [person.phone, person.idNumber, person.name]));
      // the head's name: in full to an admin's audited reveal; masked (欧****) in the list, to a
      // dispatcher (who may never reveal) and in the export, for every role
      const admin = await sessionFor(database.sql, world.users.admin);
      expect(await revealNames(app, admin, stored.map((row) => row.id))).toEqual(people.map((person) => person.name));
      for (const role of ['admin', 'dispatcher'] as const) {
        const listed = await getJson(app, '/api/households?limit=500', { headers: await sessionFor(database.sql, world.users[role]) });
        const imported = (listed.body.households as { id: number; headName: string }[]).filter((household) => stored.some((row) => row.id === household.id));
        expect(imported.map((household) => household.headName), role).toEqual(['欧****', '欧****', '欧****']);
      }
      const exported = await app.request('/api/exports/households?format=geojson', { headers: admin });
      expect(exported.status).toBe(200);
      const exportedText = await exported.text();
      expect(exportedText).toContain('欧****');
      expect(people.filter((person) => exportedText.includes(person.name))).toEqual([]);
      const [job] = await database.sql<{ kind: string; rows: string }[]>`select jsonb_typeof(rows) as kind, rows #>> '{}' as rows from import_jobs where id = ${uploaded.body.id}`;
      expect(job).toMatchObject({ kind: 'string', rows: expect.stringMatching(/^enc:v1:/) });

      if (databaseMode === 'embedded') {
        const bytes = await dataFolderBytes(database);
        expect(bytes.length).toBeGreaterThan(1_000_000);
        const text = bytes.toString('latin1');
        expect(people.filter((person) => text.includes(person.phone) || text.includes(person.idNumber))).toEqual([]);
        expect(people.filter((person) => bytes.includes(Buffer.from(person.name, 'utf8')))).toEqual([]);
        // a clear name would be found: the complex's name, stored in clear, is
        expect(bytes.includes(Buffer.from('导入小区', 'utf8'))).toBe(true);
        expect(clearIdNumbers(bytes)).toEqual([]);
        expect(clearResidentMobiles(bytes)).toEqual([]);
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses a clear phone, head\'s name or reporter contact at the database, whatever the write path (migrations 0021, 0026)', async () => {
    const database = await openTestDatabase('demo');
    try {
      const [household] = await database.sql<{ id: number }[]>`select id from households order by id limit 1`;
      await expect(database.sql`update households set head_phone = '13800001234' where id = ${household!.id}`).rejects.toThrow(/households_head_phone_sealed/);
      await expect(database.sql`update households set head_name = '张三' where id = ${household!.id}`).rejects.toThrow(/households_head_name_sealed/);
      await expect(database.sql`
        insert into households (building_id, grid_id, room, location, head_name)
        select building_id, grid_id, '9999', location, '李四' from households where id = ${household!.id}`).rejects.toThrow(/households_head_name_sealed/);
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
      await sql`alter table households drop constraint households_head_phone_sealed, drop constraint households_head_id_number_sealed, drop constraint households_head_name_sealed`;
      await sql`alter table incidents drop constraint incidents_reporter_phone_sealed, drop constraint incidents_reporter_name_sealed`;
      await sql`alter table import_jobs drop constraint import_jobs_rows_sealed`;
      const householdId = world.householdIds[0]!;
      await sql`update households set head_phone = '13800006666', head_id_number = '340122198001011000', head_id_number_hash = null, head_name = '钱多多' where id = ${householdId}`;
      // a household whose phone and ID number were already sealed, its head's name not (a database between 0021 and 0026)
      await sql`update households set head_name = '孙小美' where id = ${world.householdIds[1]!}`;
      await sql`
        insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at, reporter_name, reporter_phone)
        values ('OLD-1', '0101', 'hotline', 'reported', '旧案件', ST_SetSRID(ST_MakePoint(117.005, 31.005), 4326),
                ${world.territory.gridIds[0]!}, ${world.territory.communityId}, '2026-03-01T08:00:00+08:00', '赵六', '13800007777')`;
      const rows = [{ row: 1, properties: { 电话: '13800008888' }, geometry: null }];
      const [job] = await sql<{ id: number }[]>`
        insert into import_jobs (created_by, file_name, format, detection, rows)
        values (${world.users.planner}, 'old.csv', 'csv', '{}'::jsonb, ${JSON.stringify(rows)}::text::jsonb) returning id`;

      const lines: string[] = [];
      expect(await sealPersonalDataAtStart(sql, testDataKey, (line) => lines.push(line))).toBe(4);
      expect(lines).toEqual([expect.stringContaining('4 rows')]);
      expect(await sealPersonalDataAtStart(sql, testDataKey, (line) => lines.push(line))).toBe(0);
      expect(lines).toHaveLength(1);
      const [household] = await sql<{ headPhone: string; headIdNumber: string; headIdNumberHash: string; headName: string }[]>`
        select head_phone, head_id_number, head_id_number_hash, head_name from households where id = ${householdId}`;
      expect([testDataKey.open(household!.headPhone), testDataKey.open(household!.headIdNumber), testDataKey.open(household!.headName)])
        .toEqual(['13800006666', '340122198001011000', '钱多多']);
      expect(household!.headIdNumberHash).toBe(testDataKey.lookupHash('340122198001011000'));
      const [incident] = await sql<{ reporterName: string; reporterPhone: string }[]>`select reporter_name, reporter_phone from incidents where tracking_code = 'OLD-1'`;
      expect([testDataKey.open(incident!.reporterName), testDataKey.open(incident!.reporterPhone)]).toEqual(['赵六', '13800007777']);
      const [stored] = await sql<{ rows: string }[]>`select rows #>> '{}' as rows from import_jobs where id = ${job!.id}`;
      expect(JSON.parse(testDataKey.open(stored!.rows))).toEqual(rows);
      // the other household's sealed values were left as they were
      const [other] = await sql<{ headPhone: string; headName: string }[]>`select head_phone, head_name from households where id = ${world.householdIds[1]!}`;
      expect(testDataKey.open(other!.headPhone)).toBe('13987654321');
      expect(testDataKey.open(other!.headName)).toBe('孙小美');
      if (databaseMode === 'embedded') {
        // the old row versions went with the rewrite: no clear copy in the table files (the WAL still
        // has this test's own clear writes until its segments are recycled, so only the tables are read)
        // incidents is partitioned by month (0027): its rows are in the partition of the case's month
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
        expect(heap.includes(Buffer.from('钱多多', 'utf8'))).toBe(false);
        expect(heap.includes(Buffer.from('孙小美', 'utf8'))).toBe(false);
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
