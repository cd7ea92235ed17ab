import os from 'node:os';
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
  /** Proxies whose X-Forwarded-For is believed; without one the socket address is the client. */
  trustedProxies: string[];
  /** Mark session cookies Secure (set when served over HTTPS, directly or behind a proxy). */
  secureCookies: boolean;
  /** base64 32-byte key protecting ID numbers; unset → a key file beside the data folder. */
  dataKey: string | undefined;
  dataKeyFile: string;
  /** 110/119/120 linkage (server/emergency/linkage-adapter.ts): where hand-overs are POSTed, and the HMAC secret both ways. */
  linkageWebhookUrl: string | undefined;
  linkageSecret: string | undefined;
  /**
   * API processes sharing the port (node:cluster): GRIDATLAS_PROCESSES, by default one per core on
   * PostgreSQL and always 1 on the embedded database (its data folder belongs to one process).
   */
  processes: number;
  /** Which process of a cluster this is (0 …), set by the cluster's primary; undefined when alone. */
  processIndex: number | undefined;
}

export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(environment.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${environment.PORT}"`);
  }
  const databaseUrl = environment.DATABASE_URL || undefined;
  const requestedProcesses = environment.GRIDATLAS_PROCESSES ? Number(environment.GRIDATLAS_PROCESSES) : undefined;
  if (requestedProcesses !== undefined && (!Number.isInteger(requestedProcesses) || requestedProcesses < 1 || requestedProcesses > 256)) {
    throw new Error(`GRIDATLAS_PROCESSES must be an integer between 1 and 256, got "${environment.GRIDATLAS_PROCESSES}"`);
  }
  const processIndex = environment.GRIDATLAS_PROCESS_INDEX ? Number(environment.GRIDATLAS_PROCESS_INDEX) : undefined;
  return {
    port,
    host: environment.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDirectory: path.resolve(environment.GRIDATLAS_DATA_DIR ?? path.join('.gridatlas', 'db')),
    loadDemoWhenEmpty: (environment.GRIDATLAS_DEMO ?? 'true') !== 'false',
    basemapStyleUrl: environment.BASEMAP_STYLE_URL || undefined,
    basemapPmtiles: environment.BASEMAP_PMTILES || undefined,
    tiandituKey: environment.TIANDITU_KEY || undefined,
    bodyLimitBytes: Number(environment.GRIDATLAS_BODY_LIMIT ?? 2 * 1024 * 1024),
    trustedProxies: (environment.GRIDATLAS_TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean),
    secureCookies: environment.GRIDATLAS_SECURE_COOKIES === 'true',
    dataKey: environment.GRIDATLAS_DATA_KEY || undefined,
    linkageWebhookUrl: environment.GRIDATLAS_LINKAGE_URL || undefined,
    linkageSecret: environment.GRIDATLAS_LINKAGE_SECRET || undefined,
    dataKeyFile: path.resolve(
      environment.GRIDATLAS_DATA_KEY_FILE ?? path.join(path.dirname(path.resolve(environment.GRIDATLAS_DATA_DIR ?? path.join('.gridatlas', 'db'))), 'data-key'),
    ),
    processes: databaseUrl ? (requestedProcesses ?? os.availableParallelism()) : 1,
    processIndex: processIndex !== undefined && Number.isInteger(processIndex) && processIndex >= 0 ? processIndex : undefined,
  };
}
