import { readConfig } from '../config.ts';
import { openDatabase } from './connect.ts';
import { DatabaseStartupError } from './database-errors.ts';
import { migrate } from './migrate.ts';

/** `npm run db:migrate`: apply pending migrations to the configured database and exit. */
const config = readConfig();
try {
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDirectory: config.dataDirectory });
  try {
    const report = await migrate(database.sql);
    console.log(report.applied.length ? `Applied ${report.applied.join(', ')}; level ${report.level}` : `Up to date at level ${report.level}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof DatabaseStartupError ? `Cannot migrate: ${error.message}` : error);
  process.exit(1);
}
