import type { CommunityProperties } from '../../../../contract/territory.ts';
import type { Collection } from '../../api/collection.ts';
import { fromTiles, type MapLayerDefinition } from '../layer-definition.ts';
import { labelPoints } from '../label-points.ts';
import { territoryColours } from '../map-palette.ts';

/** Community boundaries with a casing so they read above grid outlines, and their names. */
export const communitiesLayer: MapLayerDefinition<Collection<CommunityProperties>> = {
  key: 'communities',
  sources: (data) => ({ communities: { type: 'geojson', data }, 'community-labels': { type: 'geojson', data: labelPoints(data) } }),
  layers: ({ fonts }) => ({
    line: [
      {
        id: 'communities-casing',
        type: 'line',
        source: 'communities',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 3, 17, 7], 'line-opacity': 0.75 },
      },
      {
        id: 'communities-outline',
        type: 'line',
        source: 'communities',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': territoryColours.community, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.6, 17, 3.2] },
      },
    ],
    label: [
      {
        id: 'communities-label',
        type: 'symbol',
        source: 'community-labels',
        maxzoom: 16,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': fonts.bold,
          'text-size': ['interpolate', ['linear'], ['zoom'], 12, 14, 15, 18],
          'text-letter-spacing': 0.15,
          'text-padding': 12,
          'symbol-z-order': 'source',
        },
        paint: {
          'text-color': territoryColours.communityLabel,
          'text-halo-color': territoryColours.halo,
          'text-halo-width': 2.2,
          'text-opacity': ['interpolate', ['linear'], ['zoom'], 15, 1, 16, 0],
        },
      },
    ],
  }),
  interactiveLayerIds: [],
};

/** Community boundaries from the layout's vector tiles (the city view); names from one label point per community. */
export const communityTilesLayer: MapLayerDefinition<{ tileUrl: string; communities: Collection<CommunityProperties> }> = {
  ...fromTiles(communitiesLayer, 'communities'),
  sources: ({ tileUrl, communities }) => ({
    communities: { type: 'vector', tiles: [tileUrl], minzoom: 0, maxzoom: 16 },
    'community-labels': { type: 'geojson', data: labelPoints(communities) },
  }),
};
