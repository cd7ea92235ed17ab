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
      summary: 'Up or not; for a signed-in administrator also the database mode, PostGIS version and migration level',
      responses: { 200: jsonResponse(healthSchema, 'Healthy'), 503: jsonResponse(healthSchema, 'The database does not answer') },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      try {
        await database.sql`select 1`;
      } catch {
        return c.json({ status: 'unavailable' as const }, 503);
      }
      // versions and levels help an attacker more than a monitor: only administrators read them
      if (viewer.kind !== 'user' || viewer.role !== 'admin') return c.json({ status: 'ok' as const }, 200);
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
