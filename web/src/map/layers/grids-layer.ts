import type { ExpressionSpecification } from 'maplibre-gl';
import type { GridProperties } from '../../../../contract/territory.ts';
import type { Collection } from '../../api/collection.ts';
import { fromTiles, type MapLayerDefinition } from '../layer-definition.ts';
import { hatchImageId } from '../map-images.ts';
import { householdClasses, territoryColours } from '../map-palette.ts';
import { labelPoints } from '../label-points.ts';

/** Fill colour by household count: a step through the classes shared with the legend. */
const householdFill: ExpressionSpecification = [
  'step',
  ['get', 'households'],
  householdClasses[0]!.colour,
  ...householdClasses.slice(1).flatMap((householdClass) => [householdClass.from, householdClass.colour]),
] as unknown as ExpressionSpecification;

const whenState = (state: 'hover' | 'selected', then: number | string, otherwise: number | string): ExpressionSpecification =>
  ['case', ['boolean', ['feature-state', state], false], then, otherwise] as unknown as ExpressionSpecification;

/** Grids classed by household count; vacancies hatched with a red dashed outline and "空缺". */
export const gridsLayer: MapLayerDefinition<Collection<GridProperties>> = {
  key: 'grids',
  sources: (data) => ({ grids: { type: 'geojson', data }, 'grid-labels': { type: 'geojson', data: labelPoints(data) } }),
  layers: ({ fonts, t }) => ({
    fill: [
      {
        id: 'grids-fill',
        type: 'fill',
        source: 'grids',
        paint: {
          'fill-color': householdFill,
          'fill-opacity': ['case',
            ['boolean', ['feature-state', 'selected'], false], 0.7,
            ['boolean', ['feature-state', 'hover'], false], 0.62,
            0.4],
        },
      },
      {
        id: 'grids-vacant-hatch',
        type: 'fill',
        source: 'grids',
        filter: ['==', ['get', 'vacant'], true],
        paint: { 'fill-pattern': hatchImageId, 'fill-opacity': 0.9 },
      },
    ],
    line: [
      {
        id: 'grids-outline',
        type: 'line',
        source: 'grids',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': ['case',
            ['boolean', ['feature-state', 'selected'], false], territoryColours.gridSelected,
            ['boolean', ['feature-state', 'hover'], false], territoryColours.gridOutlineHover,
            territoryColours.gridOutline],
          'line-width': ['interpolate', ['linear'], ['zoom'],
            12, ['case', ['boolean', ['feature-state', 'selected'], false], 2.5, ['boolean', ['feature-state', 'hover'], false], 1.8, 0.5],
            16, ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, ['boolean', ['feature-state', 'hover'], false], 2.6, 1.2]],
          'line-opacity': whenState('hover', 1, 0.75),
        },
      },
      {
        id: 'grids-vacant-outline',
        type: 'line',
        source: 'grids',
        filter: ['==', ['get', 'vacant'], true],
        paint: { 'line-color': territoryColours.vacant, 'line-width': 1.8, 'line-dasharray': [2.5, 1.5] },
      },
    ],
    label: [
      {
        id: 'grids-label',
        type: 'symbol',
        source: 'grid-labels',
        minzoom: 12.8,
        layout: {
          'text-field': [
            'format',
            ['get', 'shortCode'], { 'text-font': ['literal', fonts.bold], 'font-scale': 1 },
            '\n', {},
            ['coalesce', ['get', 'workerName'], t('map.vacantLabel')],
            { 'font-scale': 0.92, 'text-color': ['case', ['get', 'vacant'], territoryColours.vacant, '#4a5a6b'] },
          ],
          'text-font': fonts.regular,
          'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 16, 12.5],
          'text-line-height': 1.25,
          'text-padding': 3,
          'text-max-width': 8,
        },
        paint: {
          'text-color': territoryColours.gridLabel,
          'text-halo-color': territoryColours.halo,
          'text-halo-width': 1.6,
          'text-opacity': ['interpolate', ['linear'], ['zoom'], 12.8, 0, 13.2, 1],
        },
      },
    ],
  }),
  interactiveLayerIds: ['grids-fill'],
};

/**
 * The same grids drawn from the layout's vector tiles (GET /api/tiles/grids/…?revision=N, see
 * contract/tiles.ts for the properties): the city view, where nothing is edited. A new layout
 * revision is a new URL, so the map fetches fresh tiles exactly when the layout moved. The labels
 * stay one point per grid from the grid list the side panel holds anyway.
 */
export const gridTilesLayer: MapLayerDefinition<{ tileUrl: string; grids: Collection<GridProperties> }> = {
  ...fromTiles(gridsLayer, 'grids'),
  sources: ({ tileUrl, grids }) => ({
    grids: { type: 'vector', tiles: [tileUrl], minzoom: 0, maxzoom: 16 },
    'grid-labels': { type: 'geojson', data: labelPoints(grids) },
  }),
};
