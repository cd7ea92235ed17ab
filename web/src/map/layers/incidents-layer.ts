import type { ExpressionSpecification } from 'maplibre-gl';
import type { IncidentProperties } from '../../../../contract/incidents.ts';
import type { Collection } from '../../api/collection.ts';
import type { MapLayerDefinition } from '../layer-definition.ts';
import { majorCategoryColours } from '../map-palette.ts';

const categoryColour: ExpressionSpecification = [
  'match',
  ['get', 'majorCode'],
  ...Object.entries(majorCategoryColours).flat(),
  '#868e96',
] as unknown as ExpressionSpecification;
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const isRecent: ExpressionSpecification = ['==', ['get', 'recent'], true];

/** Incidents coloured by major class; those reported in the last seven days drawn larger with a halo. */
export const incidentsLayer: MapLayerDefinition<Collection<IncidentProperties>> = {
  key: 'incidents',
  sources: (data) => ({ incidents: { type: 'geojson', data } }),
  layers: () => ({
    point: [
      {
        id: 'incidents-older',
        type: 'circle',
        source: 'incidents',
        filter: ['!', isRecent],
        paint: {
          'circle-color': categoryColour,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', hovered, 5, 1.8], 17, ['case', hovered, 8, 4.5]],
          'circle-opacity': ['case', hovered, 1, 0.45],
          'circle-stroke-opacity': 0.6,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.6,
        },
      },
      {
        id: 'incidents-recent-halo',
        type: 'circle',
        source: 'incidents',
        filter: isRecent,
        paint: {
          'circle-color': categoryColour,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 6, 17, 12],
          'circle-opacity': 0.16,
        },
      },
      {
        id: 'incidents-recent',
        type: 'circle',
        source: 'incidents',
        filter: isRecent,
        paint: {
          'circle-color': categoryColour,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', hovered, 6, 3.4], 17, ['case', hovered, 10, 6.5]],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.6,
        },
      },
    ],
  }),
  interactiveLayerIds: ['incidents-recent', 'incidents-older'],
};
