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
class AnswersByRevision {
  private revision = Number.NaN;
  private readonly answers = new Map<number, { body: string; bytes: number }>();

  of(revision: number, grid: IndexedGrid): { body: string; bytes: number } {
    if (revision !== this.revision) {
      this.answers.clear();
      this.revision = revision;
    }
    let answer = this.answers.get(grid.gridId);
    if (answer === undefined) {
      const body = JSON.stringify(gridAnswer(grid));
      answer = { body, bytes: Buffer.byteLength(body) };
      this.answers.set(grid.gridId, answer);
    }
    return answer;
  }
}

/** The lookup's query: the route's schema, which the fast path (lookup-fast-path.ts) validates with too. */
export const lookupQuerySchema = z.object({ lng: longitudeParameter, lat: latitudeParameter });

/** A browser or proxy may reuse an answer for a minute: acceptable staleness for "who is my grid worker". */
const lookupCacheControl = 'public, max-age=60';

export type LookupAnswer = { etag: string; cacheControl: string } & (
  | { kind: 'not-modified' }
  | { kind: 'grid'; body: string; bytes: number }
  | { kind: 'outside' }
);
export type LookupAnswerer = (longitude: number, latitude: number, ifNoneMatch: string | undefined) => Promise<LookupAnswer>;

/**
 * The lookup's answer for a point, shared by the route and its fast path. The answer changes only
 * with the layout (grids, assignments, workers: all bump layout_revision), so the revision is the
 * validator; every point of a grid gets the same bytes, serialised once per grid and revision.
 */
export function createLookupAnswerer(gridIndex: AppContext['gridIndex']): LookupAnswerer {
  const answers = new AnswersByRevision();
  return async (longitude, latitude, ifNoneMatch) => {
    const grid = await gridIndex.lookup(longitude, latitude);
    const revision = gridIndex.layoutRevision;
    const etag = lookupEtag(revision);
    if (matchesEtag(ifNoneMatch, etag)) return { kind: 'not-modified', etag, cacheControl: lookupCacheControl };
    if (!grid) return { kind: 'outside', etag, cacheControl: lookupCacheControl };
    return { kind: 'grid', etag, cacheControl: lookupCacheControl, ...answers.of(revision, grid) };
  };
}

export function createLookupRoutes({ database }: AppContext, answerer: LookupAnswerer) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/lookup',
      tags: ['residents'],
      summary: "Which grid a point is in, and its grid worker's public card",
      description:
        'Answered from an in-memory spatial index. A point on an edge shared by two grids is given to the grid with the ' +
        'lower code. Outside every grid: `grid` is null and the nearest community is named.',
      request: { query: lookupQuerySchema },
      responses: {
        200: jsonResponse(lookupResultSchema, 'The grid or null'),
        304: { description: 'Not modified: the layout revision named by If-None-Match is still current' },
      },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      const answer = await answerer(lng, lat, c.req.header('if-none-match'));
      c.header('ETag', answer.etag);
      c.header('Cache-Control', answer.cacheControl);
      if (answer.kind === 'not-modified') return c.body(null, 304);
      if (answer.kind === 'outside') {
        return c.json(
          { inServiceArea: false as const, grid: null, community: null, worker: null, nearestCommunity: await nearestCommunity(database.sql, lng, lat) },
          200,
        );
      }
      // sent with its length, so compress-json.ts need not read the body to learn it is under its threshold
      return c.body(answer.body, 200, { 'Content-Type': 'application/json', 'Content-Length': String(answer.bytes) });
    },
  );

  return router;
}
