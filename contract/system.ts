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
