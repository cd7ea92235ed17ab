import type { GeometryHex } from './grid-editing.repo.ts';

/** What every editing operation produces: the one shape the write path (apply-layout-change.ts) accepts. */
export type GridEditOperation = 'split' | 'merge' | 'reshape' | 'fill' | 'move_block' | 'undo';

export interface NextVersion {
  /** An existing grid (its current version is ended, or it had none and comes back); null: a new grid. */
  gridId: number | null;
  geometry: GeometryHex;
  /** Kept from the grid's current version unless given (undo restores the old ones). */
  code?: string;
  name?: string;
}

export interface LayoutChange {
  operation: GridEditOperation;
  communityId: number;
  versions: NextVersion[];
  /** Grids that cease to exist: their version ends, their worker assignment ends. */
  removedGridIds: number[];
  /** Undo restores old layouts whatever the present minimum area is. */
  enforceMinimumArea: boolean;
  undoesEditId?: number;
  /** Assignments an undo offers back to the grids it revives. */
  restoreAssignmentIds?: number[];
  details: Record<string, unknown>;
}

export interface EditPolicy {
  gridHouseholdsMin: number;
  gridHouseholdsMax: number;
  communityHouseholdsMax: number;
  gridMinAreaSquareMetres: number;
  stationStaffByPopulation: { upTo: number | null; staff: number }[];
  stationStaffExtraForMarket: [number, number];
}
