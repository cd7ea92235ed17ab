import { createRoute } from '@hono/zod-openapi';
import { workerListSchema } from '../../contract/workers.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { maskPhone } from '../personal-data/masking.ts';
import { listWorkersWithGrids } from './assignment.repo.ts';

export function createWorkerRoutes({ database, dataKey }: AppContext) {
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
      const rows = await listWorkersWithGrids(database.sql);
      return c.json(
        {
          workers: rows.map(({ phone, idNumberHash, ...worker }) => ({
            ...worker,
            phone: maskPhone(dataKey.openOptional(phone)), // the private mobile is sealed at rest
            hasIdNumber: idNumberHash !== null,
          })),
        },
        200,
      );
    },
  );
  return router;
}
