import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import type { GridEditRequest } from '../api/grid-editing-api.ts';

export const editorModeNames = ['select', 'split', 'merge', 'reshape', 'fill', 'moveBlock'] as const;
export type EditorModeName = (typeof editorModeNames)[number];

/** What terra-draw does while a mode is active: draw a line, draw a polygon, edit an outline, or nothing (clicks only). */
export type DrawingKind = 'linestring' | 'polygon' | 'outline' | 'none';

/** Everything the planner has given a mode so far. */
export interface EditorInput {
  /** The finished terra-draw geometry (split line, fill polygon, reshaped outline). */
  drawn: GeoJSON.LineString | GeoJSON.Polygon | null;
  /** Grids clicked on the map, in click order. */
  pickedGrids: GridProperties[];
  /** The basemap block clicked in move-block mode. */
  pickedBlock: { id: number; name: string | null; geometry: GeoJSON.Geometry } | null;
  /** The neighbour that receives area a reshaped grid gives up, or the grid a fill goes into. */
  partnerVersionId: number | null;
}

export interface EditorContext {
  grids: Collection<GridProperties>;
  communities: Collection<CommunityProperties>;
}

/** A request ready for preview, or a reason (an i18n key with values) why not yet. */
export type BuiltRequest = { request: GridEditRequest } | { problem: string; values?: Record<string, string | number> };

/**
 * One editor mode: what it draws with terra-draw, what map clicks it takes, and which request it
 * builds from them. The table of all of them is `editorModes` (editor-modes.ts).
 */
export interface EditorModeDefinition {
  name: EditorModeName;
  /** The key that switches to it. */
  shortcut: string;
  drawing: DrawingKind;
  /** What a map click does in this mode. */
  picks: 'nothing' | 'grids' | 'one-grid' | 'block-then-grid';
  /** The request to preview, as soon as the input suffices (null: not ready, wait for more input). */
  buildRequest(input: EditorInput, context: EditorContext): BuiltRequest | null;
  /** True when the planner must say "preview" (several clicks or free editing), false when finishing the drawing is enough. */
  explicitPreview: boolean;
}

export const emptyInput: EditorInput = { drawn: null, pickedGrids: [], pickedBlock: null, partnerVersionId: null };
