import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { householdSingleFromZoom, incidentSingleFromZoom } from '../../contract/tile-zooms.ts';
import { encodeTile, readDataRevision, type TileAddress, type TileLayer } from './vector-tiles.repo.ts';

/** Layers drawn from the layout alone: a layout revision names their content for good. */
const layoutLayers: ReadonlySet<TileLayer> = new Set(['communities', 'grids']);

export interface VectorTileAnswer {
  /** Undefined: the caller's If-None-Match still holds (304). */
  bytes: Uint8Array | undefined;
  etag: string;
  cacheControl: string;
}

/**
 * Encoded tiles by layer, revision and address: a revision never changes its tiles. Layout layers
 * are keyed by the layout revision; the clustered (low-zoom) tiles of the point layers by the data
 * revision, with their ETag, since clustering a city's points takes 0.1–0.4 s a tile.
 */
const cacheLimit = 4000;
const encodedTiles = new Map<string, { bytes: Uint8Array; etag?: string }>();

function remember(key: string, entry: { bytes: Uint8Array; etag?: string }): void {
  if (encodedTiles.size >= cacheLimit) encodedTiles.delete(encodedTiles.keys().next().value!);
  encodedTiles.set(key, entry);
}

/** Below this zoom a point layer's tile is clusters, worth keeping. */
const clusteredBelow: Partial<Record<TileLayer, number>> = { households: householdSingleFromZoom, incidents: incidentSingleFromZoom };

const bytesEtag = (bytes: Uint8Array) => `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;

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
 * Households (staff) and public incidents change without the layout: their clustered tiles (below
 * the layer's single-feature zoom) are kept by the data revision (readDataRevision, read from the
 * database on each request, so right across processes), immutable when asked for with the current
 * one; otherwise a minute's caching. Every point tile has an ETag of its bytes.
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
    let bytes = encodedTiles.get(key)?.bytes;
    if (!bytes) {
      bytes = await encodeTile(context.database, layer, address);
      // the layout may have moved while encoding: only a tile known to be of `current` is kept
      if ((await context.gridIndex.currentRevision()) === current) remember(key, { bytes });
    }
    return { bytes, etag, cacheControl };
  }

  const scope = layer === 'households' ? 'private' : 'public';
  if (address.z < (clusteredBelow[layer] ?? 0)) {
    // asked of the database every time, so a change made through another process is never missed
    const current = await readDataRevision(context.database.sql);
    const cacheControl = revision === current ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=60`;
    const key = `${layer}/d${current}/${address.z}/${address.x}/${address.y}`;
    let entry = encodedTiles.get(key);
    if (!entry) {
      const bytes = await encodeTile(context.database, layer, address);
      entry = { bytes, etag: bytesEtag(bytes) };
      // kept only when nothing was written while encoding, so the key names what the tile holds
      if ((await readDataRevision(context.database.sql)) === current) remember(key, entry);
    }
    const etag = entry.etag!;
    return { bytes: stillValid(request.ifNoneMatch, etag) ? undefined : entry.bytes, etag, cacheControl };
  }

  const bytes = await encodeTile(context.database, layer, address);
  const etag = bytesEtag(bytes);
  return { bytes: stillValid(request.ifNoneMatch, etag) ? undefined : bytes, etag, cacheControl: `${scope}, max-age=60` };
}
