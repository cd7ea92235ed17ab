import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/** The editor's own overlays on the map: what a preview removes (dimmed), what it makes (outlined), what was refused (red), what is picked. */
export const plannerSourceIds = {
  before: 'planner-preview-before',
  after: 'planner-preview-after',
  rejected: 'planner-rejected',
  picked: 'planner-picked',
} as const;
type PlannerSource = keyof typeof plannerSourceIds;

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function installPlannerLayers(map: MapLibreMap): void {
  for (const id of Object.values(plannerSourceIds)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: empty });
  const layers: Parameters<MapLibreMap['addLayer']>[0][] = [
    { id: 'planner-before-dim', type: 'fill', source: plannerSourceIds.before, paint: { 'fill-color': '#5b6470', 'fill-opacity': 0.3 } },
    { id: 'planner-picked-fill', type: 'fill', source: plannerSourceIds.picked, paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.25 } },
    { id: 'planner-picked-line', type: 'line', source: plannerSourceIds.picked, paint: { 'line-color': '#1677ff', 'line-width': 3 } },
    { id: 'planner-after-fill', type: 'fill', source: plannerSourceIds.after,
      paint: { 'fill-color': ['match', ['%', ['get', 'index'], 2], 0, '#ffd666', '#95de64'], 'fill-opacity': 0.35 } },
    { id: 'planner-after-line', type: 'line', source: plannerSourceIds.after, layout: { 'line-join': 'round' },
      paint: { 'line-color': '#d46b08', 'line-width': 3.5, 'line-dasharray': [2, 1] } },
    { id: 'planner-rejected-fill', type: 'fill', source: plannerSourceIds.rejected, paint: { 'fill-color': '#ff4d4f', 'fill-opacity': 0.35 } },
    { id: 'planner-rejected-line', type: 'line', source: plannerSourceIds.rejected, paint: { 'line-color': '#cf1322', 'line-width': 4 } },
  ];
  for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

export function removePlannerLayers(map: MapLibreMap): void {
  for (const id of plannerLayerIds) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of Object.values(plannerSourceIds)) if (map.getSource(id)) map.removeSource(id);
}

const plannerLayerIds = ['planner-before-dim', 'planner-picked-fill', 'planner-picked-line', 'planner-after-fill', 'planner-after-line', 'planner-rejected-fill', 'planner-rejected-line'];

/**
 * The thematic layers are re-added when their style changes (e.g. the language), which puts them
 * above ours: lift the editor's overlays back on top, and terra-draw's drawing above those.
 */
export function raisePlannerLayers(map: MapLibreMap): void {
  for (const id of plannerLayerIds) if (map.getLayer(id)) map.moveLayer(id);
  for (const layer of map.getStyle().layers) if (layer.id.startsWith('planner-draw')) map.moveLayer(layer.id);
}

export function showOnPlannerLayer(map: MapLibreMap, layer: PlannerSource, features: GeoJSON.Feature[]): void {
  const source = map.getSource(plannerSourceIds[layer]) as GeoJSONSource | undefined;
  source?.setData({ type: 'FeatureCollection', features });
  if (features.length > 0) raisePlannerLayers(map);
}

export function clearPlannerLayers(map: MapLibreMap): void {
  for (const layer of Object.keys(plannerSourceIds) as PlannerSource[]) showOnPlannerLayer(map, layer, []);
}
