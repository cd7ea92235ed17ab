import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseStartupError } from './database-errors.ts';
import type { Sql } from './connect.ts';

export const defaultMigrationsDirectory = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../data/migrations',
);

/** Arbitrary but fixed: every GridAtlas process migrating the same database takes this lock. */
const migrationLockKey = 7_431_202_611;

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  text: string;
}

export interface MigrationReport {
  applied: string[];
  level: number;
}

/** Numbered forward-only files: `0001_name.sql`, `0002_name.sql`, … */
export function readMigrationFiles(directory = defaultMigrationsDirectory): MigrationFile[] {
  const files = fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const migrations = files.map((name) => {
    const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(name);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${name}`);
    const text = fs.readFileSync(path.join(directory, name), 'utf8');
    return { version: Number(match[1]), name, checksum: createHash('sha256').update(text).digest('hex'), text };
  });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migrations must be numbered without gaps: ${migration.name}`);
  });
  return migrations;
}

/**
 * Apply pending migrations, each in its own transaction, under an advisory lock so that
 * two processes starting together do not both migrate. A file that was applied and has since
 * changed is refused: migrations are history, a fix is a new file.
 */
export async function migrate(sql: Sql, directory = defaultMigrationsDirectory): Promise<MigrationReport> {
  const migrations = readMigrationFiles(directory);
  // the usual start: every file applied, unchanged. One query answers it, without a transaction per file.
  if (await allApplied(sql, migrations)) return { applied: [], level: migrations.length };
  await sql`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
  const newlyApplied: string[] = [];
  // One transaction per file. Each takes the transaction-scoped advisory lock and re-reads what
  // is applied, so a second process starting at the same moment waits and then finds it done.
  for (const migration of [undefined, ...migrations]) {
    await sql.begin(async (transaction) => {
      await transaction`select pg_advisory_xact_lock(${migrationLockKey})`;
      const appliedRows = await transaction<{ version: number; name: string; checksum: string }[]>`
        select version, name, checksum from schema_migrations order by version`;
      if (migration === undefined) {
        verifyApplied(appliedRows, migrations);
        return;
      }
      if (appliedRows.some((row) => row.version === migration.version)) return;
      await transaction.unsafe(migration.text);
      await transaction`insert into schema_migrations (version, name, checksum)
                        values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      newlyApplied.push(migration.name);
    });
  }
  return { applied: newlyApplied, level: migrations.length };
}

/** The database records exactly these files (versions, names, checksums): nothing to apply or refuse. */
async function allApplied(sql: Sql, migrations: MigrationFile[]): Promise<boolean> {
  const [table] = await sql<{ present: boolean }[]>`select to_regclass('schema_migrations') is not null as present`;
  if (!table?.present) return false;
  const rows = await sql<{ version: number; name: string; checksum: string }[]>`
    select version, name, checksum from schema_migrations order by version`;
  return (
    rows.length === migrations.length &&
    rows.every((row, index) => {
      const file = migrations[index]!;
      return row.version === file.version && row.name === file.name && row.checksum === file.checksum;
    })
  );
}

function verifyApplied(appliedRows: { version: number; name: string; checksum: string }[], migrations: MigrationFile[]): void {
  for (const row of appliedRows) {
    const file = migrations.find((migration) => migration.version === row.version);
    if (!file) {
      throw new DatabaseStartupError(
        'migration_changed',
        `The database has migration ${row.name}, which this build does not have: the database is newer than this code.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new DatabaseStartupError(
        'migration_changed',
        `Migration ${file.name} was changed after it was applied (checksum differs). ` +
          'Applied migrations must not be edited: restore the file and add a new migration instead.',
      );
    }
  }
}

/** The highest applied migration, for /api/health. */
export async function migrationLevel(sql: Sql): Promise<number> {
  const [row] = await sql`select coalesce(max(version), 0)::int as level from schema_migrations`;
  return row?.level ?? 0;
}
