import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** The zone's clock: every time a person reads is shown in `timeZone` (policy `zone_time_zone`). */
export const clockSchema = z
  .object({
    timeZone: z.string().openapi({ example: 'Asia/Shanghai', description: 'IANA time zone of the territory' }),
    now: instantSchema,
  })
  .openapi('Clock');
export type Clock = z.infer<typeof clockSchema>;

/**
 * The server's health. Anyone learns only whether it is up (`ok`) or not (`unavailable`, 503);
 * a signed-in administrator also gets the database mode, PostGIS version, migration level and the
 * grids in the lookup index.
 */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.object({ mode: z.enum(['embedded', 'postgres']), postgis: z.string(), migrationLevel: z.number() }).optional(),
    gridIndex: z.object({ grids: z.number() }).optional(),
  })
  .openapi('Health');
export type Health = z.infer<typeof healthSchema>;
