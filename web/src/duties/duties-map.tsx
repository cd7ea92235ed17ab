import maplibre, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { BackStreetCoverage, BackStreetSectionCollection, DutyPost } from '../../../contract/duties.ts';
import { loadBasemap } from '../map/basemap.ts';

export type ColourMode = 'grade' | 'coverage';

/** Colours of the map and its legend: grades in calm blues and greys; gaps red; overdue rounds amber. */
export const dutyColours = {
  grade: { 1: '#1d5fa6', 2: '#3d9a8b', 3: '#8c8c8c' } as Record<number, string>,
  covered: '#52a447',
  uncovered: '#cf3a24',
  overdue: '#d48806',
  post: '#7b3fb3',
};

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function boundsOf(collection: GeoJSON.FeatureCollection): [[number, number], [number, number]] | null {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as [number, number];
      west = Math.min(west, lng); south = Math.min(south, lat); east = Math.max(east, lng); north = Math.max(north, lat);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const feature of collection.features) if (feature.geometry && 'coordinates' in feature.geometry) visit(feature.geometry.coordinates);
  return Number.isFinite(west) ? [[west, south], [east, north]] : null;
}

/**
 * The back streets on the offline basemap: sections coloured by grade or by coverage (held /
 * nobody serving / round overdue), the coverage check's unassigned stretches as red dashes on top,
 * and the duty posts with their radius. A click on a section selects it.
 */
export function DutiesMap(props: {
  sections: BackStreetSectionCollection | undefined;
  coverage: BackStreetCoverage | undefined;
  posts: DutyPost[] | undefined;
  mode: ColourMode;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const fitted = useRef(false);
  const select = useRef(props.onSelect);
  select.current = props.onSelect;

  useEffect(() => {
    const abort = new AbortController();
    let map: MapLibreMap | null = null;
    loadBasemap(abort.signal).then(
      ({ style }) => {
        if (!container.current) return;
        map = new maplibre.Map({ container: container.current, style, center: [117.23, 31.87], zoom: 13, dragRotate: false, pitchWithRotate: false });
        map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
        mapRef.current = map;
        map.on('load', () => {
          const target = map!;
          target.addSource('sections', { type: 'geojson', data: empty, promoteId: 'id' });
          target.addSource('gaps', { type: 'geojson', data: empty });
          target.addSource('posts', { type: 'geojson', data: empty });
          target.addLayer({ id: 'sections-casing', type: 'line', source: 'sections', paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.85 }, layout: { 'line-cap': 'round' } });
          target.addLayer({ id: 'sections', type: 'line', source: 'sections', paint: { 'line-color': dutyColours.grade[2]!, 'line-width': 4 }, layout: { 'line-cap': 'round' } });
          target.addLayer({
            id: 'sections-selected', type: 'line', source: 'sections', filter: ['==', ['get', 'id'], -1],
            paint: { 'line-color': '#102a46', 'line-width': 8, 'line-opacity': 0.6 },
          });
          target.addLayer({ id: 'gaps', type: 'line', source: 'gaps', paint: { 'line-color': dutyColours.uncovered, 'line-width': 5, 'line-dasharray': [1.5, 1] } });
          target.addLayer({
            id: 'post-radius', type: 'circle', source: 'posts',
            paint: {
              'circle-color': dutyColours.post, 'circle-opacity': 0.08, 'circle-stroke-color': dutyColours.post, 'circle-stroke-width': 1, 'circle-stroke-opacity': 0.5,
              // the radius in metres at the zone's latitude, as pixels for the zoom
              'circle-radius': ['interpolate', ['exponential', 2], ['zoom'], 10, ['/', ['get', 'radiusMetres'], 128], 18, ['*', ['get', 'radiusMetres'], 2]],
            },
          });
          target.addLayer({
            id: 'posts', type: 'circle', source: 'posts',
            paint: {
              'circle-radius': 6, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
              'circle-color': ['case', ['>', ['get', 'missedCount'], 0], dutyColours.uncovered, dutyColours.post],
            },
          });
          target.on('click', (event) => {
            const [hit] = target.queryRenderedFeatures([[event.point.x - 4, event.point.y - 4], [event.point.x + 4, event.point.y + 4]], { layers: ['sections'] });
            select.current(hit ? Number(hit.properties.id) : null);
          });
          target.on('mouseenter', 'sections', () => { target.getCanvas().style.cursor = 'pointer'; });
          target.on('mouseleave', 'sections', () => { target.getCanvas().style.cursor = ''; });
          setReady(true);
        });
      },
      (error: unknown) => { if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error)); },
    );
    return () => { abort.abort(); map?.remove(); mapRef.current = null; };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !props.sections) return;
    (map.getSource('sections') as GeoJSONSource).setData(props.sections as GeoJSON.FeatureCollection);
    if (!fitted.current) {
      const bounds = boundsOf(props.sections as GeoJSON.FeatureCollection);
      if (bounds) map.fitBounds(bounds, { padding: 32, animate: false });
      fitted.current = true;
    }
  }, [ready, props.sections]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const colour = props.mode === 'grade'
      ? ['match', ['get', 'grade'], 1, dutyColours.grade[1]!, 2, dutyColours.grade[2]!, dutyColours.grade[3]!]
      : ['case', ['!', ['get', 'covered']], dutyColours.uncovered, ['get', 'inspectionOverdue'], dutyColours.overdue, dutyColours.covered];
    map.setPaintProperty('sections', 'line-color', colour);
  }, [ready, props.mode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('gaps') as GeoJSONSource).setData((props.coverage?.unassigned ?? empty) as GeoJSON.FeatureCollection);
  }, [ready, props.coverage]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('posts') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: (props.posts ?? []).map((post) => ({
        type: 'Feature', properties: { id: post.id, radiusMetres: post.radiusMetres, missedCount: post.missedCount }, geometry: { type: 'Point', coordinates: [post.longitude, post.latitude] },
      })),
    });
  }, [ready, props.posts]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setFilter('sections-selected', ['==', ['get', 'id'], props.selectedId ?? -1]);
  }, [ready, props.selectedId]);

  return (
    <div className="duties-map" data-testid="duties-map" data-ready={ready && Boolean(props.sections)}>
      <div ref={container} className="duties-map-canvas" />
      {failure && <Alert type="error" showIcon title={failure} className="duties-map-failure" />}
    </div>
  );
}
