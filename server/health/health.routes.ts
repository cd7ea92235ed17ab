import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { postgisVersion } from '../db/connect.ts';
import { migrationLevel } from '../db/migrate.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { clockSchema, healthSchema } from '../../contract/system.ts';
import { zoneTimeZone } from '../time/zone.ts';

export function createHealthRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['system'],
      summary: 'Database mode, PostGIS version and migration level',
      responses: { 200: jsonResponse(healthSchema, 'Healthy') },
    }),
    async (c) => {
      const [postgis, level] = await Promise.all([postgisVersion(database.sql), migrationLevel(database.sql)]);
      await gridIndex.ensureFresh();
      return c.json(
        {
          status: 'ok' as const,
          database: { mode: database.mode, postgis, migrationLevel: level },
          gridIndex: { grids: gridIndex.size },
        },
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/clock',
      tags: ['system'],
      summary: "The zone's time zone (policy zone_time_zone) and the server's time, for showing times in local time",
      responses: { 200: jsonResponse(clockSchema, 'The clock') },
    }),
    async (c) => c.json({ timeZone: await zoneTimeZone(database.sql), now: new Date().toISOString() }, 200),
  );
  return router;
}
