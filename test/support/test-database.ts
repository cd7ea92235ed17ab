import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import {
  postgresTemplateDatabaseName,
  withDatabaseName,
  type TemplateName,
} from './database-templates.ts';

/**
 * A private database for one test file, copied from a template made in global setup:
 * an in-memory PGlite loaded from the template dump, or a new PostgreSQL database created
 * from the template database when DATABASE_URL is set.
 */
export async function openTestDatabase(template: TemplateName = 'migrated'): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dump = fs.readFileSync(inject('embeddedDumps')[template]);
    return openDatabase({ dump: new Blob([dump]) });
  }
  return openNewPostgresDatabase(databaseUrl, postgresTemplateDatabaseName(template));
}

/**
 * A new PostgreSQL database of its own on the server of `databaseUrl` (a copy of `template`, or
 * empty), dropped when closed.
 */
export async function openNewPostgresDatabase(databaseUrl: string, template?: string): Promise<Database> {
  const name = `gridatlas_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabaseName(databaseUrl, name) });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

export const databaseMode = process.env.DATABASE_URL ? 'postgres' : 'embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedDumps: Record<TemplateName, string>;
  }
}
