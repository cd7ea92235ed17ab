import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { DatabaseStartupError } from '../../server/db/database-errors.ts';
import { defaultMigrationsDirectory, migrate, migrationLevel, readMigrationFiles } from '../../server/db/migrate.ts';
import { openTestDatabase } from '../support/test-database.ts';

function copyOfMigrations(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-migrations-'));
  for (const name of fs.readdirSync(defaultMigrationsDirectory)) {
    fs.copyFileSync(path.join(defaultMigrationsDirectory, name), path.join(directory, name));
  }
  return directory;
}

describe('migrations', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('migrated');
  });
  afterAll(async () => {
    await database.close();
  });

  it('re-running on an up-to-date database applies nothing and keeps the level', async () => {
    const level = readMigrationFiles().length;
    const report = await migrate(database.sql);
    expect(report.applied).toEqual([]);
    expect(await migrationLevel(database.sql)).toBe(level);
  });

  it('refuses a migration file that changed after it was applied, and changes nothing', async () => {
    const directory = copyOfMigrations();
    fs.appendFileSync(path.join(directory, '0001_territory.sql'), '\n-- edited later\ncreate table sneaky (id int);\n');
    const failure = await migrate(database.sql, directory).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseStartupError);
    expect((failure as DatabaseStartupError).code).toBe('migration_changed');
    expect((failure as Error).message).toContain('0001_territory.sql');
    const [row] = await database.sql`select to_regclass('sneaky') as table_name`;
    expect(row!.tableName).toBeNull();
  });

  it('applies a new numbered file once, and a failing file leaves no trace', async () => {
    const directory = copyOfMigrations();
    const next = readMigrationFiles(directory).length + 1;
    const name = `${String(next).padStart(4, '0')}_add_probe.sql`;
    fs.writeFileSync(path.join(directory, name), 'create table migration_probe (id int primary key);');
    expect((await migrate(database.sql, directory)).applied).toEqual([name]);
    expect((await migrate(database.sql, directory)).applied).toEqual([]);

    const broken = `${String(next + 1).padStart(4, '0')}_broken.sql`;
    fs.writeFileSync(path.join(directory, broken), 'create table half_done (id int); select no_such_function();');
    await expect(migrate(database.sql, directory)).rejects.toThrow(/no_such_function/);
    const [row] = await database.sql`select to_regclass('half_done') as table_name`;
    expect(row!.tableName).toBeNull();
    expect(await migrationLevel(database.sql)).toBe(next);
  });

  it('rejects badly named or gapped migration files', () => {
    const directory = copyOfMigrations();
    fs.writeFileSync(path.join(directory, '0009_gap.sql'), 'select 1;');
    expect(() => readMigrationFiles(directory)).toThrow(/without gaps/);
    fs.rmSync(path.join(directory, '0009_gap.sql'));
    fs.writeFileSync(path.join(directory, 'add-thing.sql'), 'select 1;');
    expect(() => readMigrationFiles(directory)).toThrow(/0001_name\.sql/);
  });
});
