import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { lookupResultSchema } from '../../contract/residents.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { nearestCommunity, type IndexedGrid } from './lookup.repo.ts';

/** The validator of a lookup answer: weak, because the JSON bytes are not promised to be identical. */
export function lookupEtag(layoutRevision: number): string {
  return `W/"layout-${layoutRevision}"`;
}

/** If-None-Match may list several validators or `*`; weak comparison, as RFC 9110 asks for GET. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === opaque;
  });
}

/** The answer for a point inside a grid (the contract's `lookupResultSchema`). */
function gridAnswer(grid: IndexedGrid): z.infer<typeof lookupResultSchema> {
  return {
    inServiceArea: true as const,
    street: grid.street,
    community: grid.community,
    grid: { id: grid.gridId, code: grid.code, name: grid.name },
    worker: grid.worker,
    nearestCommunity: null,
  };
}

/** Serialised answers per grid, valid for one layout revision (a new revision empties it). */
export class AnswersByRevision {
  private revision = Number.NaN;
  private readonly answers = new Map<number, string>();

  of(revision: number, gridId: number, serialise: () => string): string {
    if (revision !== this.revision) {
      this.answers.clear();
      this.revision = revision;
    }
    let answer = this.answers.get(gridId);
    if (answer === undefined) {
      answer = serialise();
      this.answers.set(gridId, answer);
    }
    return answer;
  }
}

export function createLookupRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const answers = new AnswersByRevision();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/lookup',
      tags: ['residents'],
      summary: "Which grid a point is in, and its grid worker's public card",
      description:
        'Answered from an in-memory spatial index. A point on an edge shared by two grids is given to the grid with the ' +
        'lower code. Outside every grid: `grid` is null and the nearest community is named.',
      request: { query: z.object({ lng: longitudeParameter, lat: latitudeParameter }) },
      responses: {
        200: jsonResponse(lookupResultSchema, 'The grid or null'),
        304: { description: 'Not modified: the layout revision named by If-None-Match is still current' },
      },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      const grid = await gridIndex.lookup(lng, lat);
      // the answer for a point changes only with the layout (grids, assignments, workers: all bump
      // layout_revision), so the revision is the validator; a minute's reuse by a browser or proxy is
      // an acceptable staleness for a resident's "who is my grid worker"
      const revision = gridIndex.layoutRevision;
      const etag = lookupEtag(revision);
      c.header('ETag', etag);
      c.header('Cache-Control', 'public, max-age=60');
      if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
      if (!grid) {
        return c.json(
          { inServiceArea: false as const, grid: null, community: null, worker: null, nearestCommunity: await nearestCommunity(database.sql, lng, lat) },
          200,
        );
      }
      // every point of a grid gets the same bytes: serialised once per grid and layout revision, sent
      // with its length (so compress-json.ts need not read the body to learn it is under its threshold)
      const body = answers.of(revision, grid.gridId, () => JSON.stringify(gridAnswer(grid)));
      return c.body(body, 200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
    },
  );

  return router;
}
