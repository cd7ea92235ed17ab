import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Sql } from '../db/connect.ts';
import { loadCurrentGridsForIndex, readLayoutRevision, type IndexedGrid } from './lookup.repo.ts';

/** How long an answer may rely on the index before asking the database whether the layout moved. */
const freshnessWindowMilliseconds = 1000;

/**
 * Point → grid from memory: a packed R-tree (flatbush) over current grid bounding boxes, then an
 * exact point-in-polygon test. The resident lookup is the hottest read path, so it does not hit
 * the database per call; it rebuilds when `layout_revision` (bumped by triggers on grid versions,
 * assignments and workers) changes, which also covers edits made by other server processes.
 */
export class GridSpatialIndex {
  private grids: IndexedGrid[] = [];
  private tree: Flatbush | undefined;
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
    const tree = new Flatbush(Math.max(grids.length, 1));
    for (const grid of grids) tree.add(...grid.bbox);
    if (grids.length === 0) tree.add(0, 0, 0, 0); // flatbush needs one item; it never matches a grid
    tree.finish();
    this.grids = grids;
    this.tree = tree;
    this.revision = revision;
  }
}
