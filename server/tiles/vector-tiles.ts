import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { encodeTile, type TileAddress, type TileLayer } from './vector-tiles.repo.ts';

/** Layers drawn from the layout alone: a layout revision names their content for good. */
const layoutLayers: ReadonlySet<TileLayer> = new Set(['communities', 'grids']);

export interface VectorTileAnswer {
  /** Undefined: the caller's If-None-Match still holds (304). */
  bytes: Uint8Array | undefined;
  etag: string;
  cacheControl: string;
}

/** Encoded tiles of layout layers by layer, revision and address: a revision never changes its tiles. */
const cacheLimit = 4000;
const encodedTiles = new Map<string, Uint8Array>();

function remember(key: string, bytes: Uint8Array): void {
  if (encodedTiles.size >= cacheLimit) encodedTiles.delete(encodedTiles.keys().next().value!);
  encodedTiles.set(key, bytes);
}

/** Weak comparison of If-None-Match (a list, or `*`) with our validator. */
function stillValid(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || candidate.trim().replace(/^W\//, '') === opaque);
}

/**
 * One vector tile of the city view, for GET /api/tiles/{layer}/{z}/{x}/{y}.mvt. Communities and
 * grids are keyed by the layout revision: asked for with the current `revision`, the answer is
 * immutable (a new revision is a new URL) and comes from a per-process cache after the first
 * encoding; without it, or with an old one, the current tile is answered but must be revalidated.
 * Grid figures (households, residents) are those of when the revision's tile was first encoded.
 * Households (staff) and public incidents change without the layout: a minute's caching and an
 * ETag of the bytes.
 */
export async function readVectorTile(
  context: Pick<AppContext, 'database' | 'gridIndex'>,
  request: { layer: TileLayer; address: TileAddress; revision: number | undefined; ifNoneMatch: string | undefined },
): Promise<VectorTileAnswer> {
  const { layer, address, revision } = request;
  const last = 2 ** address.z - 1;
  const problems = [
    ...(address.x > last ? [problem('x', 'out_of_range', { minimum: 0, maximum: last })] : []),
    ...(address.y > last ? [problem('y', 'out_of_range', { minimum: 0, maximum: last })] : []),
  ];
  if (problems.length > 0) throw invalidRequest(problems);

  if (layoutLayers.has(layer)) {
    await context.gridIndex.ensureFresh();
    const current = context.gridIndex.layoutRevision;
    const etag = `W/"${layer}-r${current}-${address.z}-${address.x}-${address.y}"`;
    const cacheControl = revision === current ? 'public, max-age=31536000, immutable' : 'public, no-cache';
    if (stillValid(request.ifNoneMatch, etag)) return { bytes: undefined, etag, cacheControl };
    const key = `${layer}/${current}/${address.z}/${address.x}/${address.y}`;
    let bytes = encodedTiles.get(key);
    if (!bytes) {
      bytes = await encodeTile(context.database, layer, address);
      // the layout may have moved while encoding: only a tile known to be of `current` is kept
      if ((await context.gridIndex.currentRevision()) === current) remember(key, bytes);
    }
    return { bytes, etag, cacheControl };
  }

  const bytes = await encodeTile(context.database, layer, address);
  const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
  const cacheControl = layer === 'households' ? 'private, max-age=60' : 'public, max-age=60';
  return { bytes: stillValid(request.ifNoneMatch, etag) ? undefined : bytes, etag, cacheControl };
}
