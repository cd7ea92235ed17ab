import type { HouseholdTileProperties } from '../../../../contract/tiles.ts';
import { householdSingleFromZoom } from '../../../../contract/tile-zooms.ts';
import type { MapLayerDefinition } from '../layer-definition.ts';
import { territoryColours } from '../map-palette.ts';

/** The household layer's vector-tile URL on this origin (MapLibre fetches tiles from a worker, which needs it absolute). */
export function householdTileUrl(origin: string = window.location.origin): string {
  return `${origin}/api/tiles/households/{z}/{x}/{y}.mvt`;
}

/** A tile feature's property by name, typed from the contract. */
const property = (name: keyof Extract<HouseholdTileProperties, { count: number }>): ['get', string] => ['get', name];

/**
 * Households from the server's vector tiles (GET /api/tiles/households/…): clusters with a count
 * below zoom 16, single households from there. The page never holds every household, so the
 * layer costs the same at a city's 2 M households as at a street's 20 k; no personal field is in a
 * tile. MapLibre only asks for tiles while the layer is visible, so a viewer without access (the
 * layer hidden) sends no tile request.
 */
export const householdsLayer: MapLayerDefinition<string> = {
  key: 'households',
  sources: (tileUrl) => ({
    households: { type: 'vector', tiles: [tileUrl], minzoom: 0, maxzoom: householdSingleFromZoom },
  }),
  layers: ({ fonts, language }) => ({
    point: [
      {
        id: 'households-cluster',
        type: 'circle',
        source: 'households',
        'source-layer': 'households',
        filter: ['has', 'count'],
        paint: {
          'circle-color': territoryColours.householdCluster,
          'circle-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.72],
          'circle-radius': ['step', property('count'), 10, 50, 13, 200, 17, 600, 21],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'households-cluster-count',
        type: 'symbol',
        source: 'households',
        'source-layer': 'households',
        filter: ['has', 'count'],
        layout: {
          'text-field': ['number-format', property('count'), { locale: language === 'en' ? 'en-US' : 'zh-CN' }],
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
        'source-layer': 'households',
        filter: ['!', ['has', 'count']],
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
