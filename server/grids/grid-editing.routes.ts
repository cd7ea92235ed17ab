import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppEnv } from '../http/app-env.ts';
import { createRouter } from '../http/create-router.ts';
import { notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { localiseAnswer } from '../messages/localise-answer.ts';
import { communityGridFiguresSchema, gridEditListSchema, gridEditResultSchema, gridEditSchema, type GridEdit } from '../../contract/grid-edits.ts';
import { optionalJsonBody } from '../http/optional-json-body.ts';
import { idParameter, limitParameter } from '../http/query-parameters.ts';
import { readEditPolicy } from './edit-policy.ts';
import { undoRequest } from './grid-edit-requests.ts';
import { gridEditOperations } from './grid-edit-operations.ts';
import { findGridEdit, listGridEdits, type GridEditRow } from './grid-editing.repo.ts';
import { communityFigureView, gridFigureViews } from './grid-figures.ts';
import { runGridEdit } from './run-grid-edit.ts';
import { planUndo } from './undo-grid-edit.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const editResponses = {
  200: jsonResponse(gridEditResultSchema, 'The resulting grids with live figures and rule warnings'),
  400: errorResponse('Malformed body: the field is named (coordinates not finite or out of range, ring not closed, too many vertices, …)'),
  404: errorResponse('A version, community, block or edit that does not exist'),
  409: errorResponse('grids_changed_since_loaded / neighbour_changed_since_loaded: a grid changed since the editor loaded it (details.changed); undo_blocked, undo_published_plan'),
  422: errorResponse('The edit would break the layout — line_does_not_cross_grid, split_piece_too_small, grids_not_adjacent, block_not_adjacent, grids_would_overlap, edit_leaves_gap, geometry_invalid, …; details.geometry is the offending part, details.field the input'),
};

const editView = (row: GridEditRow): GridEdit => ({ ...row, operation: row.operation as GridEdit['operation'], at: row.at.toISOString() });

/**
 * Planner grid editing. Each operation has a write path (`POST /grid-edits/{operation}`) and a
 * preview (`POST /grid-edits/{operation}/preview`) that runs the same transaction and rolls it back.
 * Undo and redo: `POST /grid-edits/{id}/undo` (undoing an undo is the redo).
 */
export function createGridEditingRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  for (const operation of gridEditOperations) {
    for (const preview of [false, true]) {
      router.openapi(
        createRoute({
          method: 'post',
          path: `/grid-edits/${operation.path}${preview ? '/preview' : ''}`,
          tags: ['grid editing'],
          summary: preview ? `Preview: ${operation.summary.toLowerCase()} — nothing is written` : operation.summary,
          request: { body: { content: { 'application/json': { schema: operation.schema } }, required: true } },
          responses: editResponses,
        }),
        async (c) => {
          const body = (c.req.valid as (target: 'json') => unknown)('json') as { changeNote?: string };
          const result = await runGridEdit(sql, {
            viewer: signedInViewer(c.get('viewer')),
            clientAddress: c.get('clientAddress'),
            preview,
            changeNote: body.changeNote,
            plan: (transaction, policy) => operation.plan(transaction, body as never, policy),
          });
          if (!preview) gridIndex.invalidate();
          return c.json(localiseAnswer(result, c.get('locale')), 200);
        },
      );
    }
  }

  const undo = (preview: boolean) =>
    createRoute({
      method: 'post',
      path: `/grid-edits/{id}/undo${preview ? '/preview' : ''}`,
      tags: ['grid editing'],
      summary: preview
        ? 'Preview the undo of an edit — nothing is written'
        : 'Undo an edit: its previous versions come back as new versions; undoing an undo redoes',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: undoRequest } }, required: false } },
      responses: editResponses,
    });
  const undoHandler = (preview: boolean) => async (c: Context<AppEnv>, id: number, changeNote: string | undefined) => {
    const result = await runGridEdit(sql, {
      viewer: signedInViewer(c.get('viewer')),
      clientAddress: c.get('clientAddress'),
      preview,
      // the edit records what it undoes (undoesEditId); a note is the planner's own words or nothing
      changeNote,
      plan: (transaction) => planUndo(transaction, id),
    });
    if (!preview) gridIndex.invalidate();
    return c.json(localiseAnswer(result, c.get('locale')), 200);
  };
  for (const preview of [false, true]) {
    router.openapi(undo(preview), async (c) => {
      const { id } = c.req.valid('param');
      const body = await optionalJsonBody(c, undoRequest);
      return undoHandler(preview)(c, id, body.changeNote);
    });
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grid-edits',
      tags: ['grid editing'],
      summary: 'Recent grid edits, newest first (the editor\'s undo/redo stack)',
      request: {
        query: z.object({
          communityId: z.string().regex(databaseIdPattern).transform(Number).optional()
            .openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' }),
          limit: limitParameter(200, 50),
        }),
      },
      responses: { 200: jsonResponse(gridEditListSchema, 'Edits') },
    }),
    async (c) => {
      const { communityId, limit } = c.req.valid('query');
      return c.json({ edits: (await listGridEdits(sql, { communityId, limit })).map(editView) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grid-edits/{id}',
      tags: ['grid editing'],
      summary: 'One grid edit',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(gridEditSchema, 'The edit'), 404: errorResponse('No such edit') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const edit = await findGridEdit(sql, id);
      if (!edit) throw notFound('grid_edit', id);
      return c.json(editView(edit), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/grid-figures',
      tags: ['grid editing'],
      summary: 'Every current grid of a community with live figures and rule warnings (the planner\'s side table)',
      request: { params: z.object({ id: idParameter }) },
      responses: {
        200: jsonResponse(communityGridFiguresSchema, 'community and grids (with bbox for zooming)'),
        404: errorResponse('No such community'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const policy = await readEditPolicy(sql);
      const community = await communityFigureView(sql, id, policy);
      const grids = await gridFigureViews(sql, { communityId: id }, policy, false);
      return c.json(localiseAnswer({ community, grids, policy: { gridHouseholdsMin: policy.gridHouseholdsMin, gridHouseholdsMax: policy.gridHouseholdsMax } }, c.get('locale')), 200);
    },
  );

  return router;
}
