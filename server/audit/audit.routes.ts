import { createRoute, z } from '@hono/zod-openapi';
import { auditLogSchema } from '../../contract/audit.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { instantParameter, limitParameter } from '../http/query-parameters.ts';
import { listAudit, type AuditRow } from './audit.repo.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const entryView = (row: AuditRow) => ({ ...row, at: row.at.toISOString() });

export function createAuditRoutes({ database }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      tags: ['audit'],
      summary: 'The audit trail, newest first, filterable (auditor, admin)',
      request: {
        query: z.object({
          from: instantParameter('from').optional(),
          to: instantParameter('to').optional(),
          userId: z.string().regex(databaseIdPattern).transform(Number).optional()
            .openapi({ param: { name: 'userId', in: 'query' }, type: 'integer' }),
          action: z.string().max(64).optional(),
          result: z.enum(['ok', 'denied', 'failed']).optional(),
          limit: limitParameter(1000, 200),
          offset: z.string().regex(/^[0-9]{1,9}$/).transform(Number).optional()
            .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: jsonResponse(auditLogSchema, 'Entries') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json({ entries: (await listAudit(database.sql, { ...query, offset: query.offset ?? 0 })).map(entryView) }, 200);
    },
  );
  return router;
}
