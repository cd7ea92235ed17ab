import postgres from 'postgres';
import { DatabaseStartupError, explainConnectionFailure } from './database-errors.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.ts';
import { secureDataFolder } from './data-folder-permissions.ts';
import { untimed, type PhaseTimer } from '../start-timings.ts';

export type Sql = postgres.Sql;
/** A connection or a transaction: repositories take either. */
export type Queryable = Sql | postgres.TransactionSql;

export interface Database {
  sql: Sql;
  mode: 'embedded' | 'postgres';
  /** The embedded PGlite instance, for dumps in tests; undefined on real PostgreSQL. */
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

export type DatabaseSource =
  | { databaseUrl: string }
  | { dataDirectory: string }
  | { dump: Blob | File };

// no custom types are registered: the bigint override below replaces a built-in one
const sharedOptions: postgres.Options<Record<string, never>> = {
  onnotice: () => {},
  transform: postgres.camel,
  // int8 (counts, bigserial ids) as JavaScript numbers: ids stay far below 2^53
  types: {
    bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) },
  } as unknown as Record<string, never>,
};

/**
 * Open the one database layer: real PostgreSQL when a URL is given, else embedded PGlite.
 * `timer` (npm start) times the phases: `database` (PGlite opens the folder and loads its
 * extension bundles, PostGIS's the largest; or the first PostgreSQL connection) and `extensions`.
 */
export async function openDatabase(source: DatabaseSource, timer: PhaseTimer = untimed): Promise<Database> {
  if ('databaseUrl' in source) return openPostgres(source.databaseUrl, timer);
  return openEmbedded(source, timer);
}

async function openPostgres(databaseUrl: string, timer: PhaseTimer): Promise<Database> {
  const sql = postgres(databaseUrl, {
    ...sharedOptions,
    max: Number(process.env.GRIDATLAS_POOL_SIZE ?? 10),
    connect_timeout: 10,
    // JIT compilation costs far more than it saves on these short geometry queries
    connection: { jit: 'off', application_name: 'gridatlas' },
  });
  try {
    await timer.phase('database', () => sql`select 1`);
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw explainConnectionFailure(error, databaseUrl) ?? error;
  }
  await timer.phase('extensions', () => requirePostgis(sql, 'postgres'));
  return { sql, mode: 'postgres', embedded: undefined, close: () => sql.end({ timeout: 5 }) };
}

async function openEmbedded(source: { dataDirectory: string } | { dump: Blob | File }, timer: PhaseTimer): Promise<Database> {
  const releaseLock = 'dataDirectory' in source ? lockDataFolder(source.dataDirectory) : () => {};
  let embedded: EmbeddedDatabase;
  try {
    embedded = await timer.phase('database', () => {
      if ('dataDirectory' in source) secureDataFolder(source.dataDirectory);
      return startEmbeddedDatabase(source);
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const sql = postgres({
    ...sharedOptions,
    host: embedded.host,
    port: embedded.port,
    database: 'postgres',
    username: 'postgres',
    max: 1, // pglite-socket serves one connection
  });
  await timer.phase('extensions', () => requirePostgis(sql, 'embedded'));
  return {
    sql,
    mode: 'embedded',
    embedded,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.stop();
      releaseLock();
    },
  };
}

/** Create PostGIS if it is available; otherwise say how to install it. */
async function requirePostgis(sql: Sql, mode: 'embedded' | 'postgres'): Promise<void> {
  const [installed] = await sql`select extversion from pg_extension where extname = 'postgis'`;
  if (installed) return;
  const [available] = await sql`select 1 from pg_available_extensions where name = 'postgis'`;
  if (!available) {
    throw new DatabaseStartupError(
      'postgis_missing',
      mode === 'embedded'
        ? 'The embedded database has no PostGIS: reinstall @electric-sql/pglite-postgis (npm ci).'
        : 'PostGIS is not installed on this PostgreSQL server. On Debian/Ubuntu: ' +
            'apt-get install postgresql-15-postgis-3 (match your PostgreSQL major version), then restart GridAtlas.',
    );
  }
  try {
    await sql`create extension if not exists postgis`;
  } catch (error) {
    throw new DatabaseStartupError(
      'postgis_missing',
      `PostGIS is installed but could not be enabled (${(error as Error).message}). ` +
        'Ask a superuser to run "CREATE EXTENSION postgis;" in this database.',
    );
  }
}

/** The PostGIS library version, for /api/health. */
export async function postgisVersion(sql: Queryable): Promise<string> {
  const [row] = await sql`select postgis_lib_version() as version`;
  return String(row?.version);
}
