import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext } from '../../server/app-context.ts';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/connect.ts';
import { GridSpatialIndex } from '../../server/lookup/grid-spatial-index.ts';

/** The real app over a test database, called in-process through `app.request`. */
export function createTestApp(database: Database): { app: OpenAPIHono; context: AppContext } {
  const config = { ...readConfig({}), databaseUrl: process.env.DATABASE_URL };
  const context: AppContext = { config, database, gridIndex: new GridSpatialIndex(database.sql) };
  return { app: createApp(context), context };
}

export async function getJson(app: OpenAPIHono, path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await app.request(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
