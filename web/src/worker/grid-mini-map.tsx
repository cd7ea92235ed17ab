import maplibre, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { loadBasemap } from '../map/basemap.ts';

export interface MapPoint {
  longitude: number;
  latitude: number;
}

export interface TaskPoint extends MapPoint {
  id: number;
  overdue: boolean;
}

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function boundsOf(geometry: GeoJSON.Geometry): [[number, number], [number, number]] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as [number, number];
      west = Math.min(west, lng); south = Math.min(south, lat); east = Math.max(east, lng); north = Math.max(north, lat);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return [[west, south], [east, north]];
}

/**
 * A small map of the worker's own grid on the offline basemap: the boundary, the open tasks as
 * dots, and (when picking a place for a report) the chosen point; a tap reports its location.
 */
export function GridMiniMap(props: {
  grid: GeoJSON.Feature | null;
  tasks?: TaskPoint[];
  picked?: MapPoint | null;
  onTap?: (point: MapPoint) => void;
  onTaskClick?: (id: number) => void;
  height: number;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    const abort = new AbortController();
    let map: MapLibreMap | null = null;
    loadBasemap(abort.signal).then(
      ({ style }) => {
        if (!container.current) return;
        map = new maplibre.Map({ container: container.current, style, attributionControl: { compact: true }, center: [117.2, 31.87], zoom: 14, dragRotate: false, pitchWithRotate: false });
        map.touchZoomRotate.disableRotation();
        map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
        mapRef.current = map;
        map.on('load', () => {
          const target = map!;
          target.addSource('my-grid', { type: 'geojson', data: empty });
          target.addSource('my-tasks', { type: 'geojson', data: empty });
          target.addSource('picked', { type: 'geojson', data: empty });
          target.addLayer({ id: 'my-grid-fill', type: 'fill', source: 'my-grid', paint: { 'fill-color': '#2f7bd0', 'fill-opacity': 0.1 } });
          target.addLayer({ id: 'my-grid-line', type: 'line', source: 'my-grid', paint: { 'line-color': '#1d5fa6', 'line-width': 2.5 } });
          target.addLayer({
            id: 'my-tasks', type: 'circle', source: 'my-tasks',
            paint: {
              'circle-radius': 7, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
              'circle-color': ['case', ['get', 'overdue'], '#cf3a24', '#d48806'],
            },
          });
          target.addLayer({
            id: 'picked', type: 'circle', source: 'picked',
            paint: { 'circle-radius': 9, 'circle-color': '#1d5fa6', 'circle-stroke-width': 3, 'circle-stroke-color': '#ffffff' },
          });
          target.on('click', (event) => {
            const [task] = target.queryRenderedFeatures(event.point, { layers: ['my-tasks'] });
            if (task && handlers.current.onTaskClick) return handlers.current.onTaskClick(Number(task.properties.id));
            handlers.current.onTap?.({ longitude: event.lngLat.lng, latitude: event.lngLat.lat });
          });
          // the compact attribution opens expanded; on a 180 px map it would cover the grid
          container.current?.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
          setReady(true);
        });
      },
      (error: unknown) => { if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error)); },
    );
    return () => { abort.abort(); map?.remove(); mapRef.current = null; };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !props.grid) return;
    (map.getSource('my-grid') as GeoJSONSource).setData(props.grid);
    map.fitBounds(boundsOf(props.grid.geometry), { padding: 24, animate: false });
  }, [ready, props.grid]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('my-tasks') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: (props.tasks ?? []).map((task) => ({
        type: 'Feature', id: task.id, properties: { id: task.id, overdue: task.overdue },
        geometry: { type: 'Point', coordinates: [task.longitude, task.latitude] },
      })),
    });
  }, [ready, props.tasks]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('picked') as GeoJSONSource).setData(
      props.picked
        ? { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [props.picked.longitude, props.picked.latitude] } }
        : empty,
    );
  }, [ready, props.picked]);

  return (
    <div className="mini-map" style={{ height: props.height }} data-testid={props.testId ?? 'mini-map'} data-ready={ready}>
      <div ref={container} className="mini-map-canvas" />
      {failure && <Alert className="map-failure" type="error" showIcon title={failure} />}
    </div>
  );
}
