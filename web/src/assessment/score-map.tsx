import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import maplibre, { type ExpressionSpecification, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentLevel, ScoreRow } from '../../../contract/assessment.ts';
import type { GridProperties } from '../../../contract/territory.ts';
import { http } from '../api/http-client.ts';
import { loadBasemap } from '../map/basemap.ts';

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Fill colour by total: red below 60, amber around 70, green from 85; grey where nobody is scored (a vacancy). */
const scoreColour: ExpressionSpecification = [
  'case', ['==', ['get', 'score'], null], '#c9ced6',
  ['interpolate', ['linear'], ['get', 'score'], 50, '#cf3a24', 70, '#e8a33d', 85, '#3a9a6b', 95, '#1f7a4d'],
];

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
 * The grids coloured by score on the offline basemap: at worker level each grid takes its worker's
 * total, at community and station level every grid of the community takes the community's. A click
 * on a grid opens that subject's scorecard.
 */
export function ScoreMap(props: { rows: ScoreRow[]; level: AssessmentLevel; selected: number | null; onSelect: (subject: number) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;
  // the current grids, straight from the one HTTP client (the territory's own query helpers moved between modules)
  const grids = useQuery({
    queryKey: ['assessment', 'grids'] as const,
    queryFn: ({ signal }) => http.get<{ type: 'FeatureCollection'; features: { geometry: GeoJSON.Geometry; properties: GridProperties }[] }>('/api/grids', { signal }),
    staleTime: 5 * 60_000,
  });

  const coloured = useMemo<GeoJSON.FeatureCollection>(() => {
    if (!grids.data) return empty;
    const byWorker = new Map(props.rows.map((row) => [row.subject.id, row]));
    return {
      type: 'FeatureCollection',
      features: grids.data.features.map((feature) => {
        const key = props.level === 'worker' ? feature.properties.workerId : feature.properties.communityId;
        const row = key === null ? undefined : byWorker.get(key);
        return {
          type: 'Feature', geometry: feature.geometry as GeoJSON.Geometry,
          properties: { score: row?.total ?? null, subject: row?.subject.id ?? null, selected: row !== undefined && row.subject.id === props.selected },
        };
      }),
    };
  }, [grids.data, props.rows, props.level, props.selected]);

  useEffect(() => {
    const abort = new AbortController();
    let map: MapLibreMap | null = null;
    loadBasemap(abort.signal).then(
      ({ style }) => {
        if (!container.current) return;
        map = new maplibre.Map({ container: container.current, style, attributionControl: { compact: true }, center: [117.2, 31.87], zoom: 12, dragRotate: false, pitchWithRotate: false });
        map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
        mapRef.current = map;
        map.on('load', () => {
          const target = map!;
          target.addSource('score-grids', { type: 'geojson', data: empty });
          target.addLayer({ id: 'score-fill', type: 'fill', source: 'score-grids', paint: { 'fill-color': scoreColour, 'fill-opacity': 0.55 } });
          target.addLayer({
            id: 'score-line', type: 'line', source: 'score-grids',
            paint: { 'line-color': ['case', ['get', 'selected'], '#13304f', '#ffffff'], 'line-width': ['case', ['get', 'selected'], 3, 0.8] },
          });
          target.on('click', 'score-fill', (event) => {
            const subject = event.features?.[0]?.properties?.subject;
            if (subject !== null && subject !== undefined && subject !== 'null') onSelect.current(Number(subject));
          });
          target.on('mouseenter', 'score-fill', () => { target.getCanvas().style.cursor = 'pointer'; });
          target.on('mouseleave', 'score-fill', () => { target.getCanvas().style.cursor = ''; });
          setReady(true);
        });
      },
      (error: unknown) => { if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error)); },
    );
    return () => { abort.abort(); map?.remove(); mapRef.current = null; };
  }, []);

  const fitted = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('score-grids') as GeoJSONSource).setData(coloured);
    const bounds = boundsOf(coloured);
    if (bounds && !fitted.current) {
      map.fitBounds(bounds, { padding: 16, animate: false });
      fitted.current = true;
    }
  }, [ready, coloured]);

  return (
    <div className="score-map" data-testid="score-map" data-ready={ready && coloured.features.length > 0}>
      <div ref={container} className="mini-map-canvas" />
      <div className="score-legend">
        <span><i style={{ background: '#cf3a24' }} />≤50</span>
        <span><i style={{ background: '#e8a33d' }} />70</span>
        <span><i style={{ background: '#3a9a6b' }} />85</span>
        <span><i style={{ background: '#c9ced6' }} />{t('assessment.unscored')}</span>
      </div>
      {failure && <Alert className="map-failure" type="error" showIcon title={failure} />}
    </div>
  );
}
