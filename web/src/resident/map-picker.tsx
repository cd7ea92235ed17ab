import maplibregl, { type Map as MapLibreMap, type Marker } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { loadBasemap } from '../map/basemap.ts';
import { asBox } from '../map/tuples.ts';

/**
 * A small map to tap a place on: the offline basemap, a pin, and the point handed back. With a
 * value it opens on that point, close up, and the pin can be dragged (the report flow shows where
 * the report will go before it is sent, and lets the resident move it).
 */
export function MapPicker(props: { value: { lng: number; lat: number } | null; onPick: (lng: number, lat: number) => void; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const initial = useRef(props.value);

  useEffect(() => {
    const abort = new AbortController();
    let map: MapLibreMap | null = null;
    loadBasemap(abort.signal).then((basemap) => {
      if (abort.signal.aborted || !container.current) return;
      const bounds = basemap.options.bounds ? asBox(basemap.options.bounds) : null;
      const start = initial.current;
      map = new maplibregl.Map({
        container: container.current,
        style: basemap.style,
        ...(start ? { center: [start.lng, start.lat] as [number, number], zoom: 17 } : bounds ? { bounds, fitBoundsOptions: { padding: 8 } } : {}),
        maxZoom: 19,
        minZoom: 9,
        dragRotate: false,
        pitchWithRotate: false,
        attributionControl: { compact: true },
      });
      map.touchZoomRotate.disableRotation();
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.on('click', (event) => onPick.current(Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))));
      map.on('error', (event) => {
        console.warn('[map]', event.error?.message);
        setFailed(true);
      });
      mapRef.current = map;
      setReady(true);
    }, (error: unknown) => {
      if (abort.signal.aborted) return;
      console.warn('[map]', error);
      setFailed(true);
    });
    return () => {
      abort.abort();
      map?.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !props.value) return;
    if (!markerRef.current) {
      const marker = new maplibregl.Marker({ color: '#cf1322', draggable: true });
      marker.on('dragend', () => {
        const { lng, lat } = marker.getLngLat();
        onPick.current(Number(lng.toFixed(6)), Number(lat.toFixed(6)));
      });
      markerRef.current = marker;
    }
    markerRef.current.setLngLat([props.value.lng, props.value.lat]).addTo(map);
    if (!map.getBounds().contains([props.value.lng, props.value.lat])) map.easeTo({ center: [props.value.lng, props.value.lat] });
  }, [props.value, ready]);

  return (
    <div className="resident-map-wrap">
      <div ref={container} className="resident-map" data-testid={props.testId ?? 'resident-map'} data-map-ready={ready ? 'true' : 'false'} />
      {failed && <Alert type="warning" showIcon title={t('map.loadFailed')} />}
    </div>
  );
}
