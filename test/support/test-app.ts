import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext } from '../../server/app-context.ts';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/connect.ts';
import type { AppEnv } from '../../server/http/app-env.ts';
import { GridSpatialIndex } from '../../server/lookup/grid-spatial-index.ts';
import { createLimiters } from '../../server/server.ts';
import { LiveEventHub } from '../../server/stream/live-event-hub.ts';
import { enforceContract } from './contract-check.ts';
import { testDataKey } from './database-templates.ts';

/**
 * The real app over a test database, called in-process through `app.request`. Every answer is
 * checked against the route's declared response schema (./contract-check.ts): an API test that
 * gets an answer the contract does not describe fails.
 */
export function createTestApp(
  database: Database,
  configOverrides: Partial<AppContext['config']> = {},
): { app: OpenAPIHono<AppEnv>; context: AppContext } {
  const config = { ...readConfig({}), databaseUrl: process.env.DATABASE_URL, ...configOverrides };
  const context: AppContext = {
    config, database, gridIndex: new GridSpatialIndex(database.sql), dataKey: testDataKey, limiters: createLimiters(),
    // not started: publishing delivers in this process; a test that needs LISTEN calls context.liveEvents.start()
    liveEvents: LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 0 }),
  };
  const app = createApp(context);
  enforceContract(app);
  return { app, context };
}

export async function getJson(app: OpenAPIHono<AppEnv>, path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await app.request(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export type TestApp = OpenAPIHono<AppEnv>;
