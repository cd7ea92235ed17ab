import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { autoSplitPreviewSchema, autoSplitRequestSchema } from '../../contract/population.ts';
import { autoSplitAlternatives } from './auto-split.ts';
import { readEditPolicy } from './edit-policy.ts';

/**
 * The planner's auto-split alternatives. Applying one goes through the editing operations' own
 * preview/confirm routes (`POST /grid-edits/auto-split/apply[/preview]`, grid-edit-operations.ts).
 */
export function createAutoSplitRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;
  router.openapi(
    createRoute({
      method: 'post',
      path: '/grid-edits/auto-split/preview',
      tags: ['grid editing'],
      summary: 'Alternatives for splitting a grid into k parts along roads, balanced by households, with their figures — nothing is written',
      request: { body: { content: { 'application/json': { schema: autoSplitRequestSchema } }, required: true } },
      responses: {
        200: jsonResponse(autoSplitPreviewSchema, '2–3 alternatives, best balanced first, each with its parts\' households and metrics'),
        400: errorResponse('parts not an integer in 2–10, versionId missing (the field is named)'),
        404: errorResponse('No such grid version'),
        409: errorResponse('The grid changed since the editor loaded it'),
        422: errorResponse('auto_split_too_few_households, auto_split_too_few_units, auto_split_no_alternative (details.field: parts)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      // read-only, but under the community's lock like an edit: a transaction that writes nothing
      const answer = await sql.begin(async (transaction) => autoSplitAlternatives(transaction, body, await readEditPolicy(transaction)));
      return c.json(answer, 200);
    },
  );
  return router;
}
