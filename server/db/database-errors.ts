/**
 * Start-up failures of the data layer, each with a message that tells the operator what to do.
 * They are thrown before the HTTP server exists, so they carry no status code.
 */
export class DatabaseStartupError extends Error {
  constructor(
    readonly code: 'data_folder_locked' | 'database_unreachable' | 'database_auth_failed' | 'postgis_missing' | 'migration_changed',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseStartupError';
  }
}

/** Turn a postgres.js connection failure into an actionable message. */
export function explainConnectionFailure(error: unknown, databaseUrl: string): DatabaseStartupError | undefined {
  const safeUrl = databaseUrl.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@');
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'CONNECT_TIMEOUT' || code === 'EHOSTUNREACH') {
    return new DatabaseStartupError(
      'database_unreachable',
      `Cannot reach PostgreSQL at ${safeUrl} (${code}). Check that the server is running and DATABASE_URL is right, ` +
        'or unset DATABASE_URL to use the embedded database.',
    );
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseStartupError(
      'database_auth_failed',
      `PostgreSQL refused the credentials in DATABASE_URL (${safeUrl}): ${(error as Error).message}.`,
    );
  }
  if (code === '3D000') {
    return new DatabaseStartupError(
      'database_unreachable',
      `The database named in DATABASE_URL (${safeUrl}) does not exist: create it with "createdb".`,
    );
  }
  return undefined;
}
