import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Sql } from '../db/connect.ts';
import {
  loadCommunitiesForIndex, loadCurrentGridsForIndex, readLayoutRevision, readLayoutSettledAt, type IndexedCommunity, type IndexedGrid,
} from './lookup.repo.ts';

/** How long an answer may rely on the index before asking the database whether the layout moved. */
const freshnessWindowMilliseconds = 1000;

/**
 * How far (in degrees, ≈ 1 cm) a point must lie from every edge for the index to place it without
 * asking PostGIS: the shapes come through GeoJSON with 9 decimals and turf's test is not robust
 * on an edge, so a point nearer an edge than this is left to ST_Covers.
 */
const edgeMarginDegrees = 1e-7;

/** Where an incident lies, as the SQL placement (placesOfPoints) would answer it. */
export interface ExactPlacement {
  gridId: number;
  communityId: number;
}

/** Distance (degrees, planar) from a point to the nearest edge of a multipolygon. */
function distanceToEdges(x: number, y: number, geometry: GeoJSON.MultiPolygon): number {
  let best = Infinity;
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      for (let index = 1; index < ring.length; index += 1) {
        const [ax, ay] = ring[index - 1] as [number, number];
        const [bx, by] = ring[index] as [number, number];
        const dx = bx - ax;
        const dy = by - ay;
        const length = dx * dx + dy * dy;
        const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length));
        const distance = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
        if (distance < best) best = distance;
      }
    }
  }
  return best;
}

/**
 * The lowest-coded shape that covers the point, when that is certain: null when none covers it,
 * undefined when the point lies within the margin of some candidate's edge (PostGIS decides).
 */
function coveringShape<T extends { code: string; geometry: GeoJSON.MultiPolygon }>(
  tree: Flatbush, shapes: T[], longitude: number, latitude: number,
): T | null | undefined {
  const candidates = tree.search(longitude - edgeMarginDegrees, latitude - edgeMarginDegrees, longitude + edgeMarginDegrees, latitude + edgeMarginDegrees);
  let found: T | null = null;
  for (const index of candidates) {
    const shape = shapes[index];
    if (!shape) continue;
    if (distanceToEdges(longitude, latitude, shape.geometry) < edgeMarginDegrees) return undefined;
    if (booleanPointInPolygon([longitude, latitude], shape.geometry) && (found === null || shape.code < found.code)) found = shape;
  }
  return found;
}

/**
 * Point → grid from memory: a packed R-tree (flatbush) over current grid bounding boxes, then an
 * exact point-in-polygon test. The resident lookup is the hottest read path, so it does not hit
 * the database per call; it rebuilds when `layout_revision` (bumped by triggers on grid versions,
 * assignments and workers) changes, which also covers edits made by other server processes.
 */
export class GridSpatialIndex {
  private grids: IndexedGrid[] = [];
  private tree: Flatbush | undefined;
  private communities: IndexedCommunity[] = [];
  private communityTree: Flatbush | undefined;
  /** readLayoutSettledAt at the last build (ms; -Infinity: no versions). */
  private settledAt = -Infinity;
  private revision = -1;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly sql: Sql) {}

  /** Force the next lookup to check the revision (this process just changed the layout). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  async lookup(longitude: number, latitude: number): Promise<IndexedGrid | undefined> {
    await this.ensureFresh();
    return this.find(longitude, latitude);
  }

  /** The layout revision the index was built from (-1 before the first build): lookup answers' ETag. */
  get layoutRevision(): number {
    return this.revision;
  }

  /** The revision in the database now (one query), for a caller that must not rely on the freshness window. */
  async currentRevision(): Promise<number> {
    return readLayoutRevision(this.sql);
  }

  /**
   * The grid and community of a point at `at`, exactly as placesOfPoints' ST_Covers subqueries
   * would answer (lowest code on overlap), or undefined when the index cannot be sure: the layout
   * changed after `at`, the point lies in no indexed grid or community, or within a centimetre of
   * an edge. The caller checks that `layoutRevision` is the database's revision in its transaction
   * and asks SQL for the points left undefined.
   */
  placeExactly(longitude: number, latitude: number, at: Date): ExactPlacement | undefined {
    if (!this.tree || !this.communityTree || at.getTime() < this.settledAt) return undefined;
    const grid = coveringShape(this.tree, this.grids, longitude, latitude);
    if (!grid) return undefined;
    const community = coveringShape(this.communityTree, this.communities, longitude, latitude);
    if (!community) return undefined;
    return { gridId: grid.gridId, communityId: community.id };
  }

  get size(): number {
    return this.grids.length;
  }

  private find(longitude: number, latitude: number): IndexedGrid | undefined {
    if (!this.tree) return undefined;
    const candidates = this.tree.search(longitude, latitude, longitude, latitude).map((index) => this.grids[index]!);
    // A point on a shared edge lies in both grids; the lowest code wins so the answer is stable.
    candidates.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return candidates.find((grid) => booleanPointInPolygon([longitude, latitude], grid.geometry));
  }

  async ensureFresh(): Promise<void> {
    if (Date.now() - this.checkedAt < freshnessWindowMilliseconds && this.tree) return;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async refresh(): Promise<void> {
    const revision = await readLayoutRevision(this.sql);
    this.checkedAt = Date.now();
    if (revision === this.revision && this.tree) return;
    const grids = await loadCurrentGridsForIndex(this.sql);
    const communities = await loadCommunitiesForIndex(this.sql);
    const settledAt = await readLayoutSettledAt(this.sql);
    const tree = new Flatbush(Math.max(grids.length, 1));
    for (const grid of grids) tree.add(...grid.bbox);
    if (grids.length === 0) tree.add(0, 0, 0, 0); // flatbush needs one item; it never matches a grid
    tree.finish();
    const communityTree = new Flatbush(Math.max(communities.length, 1));
    for (const community of communities) communityTree.add(...community.bbox);
    if (communities.length === 0) communityTree.add(0, 0, 0, 0);
    communityTree.finish();
    this.grids = grids;
    this.tree = tree;
    this.communities = communities;
    this.communityTree = communityTree;
    this.settledAt = settledAt === null ? -Infinity : settledAt.getTime();
    this.revision = revision;
  }
}
