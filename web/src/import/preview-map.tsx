import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { loadBasemap } from '../map/basemap.ts';

declare global {
  interface Window {
    /** The import preview map, for end-to-end tests. */
    __gridAtlasImportMap?: maplibregl.Map;
  }
}

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function boundsOf(collection: GeoJSON.FeatureCollection): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  const visit = (value: unknown) => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [x, y] = value as [number, number];
      if (Math.abs(x) > 180 || Math.abs(y) > 90) return;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const feature of collection.features) if (feature.geometry && 'coordinates' in feature.geometry) visit(feature.geometry.coordinates);
  return box;
}

/**
 * The imported data over the basemap, so a wrong CRS shows as data in the wrong place: rows
 * coloured by their state (ok, warning, error), problem spots as red rings, the community's uncovered
 * area pale violet, and gaps between neighbouring imported polygons magenta with a dashed edge.
 */
export function PreviewMap(props: { data: GeoJSON.FeatureCollection; spots?: [number, number][]; gap?: GeoJSON.Geometry | null; gaps?: GeoJSON.Geometry[]; focus?: [number, number] | null }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const latest = useRef(props);
  latest.current = props;

  /** The rows and the problem spots: an invalid row has no shape to show, only its spot. */
  const extentOf = () => {
    const { data, spots = [] } = latest.current;
    return boundsOf({ type: 'FeatureCollection', features: [...data.features, ...spots.map((spot) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: spot } }))] });
  };

  const apply = (map: maplibregl.Map) => {
    const { data, spots = [], gap = null, gaps = [] } = latest.current;
    (map.getSource('import-preview') as GeoJSONSource | undefined)?.setData(data);
    (map.getSource('import-spots') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection', features: spots.map((spot) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: spot } })),
    });
    (map.getSource('import-gap') as GeoJSONSource | undefined)?.setData(gap ? { type: 'Feature', properties: {}, geometry: gap } : empty);
    (map.getSource('import-gaps') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection', features: gaps.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry })),
    });
  };

  useEffect(() => {
    const controller = new AbortController();
    let map: maplibregl.Map | null = null;
    void loadBasemap(controller.signal).then((basemap) => {
      if (!container.current) return;
      const box = extentOf();
      map = new maplibregl.Map({
        container: container.current, style: basemap.style, attributionControl: { compact: true },
        ...(box ? { bounds: box, fitBoundsOptions: { padding: 30, maxZoom: 16 } } : { center: [117.2, 31.8], zoom: 11 }),
      });
      mapRef.current = map;
      window.__gridAtlasImportMap = map;
      map.on('load', () => {
        map!.addSource('import-preview', { type: 'geojson', data: empty });
        map!.addSource('import-spots', { type: 'geojson', data: empty });
        map!.addSource('import-gap', { type: 'geojson', data: empty });
        const colour: maplibregl.ExpressionSpecification = ['match', ['get', 'status'], 'error', '#cf1322', 'warning', '#d48806', '#1677ff'];
        map!.addSource('import-gaps', { type: 'geojson', data: empty });
        map!.addLayer({ id: 'import-gap-fill', type: 'fill', source: 'import-gap', paint: { 'fill-color': '#722ed1', 'fill-opacity': 0.15 } });
        // gaps between neighbouring imported polygons: stronger, outlined, above the uncovered community area
        map!.addLayer({ id: 'import-gaps-fill', type: 'fill', source: 'import-gaps', paint: { 'fill-color': '#eb2f96', 'fill-opacity': 0.45 } });
        map!.addLayer({ id: 'import-gaps-line', type: 'line', source: 'import-gaps', paint: { 'line-color': '#c41d7f', 'line-width': 2, 'line-dasharray': [2, 1] } });
        map!.addLayer({ id: 'import-fill', type: 'fill', source: 'import-preview', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': colour, 'fill-opacity': 0.2 } });
        map!.addLayer({ id: 'import-line', type: 'line', source: 'import-preview', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': colour, 'line-width': 1.5 } });
        map!.addLayer({ id: 'import-points', type: 'circle', source: 'import-preview', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': colour, 'circle-radius': 3.5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
        map!.addLayer({ id: 'import-spots', type: 'circle', source: 'import-spots', paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 9, 'circle-stroke-color': '#cf1322', 'circle-stroke-width': 2.5 } });
        apply(map!);
      });
    }).catch(() => undefined);
    return () => {
      controller.abort();
      map?.remove();
      mapRef.current = null;
      if (window.__gridAtlasImportMap === map) delete window.__gridAtlasImportMap;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !map.isStyleLoaded()) return;
    apply(map);
    const box = extentOf();
    if (box && !latest.current.focus) map.fitBounds(box, { padding: 30, maxZoom: 16, duration: 0 });
  }, [props.data, props.spots, props.gap, props.gaps]);

  useEffect(() => {
    if (props.focus && mapRef.current) mapRef.current.flyTo({ center: props.focus, zoom: 17, duration: 300 });
  }, [props.focus]);

  return <div ref={container} className="import-preview-map" data-testid="import-preview-map" />;
}
