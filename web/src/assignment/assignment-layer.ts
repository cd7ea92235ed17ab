import type { GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import type { MapLayerDefinition } from '../map/layer-definition.ts';
import { territoryColours } from '../map/map-palette.ts';
import type { AssignmentGrid } from '../../../contract/workers.ts';

export interface AssignmentFeatureProperties {
  gridId: number;
  status: 'vacant' | 'overloaded';
  workloadIndex: number;
}

/** Overloaded grids: a warm tone apart from the household classes' oranges and the vacancies' red. */
export const overloadedColour = '#b5179e';

/** Vacant and overloaded grids of the current layout, with their outlines from the map's grids. */
export function assignmentFeatures(
  grids: Collection<GridProperties>,
  assignments: AssignmentGrid[],
): Collection<AssignmentFeatureProperties> {
  const byId = new Map(assignments.map((grid) => [grid.gridId, grid]));
  return {
    type: 'FeatureCollection',
    features: grids.features.flatMap((feature) => {
      const grid = byId.get(feature.properties.id);
      if (!grid || (!grid.vacant && !grid.overloaded)) return [];
      return [{
        type: 'Feature' as const,
        id: grid.gridId,
        geometry: feature.geometry,
        properties: { gridId: grid.gridId, status: grid.vacant ? ('vacant' as const) : ('overloaded' as const), workloadIndex: grid.workloadIndex },
      }];
    }),
  };
}

/**
 * The assignment view's map layer: vacancies filled red, overloaded grids outlined in magenta.
 * Layer ids are stable (`assignment-vacant-fill`, `assignment-overloaded-fill`, `assignment-status-outline`)
 * so tests and other modules can find them. Clicks go to the grids layer underneath.
 */
export const assignmentLayer: MapLayerDefinition<Collection<AssignmentFeatureProperties>> = {
  key: 'grids',
  sources: (data) => ({ 'assignment-status': { type: 'geojson', data } }),
  layers: () => ({
    fill: [
      {
        id: 'assignment-vacant-fill',
        type: 'fill',
        source: 'assignment-status',
        filter: ['==', ['get', 'status'], 'vacant'],
        paint: { 'fill-color': territoryColours.vacant, 'fill-opacity': 0.22 },
      },
      {
        id: 'assignment-overloaded-fill',
        type: 'fill',
        source: 'assignment-status',
        filter: ['==', ['get', 'status'], 'overloaded'],
        paint: { 'fill-color': overloadedColour, 'fill-opacity': 0.16 },
      },
    ],
    line: [
      {
        id: 'assignment-status-outline',
        type: 'line',
        source: 'assignment-status',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': ['match', ['get', 'status'], 'vacant', territoryColours.vacant, overloadedColour],
          'line-width': 3,
        },
      },
    ],
  }),
  interactiveLayerIds: [],
};
