import type { ServerResponse } from 'node:http';
import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { errorResponse, textResponse } from '../http/openapi-responses.ts';
import type { StreamAudience } from './live-event-hub.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const optionalId = (name: string) =>
  z
    .string()
    .regex(databaseIdPattern)
    .transform(Number)
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

/** Open streams per session: a few tabs are normal; hundreds from one session are not (each holds memory). */
export const streamsPerSession = 8;

export function createStreamRoutes({ liveEvents }: AppContext) {
  const router = createRouter();
  // per process: with several processes a session may hold this many on each, which still bounds it
  const openBySession = new Map<string, number>();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/stream',
      tags: ['command centre'],
      summary: 'Live events (Server-Sent Events): incident.created, incident.changed, incident.duplicates, layout.changed, emergency.alarm, emergency.changed, warning.published',
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
            .regex(/^[0-9]{1,15}$/)
            .transform(Number)
            .optional()
            .openapi({ param: { name: 'lastEventId', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 429: errorResponse(`stream_limit: more than ${streamsPerSession} open streams for this session`), 200: textResponse('text/event-stream', 'The event stream', 'id: 42\nevent: incident.created\ndata: {"id":42,"type":"incident.created",…}\n\n') },
    }),
    (c) => {
      const query = c.req.valid('query');
      const viewer = signedInViewer(c.get('viewer'));
      const header = c.req.header('last-event-id');
      let lastEventId = query.lastEventId;
      if (header !== undefined && header.trim() !== '') {
        if (!/^[0-9]{1,15}$/.test(header.trim())) throw invalidRequest([problem('Last-Event-ID', 'not_a_non_negative_integer', {})]);
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
      const session = viewer.sessionTokenHash;
      const open = openBySession.get(session) ?? 0;
      if (open >= streamsPerSession) throw new Failure('stream_limit', { limit: streamsPerSession });
      openBySession.set(session, open + 1);
      // over @hono/node-server the Node response is at hand: the hub then writes to its socket directly
      const response = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      const subscription = liveEvents.subscribe(audience, lastEventId, {
        onEnd: () => {
          const remaining = (openBySession.get(session) ?? 1) - 1;
          if (remaining <= 0) openBySession.delete(session);
          else openBySession.set(session, remaining);
        },
        ...(response ? { response } : {}),
      });
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
