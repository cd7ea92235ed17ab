import { createRoute } from '@hono/zod-openapi';
import { workerListSchema } from '../../contract/workers.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { maskPhone } from '../personal-data/masking.ts';

export function createWorkerRoutes({ database }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/workers',
      tags: ['workers'],
      summary: 'Grid workers with their current grid; private phone and ID number masked',
      responses: { 200: jsonResponse(workerListSchema, 'Workers') },
    }),
    async (c) => {
      const rows = await database.sql<
        { id: number; name: string; gender: string | null; phone: string | null; dutyPhone: string | null; dutyHours: string | null;
          active: boolean; gridId: number | null; gridCode: string | null; gridName: string | null; idNumberHash: string | null }[]
      >`
        select w.id, w.name, w.gender, w.phone, w.duty_phone, w.duty_hours, w.active, w.id_number_hash,
               ga.grid_id, gv.code as grid_code, gv.name as grid_name
          from workers w
          left join grid_assignments ga on ga.worker_id = w.id and ga.ended_at is null
          left join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
         order by gv.code nulls last, w.id`;
      return c.json(
        {
          workers: rows.map(({ phone, idNumberHash, ...worker }) => ({
            ...worker,
            phone: maskPhone(phone),
            hasIdNumber: idNumberHash !== null,
          })),
        },
        200,
      );
    },
  );
  return router;
}
