import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { secureDataFolder } from '../../server/db/data-folder-permissions.ts';
import { idNumberCheckCharacter } from '../../server/demo/fake-identity.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** Every 18-character resident ID number (valid check character) in some bytes, read as text. */
function clearIdNumbers(bytes: Buffer): string[] {
  const pattern = /[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]/g;
  return [...bytes.toString('latin1').matchAll(pattern)].map((match) => match[0]).filter((text) => idNumberCheckCharacter(text.slice(0, 17)) === text[17]);
}

describe(`personal data at rest (${databaseMode})`, () => {
  it('finds the pattern it looks for (a clear ID number in bytes)', () => {
    const first17 = '34012219800101123';
    const idNumber = first17 + idNumberCheckCharacter(first17);
    expect(clearIdNumbers(Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`x${idNumber}y`)]))).toEqual([idNumber]);
  });

  it('leaves no clear ID number anywhere in the data folder after the demo is loaded: heap, dead tuples and WAL', async () => {
    if (databaseMode === 'embedded') {
      // the demo template is the data folder of a database the demo loader filled (test/support/global-setup.ts)
      const dump = fs.readFileSync(inject('embeddedDumps').demo);
      expect(dump.length).toBeGreaterThan(1_000_000);
      expect(clearIdNumbers(dump)).toEqual([]);
    }
    // and on either database, every stored ID number is sealed
    const database = await openTestDatabase('demo');
    try {
      const [households] = await database.sql`select count(*)::int as total, count(*) filter (where head_id_number not like 'enc:v1:%')::int as clear from households where head_id_number is not null`;
      expect(households!.total).toBeGreaterThan(1_000);
      expect(households!.clear).toBe(0);
      const [workers] = await database.sql`select count(*) filter (where id_number not like 'enc:v1:%')::int as clear from workers where id_number is not null`;
      expect(workers!.clear).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);

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
