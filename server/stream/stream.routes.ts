import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest } from '../http/failure.ts';
import type { StreamAudience } from './live-event-hub.ts';

const optionalId = (name: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, `${name} must be a positive integer`)
    .transform(Number)
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

export function createStreamRoutes({ liveEvents }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/stream',
      tags: ['command centre'],
      summary: 'Live events (Server-Sent Events): incident.created, incident.changed, layout.changed',
      description: [
        'A `text/event-stream`. Each event has `id:` (increasing), `event:` (its type) and one `data:` line: JSON',
        '`{id, type, at, area: {communityId, gridId, workerId}, payload}`. Filtered on the server: a grid worker',
        "receives only their grid's incidents and those assigned to them; the command centre receives all, optionally",
        'narrowed with `communityId` / `gridId`. `layout.changed` goes to everyone. Comment lines (`: heartbeat`) every',
        '15 s. Reconnect with the `Last-Event-ID` header (EventSource does so by itself) or `?lastEventId=` to have the',
        'missed events replayed from a buffer of the last 10,000; if they are no longer available an `event: reset`',
        'tells the screen to reload. A client that does not read is dropped once 2 MiB are queued for it; streams are',
        'recycled after 30 minutes (the client reconnects and is replayed).',
      ].join(' '),
      request: {
        query: z.object({
          communityId: optionalId('communityId'),
          gridId: optionalId('gridId'),
          lastEventId: z
            .string()
            .regex(/^[0-9]{1,15}$/, 'lastEventId must be a non-negative integer')
            .transform(Number)
            .optional()
            .openapi({ param: { name: 'lastEventId', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream' } },
    }),
    (c) => {
      const query = c.req.valid('query');
      const viewer = signedInViewer(c.get('viewer'));
      const header = c.req.header('last-event-id');
      let lastEventId = query.lastEventId;
      if (header !== undefined && header.trim() !== '') {
        if (!/^[0-9]{1,15}$/.test(header.trim())) throw invalidRequest([{ field: 'Last-Event-ID', message: 'must be a non-negative integer' }]);
        lastEventId = Number(header.trim());
      }
      const audience: StreamAudience =
        viewer.role === 'worker'
          ? { kind: 'worker', workerId: viewer.workerId, gridId: viewer.currentGridId }
          : {
              kind: 'all',
              ...(query.communityId !== undefined ? { communityId: query.communityId } : {}),
              ...(query.gridId !== undefined ? { gridId: query.gridId } : {}),
            };
      const subscription = liveEvents.subscribe(audience, lastEventId);
      c.req.raw.signal.addEventListener('abort', () => subscription.close(), { once: true });
      return c.body(subscription.stream, 200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
    },
  );
  return router;
}
