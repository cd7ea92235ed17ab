import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { bboxParameter, idParameter, limitParameter } from '../http/query-parameters.ts';
import { featureCollection, pointFeature } from '../territory/grid-features.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { personalFields } from '../personal-data/masking.ts';
import { householdLocationCollectionSchema, householdPageSchema, householdSchema } from '../../contract/households.ts';
import { householdScopeOf } from './household-scope.ts';
import { householdView } from './household-view.ts';
import { findHousehold, listHouseholdLocations, listHouseholds } from './households.repo.ts';
import { revealHousehold } from './reveal-household.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const optionalId = (name: string) =>
  z.string().regex(databaseIdPattern).transform(Number).optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

export function createHouseholdRoutes({ database, dataKey }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  // registered before /households/{id}, which would otherwise take 'locations' for an id
  router.openapi(
    createRoute({
      method: 'get',
      path: '/households/locations',
      tags: ['households'],
      summary: 'Household locations for the clustered map layer (no personal data)',
      request: { query: z.object({ bbox: bboxParameter.optional() }) },
      responses: { 200: jsonResponse(householdLocationCollectionSchema, 'GeoJSON points') },
    }),
    async (c) => {
      const { bbox } = c.req.valid('query');
      const viewer = signedInViewer(c.get('viewer'));
      // a worker's map shows their own grid's households only; planners and dispatchers see all dots
      const scope = viewer.role === 'worker' ? householdScopeOf(viewer) : ({ kind: 'all' } as const);
      const rows = await listHouseholdLocations(sql, bbox, scope);
      return c.json(featureCollection(rows.map(pointFeature)), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/households',
      tags: ['households'],
      summary: 'Households in the caller\'s scope (a worker: their grid), personal fields masked',
      request: {
        query: z.object({
          gridId: optionalId('gridId'),
          buildingId: optionalId('buildingId'),
          limit: limitParameter(500, 100),
          offset: z.string().regex(/^[0-9]{1,7}$/).transform(Number).optional()
            .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: jsonResponse(householdPageSchema, 'A page of households') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const query = c.req.valid('query');
      const { rows, total } = await listHouseholds(sql, householdScopeOf(viewer), { ...query, offset: query.offset ?? 0 });
      return c.json({ total, households: rows.map((row) => householdView(row, dataKey)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/households/{id}',
      tags: ['households'],
      summary: 'One household (masked); outside the caller\'s scope it does not exist (404)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(householdSchema, 'The household'), 404: errorResponse('No such household in the caller\'s scope') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const record = await findHousehold(sql, householdScopeOf(viewer), id);
      if (!record) throw notFound('household', id);
      return c.json(householdView(record, dataKey), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/households/{id}/reveal',
      tags: ['households'],
      summary: 'Show personal fields in full; each reveal is written to the audit log',
      request: {
        params: z.object({ id: idParameter }),
        body: {
          content: { 'application/json': { schema: z.object({ fields: z.array(z.enum(personalFields)).min(1), reason: z.string().max(200).optional() }) } },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(householdSchema, 'The household with the fields revealed'),
        403: errorResponse('reveal_forbidden: the role may not reveal personal data'),
        404: errorResponse('No such household in the caller\'s scope'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { fields, reason } = c.req.valid('json');
      return c.json(await revealHousehold(sql, dataKey, signedInViewer(c.get('viewer')), { id, fields, reason, clientAddress: c.get('clientAddress') }), 200);
    },
  );

  return router;
}
