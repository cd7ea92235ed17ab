import path from 'node:path';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  /** Set → real PostgreSQL + PostGIS; unset → embedded PGlite in `dataDirectory`. */
  databaseUrl: string | undefined;
  dataDirectory: string;
  /** Load the synthetic demo zone into an empty database at start-up. */
  loadDemoWhenEmpty: boolean;
  basemapStyleUrl: string | undefined;
  basemapPmtiles: string | undefined;
  tiandituKey: string | undefined;
  /** Maximum request body in bytes (uploads have their own limits). */
  bodyLimitBytes: number;
}

export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(environment.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${environment.PORT}"`);
  }
  return {
    port,
    host: environment.HOST ?? '127.0.0.1',
    databaseUrl: environment.DATABASE_URL || undefined,
    dataDirectory: path.resolve(environment.GRIDATLAS_DATA_DIR ?? path.join('.gridatlas', 'db')),
    loadDemoWhenEmpty: (environment.GRIDATLAS_DEMO ?? 'true') !== 'false',
    basemapStyleUrl: environment.BASEMAP_STYLE_URL || undefined,
    basemapPmtiles: environment.BASEMAP_PMTILES || undefined,
    tiandituKey: environment.TIANDITU_KEY || undefined,
    bodyLimitBytes: Number(environment.GRIDATLAS_BODY_LIMIT ?? 2 * 1024 * 1024),
  };
}
