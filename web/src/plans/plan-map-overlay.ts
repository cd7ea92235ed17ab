import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const sourceId = 'plan-live-outline';
const layerId = 'plan-live-outline-line';

/**
 * While a plan is open the grid layer shows the plan's grids; the live boundaries of the plan's
 * communities are drawn over them as dashed lines — the overlay comparison of live and plan.
 * Stable ids, so re-installing after a style change is idempotent.
 */
export function showLiveOutline(map: MapLibreMap, features: GeoJSON.Feature[]): void {
  if (!map.getStyle()) return;
  if (!map.getSource(sourceId)) map.addSource(sourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  if (!map.getLayer(layerId)) {
    map.addLayer({
      id: layerId, type: 'line', source: sourceId, layout: { 'line-join': 'round' },
      paint: { 'line-color': '#cf1322', 'line-width': 1.6, 'line-dasharray': [3, 2], 'line-opacity': 0.85 },
    });
  } else {
    map.moveLayer(layerId);
  }
  (map.getSource(sourceId) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
}

export function hideLiveOutline(map: MapLibreMap): void {
  if (!map.getStyle()) return;
  if (map.getLayer(layerId)) map.removeLayer(layerId);
  if (map.getSource(sourceId)) map.removeSource(sourceId);
}
