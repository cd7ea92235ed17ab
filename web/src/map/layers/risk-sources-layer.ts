import type { ExpressionSpecification } from 'maplibre-gl';
import type { RiskSourceProperties } from '../../../../contract/risks.ts';
import type { Collection } from '../../api/collection.ts';
import type { MapLayerDefinition } from '../layer-definition.ts';
import { riskIconImageId } from '../map-images.ts';
import { riskLevelColours } from '../map-palette.ts';

const levelColour: ExpressionSpecification = [
  'match',
  ['get', 'level'],
  ...Object.entries(riskLevelColours).flatMap(([level, colour]) => [Number(level), colour]),
  '#868e96',
] as unknown as ExpressionSpecification;
const isArea: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];

/** Risk sources: a warning marker in the level's colour; areas (sites, flood zones) also tinted. */
export const riskSourcesLayer: MapLayerDefinition<Collection<RiskSourceProperties>> = {
  key: 'riskSources',
  sources: (data) => ({ riskSources: { type: 'geojson', data } }),
  layers: () => ({
    fill: [
      {
        id: 'risk-sources-area',
        type: 'fill',
        source: 'riskSources',
        filter: isArea,
        paint: { 'fill-color': levelColour, 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.32, 0.16] },
      },
    ],
    line: [
      {
        id: 'risk-sources-area-outline',
        type: 'line',
        source: 'riskSources',
        filter: isArea,
        paint: { 'line-color': levelColour, 'line-width': 1.4, 'line-dasharray': [3, 1.5] },
      },
    ],
    point: [
      {
        id: 'risk-sources-hover',
        type: 'circle',
        source: 'riskSources',
        paint: {
          'circle-color': levelColour,
          'circle-radius': 15,
          'circle-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.3, 0],
        },
      },
      {
        id: 'risk-sources-icon',
        type: 'symbol',
        source: 'riskSources',
        layout: {
          'icon-image': ['concat', riskIconImageId(''), ['to-string', ['get', 'level']]],
          'icon-allow-overlap': true,
          'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.75, 16, 1],
          'symbol-sort-key': ['-', 5, ['get', 'level']],
        },
      },
    ],
  }),
  interactiveLayerIds: ['risk-sources-icon', 'risk-sources-area'],
};
