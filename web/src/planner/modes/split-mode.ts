import { booleanPointInPolygon, length, lineSplit, lineString, along } from '@turf/turf';
import type { GridProperties } from '../../../../contract/territory.ts';
import type { EditorContext, EditorModeDefinition } from '../editor-mode.ts';

/**
 * The grid a split line is meant for: the one holding the longest stretch of the line. A line
 * drawn from outside across a grid passes its neighbours too, but only briefly.
 */
export function gridCutByLine(line: GeoJSON.LineString, context: EditorContext): GridProperties | null {
  let best: { grid: GridProperties; inside: number } | null = null;
  const drawn = lineString(line.coordinates);
  for (const feature of context.grids.features) {
    const outline = feature.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon;
    const pieces = lineSplit(drawn, { type: 'Feature', geometry: outline, properties: {} }).features;
    const parts = pieces.length > 0 ? pieces : [drawn];
    let inside = 0;
    for (const part of parts) {
      const partLength = length(part);
      const middle = along(part, partLength / 2);
      if (booleanPointInPolygon(middle, outline)) inside += partLength;
    }
    if (inside > 0 && (!best || inside > best.inside)) best = { grid: feature.properties, inside };
  }
  return best?.grid ?? null;
}

/** Split: draw a line across a grid; the grid it crosses most is cut in two. */
export const splitMode: EditorModeDefinition = {
  name: 'split',
  shortcut: 'S',
  drawing: 'linestring',
  picks: 'nothing',
  explicitPreview: false,
  buildRequest(input, context) {
    if (input.drawn?.type !== 'LineString') return null;
    const grid = gridCutByLine(input.drawn, context);
    if (!grid) return { problem: 'planner.problem.lineMissesGrids' };
    return { request: { operation: 'split', body: { versionId: grid.versionId, line: input.drawn } } };
  },
};
