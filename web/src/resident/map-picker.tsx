import maplibregl, { type Map as MapLibreMap, type Marker } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { loadBasemap } from '../map/basemap.ts';
import { asBox } from '../map/tuples.ts';

/** A small map to tap a place on: the offline basemap, a pin, and the point handed back. */
export function MapPicker(props: { value: { lng: number; lat: number } | null; onPick: (lng: number, lat: number) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let map: MapLibreMap | null = null;
    loadBasemap(abort.signal).then((basemap) => {
      if (abort.signal.aborted || !container.current) return;
      const bounds = basemap.options.bounds ? asBox(basemap.options.bounds) : null;
      map = new maplibregl.Map({
        container: container.current,
        style: basemap.style,
        ...(bounds ? { bounds, fitBoundsOptions: { padding: 8 } } : {}),
        maxZoom: 19,
        minZoom: 9,
        dragRotate: false,
        pitchWithRotate: false,
        attributionControl: { compact: true },
      });
      map.touchZoomRotate.disableRotation();
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.on('click', (event) => onPick.current(Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))));
      map.on('error', (event) => setFailure(event.error?.message ?? 'Map error'));
      mapRef.current = map;
    }, (error: unknown) => {
      if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error));
    });
    return () => {
      abort.abort();
      map?.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !props.value) return;
    markerRef.current ??= new maplibregl.Marker({ color: '#cf1322' });
    markerRef.current.setLngLat([props.value.lng, props.value.lat]).addTo(map);
  }, [props.value]);

  return (
    <div className="resident-map-wrap">
      <div ref={container} className="resident-map" data-testid="resident-map" />
      {failure && <Alert type="warning" showIcon title={failure} />}
    </div>
  );
}
