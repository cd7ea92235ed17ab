import type { HouseholdLocationProperties } from '../../../../contract/households.ts';
import type { Collection } from '../../api/collection.ts';
import type { MapLayerDefinition } from '../layer-definition.ts';
import { territoryColours } from '../map-palette.ts';

/** Households as clusters at low zoom (counts only: no personal data reaches the map). */
export const householdsLayer: MapLayerDefinition<Collection<HouseholdLocationProperties>> = {
  key: 'households',
  sources: (data) => ({
    households: {
      type: 'geojson',
      data,
      cluster: true,
      clusterRadius: 42,
      clusterMaxZoom: 16,
      clusterProperties: { residents: ['+', ['get', 'residentCount']] },
    },
  }),
  layers: ({ fonts }) => ({
    point: [
      {
        id: 'households-cluster',
        type: 'circle',
        source: 'households',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': territoryColours.householdCluster,
          'circle-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.72],
          'circle-radius': ['step', ['get', 'point_count'], 10, 50, 13, 200, 17, 600, 21],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'households-cluster-count',
        type: 'symbol',
        source: 'households',
        filter: ['has', 'point_count'],
        layout: {
          'text-field': ['get', 'point_count_abbreviated'],
          'text-font': fonts.bold,
          'text-size': 10.5,
          'text-allow-overlap': true,
          'text-ignore-placement': true,
        },
        paint: { 'text-color': '#ffffff' },
      },
      {
        id: 'households-point',
        type: 'circle',
        source: 'households',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': territoryColours.household,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 2.5, 18, 5],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.8,
        },
      },
    ],
  }),
  interactiveLayerIds: ['households-cluster'],
};
