import maplibregl, { type GeoJSONSource, type Map as MapLibreMap, type MapGeoJSONFeature, type VectorTileSource } from 'maplibre-gl';
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { householdSingleFromZoom } from '../../../contract/tile-zooms.ts';
import type { Language } from '../i18n/i18n.ts';
import { loadBasemap, type LoadedBasemap } from './basemap.ts';
import { slotOrder, type LayerKey, type MapLayerEntry } from './layer-definition.ts';
import { addMapImages, hatchImageId, riskIconImageId } from './map-images.ts';
import { asBox } from './tuples.ts';

/** A feature the user pointed at, with the thematic layer it belongs to. */
export interface MapHit {
  layerKey: LayerKey;
  sourceId: string;
  id: number | string;
  properties: Record<string, unknown>;
}

export interface FeatureReference {
  sourceId: string;
  id: number | string;
  /** A vector-tile source's layer: feature-state needs it there. */
  sourceLayer?: string;
}

/**
 * Set a referenced feature's state, as its source is now: a tiled source needs the source layer
 * (named like the source unless the reference says otherwise), a GeoJSON one must not have it. A
 * source that is gone, or changed kind since the reference was made, is no error.
 */
function setFeatureState(map: MapLibreMap, reference: FeatureReference, state: Record<string, boolean>): void {
  const source = map.getSource(reference.sourceId);
  if (!source) return;
  const sourceLayer = source.type === 'vector' ? { sourceLayer: reference.sourceLayer ?? reference.sourceId } : {};
  map.setFeatureState({ source: reference.sourceId, id: reference.id, ...sourceLayer }, state);
}

/** Vector tiles carry no cluster expansion zoom: a tap on a tile cluster zooms two levels, up to where single points begin. */
const tileClusterZoomStep = 2;

export interface MapViewProps {
  entries: MapLayerEntry[];
  selected: FeatureReference | null;
  onSelect: (hit: MapHit | null) => void;
  /** Fit the map to these bounds whenever `key` changes. */
  focus: { bounds: [number, number, number, number]; key: number } | null;
  /** True once every entry's data has arrived; the map is "ready" for tests only then. */
  dataLoaded: boolean;
  gridCount: number;
  /** Told the map once its style has loaded (and null when it goes), e.g. for a deck.gl overlay. */
  onMapReady?: (map: MapLibreMap | null) => void;
}

declare global {
  interface Window {
    /** The map instance, for end-to-end tests and for poking at from the console. */
    __gridAtlasMap?: MapLibreMap;
  }
}

/** What covers part of the map: the layer card, the phone's bottom sheet, bars marked `data-map-overlay`. */
const overlaySelector = '.layer-panel, .side-panel, [data-map-overlay]';

/**
 * Padding that keeps a fitted area in the part of the map nobody covers: each overlay lying over
 * the map pushes the side it costs least to keep clear of (the layer card the left, the phone's
 * sheet the bottom), so the zone is fitted into the free area, not under the panels.
 */
export function uncoveredPadding(container: HTMLElement, margin = 16): { top: number; right: number; bottom: number; left: number } {
  const map = container.getBoundingClientRect();
  const padding = { top: margin, right: margin, bottom: margin, left: margin };
  const scope = container.closest('.app-body') ?? container.parentElement ?? document.body;
  for (const element of scope.querySelectorAll<HTMLElement>(overlaySelector)) {
    if (element.contains(container)) continue;
    const box = element.getBoundingClientRect();
    const width = Math.min(box.right, map.right) - Math.max(box.left, map.left);
    const height = Math.min(box.bottom, map.bottom) - Math.max(box.top, map.top);
    if (width <= 1 || height <= 1) continue; // beside the map, not over it
    const covers = { left: box.right - map.left, right: map.right - box.left, top: box.bottom - map.top, bottom: map.bottom - box.top };
    const side = (Object.keys(covers) as (keyof typeof covers)[]).reduce((best, key) => (covers[key] < covers[best] ? key : best));
    padding[side] = Math.max(padding[side], Math.round(covers[side] + margin));
  }
  // a map too small for its overlays still shows the zone, only less clear of them
  const shrink = (first: 'left' | 'top', second: 'right' | 'bottom', size: number) => {
    const room = size - 80;
    const used = padding[first] + padding[second];
    if (used > room && used > 0) {
      padding[first] = Math.max(0, Math.floor((padding[first] * room) / used));
      padding[second] = Math.max(0, Math.floor((padding[second] * room) / used));
    }
  };
  shrink('left', 'right', map.width);
  shrink('top', 'bottom', map.height);
  return padding;
}

const ownImages = new Set<string>([hatchImageId, ...[1, 2, 3, 4].map(riskIconImageId)]);

/**
 * The one MapLibre map. It loads the basemap style the server chose, then keeps the thematic
 * layers in step with `entries`: sources are added once and updated with setData, style layers
 * are rebuilt only when their specification changes (e.g. the language), visibility is toggled
 * in place. Hover and selection are feature-state, so no layer is rebuilt for them.
 */
export function MapView({ entries, selected, onSelect, focus, dataLoaded, gridCount, onMapReady }: MapViewProps) {
  const { t, i18n } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [basemap, setBasemap] = useState<LoadedBasemap | null>(null);
  const [styleReady, setStyleReady] = useState(false);
  const [failed, setFailed] = useState(false);

  const appliedSignature = useRef('');
  const appliedLayerIds = useRef<string[]>([]);
  const appliedData = useRef(new Map<string, unknown>());
  const layerKeyById = useRef(new Map<string, LayerKey>());
  const interactiveLayerIds = useRef<string[]>([]);
  const hovered = useRef<FeatureReference | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onMapReadyRef = useRef(onMapReady);
  /** The map was moved on purpose (by the user, or to show a chosen grid): stop refitting the zone. */
  const movedRef = useRef(false);
  onMapReadyRef.current = onMapReady;

  useEffect(() => {
    const abort = new AbortController();
    loadBasemap(abort.signal).then(setBasemap, (error: unknown) => {
      if (abort.signal.aborted) return;
      console.warn('[map]', error);
      setFailed(true);
    });
    return () => abort.abort();
  }, []);

  useEffect(() => {
    if (!basemap || !containerRef.current) return;
    const applied = appliedData.current;
    const bounds = basemap.options.bounds ? asBox(basemap.options.bounds) : null;
    const map = new maplibregl.Map({
      container: containerRef.current,
      style: basemap.style,
      ...(bounds ? { bounds, fitBoundsOptions: { padding: uncoveredPadding(containerRef.current) } } : {}),
      maxZoom: 19,
      minZoom: 9,
      attributionControl: {
        compact: true,
        // an online style credits its own data; the demo data is ours to credit
        customAttribution: basemap.options.mode === 'style-url' ? basemap.options.attribution : undefined,
      },
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    // until the map is moved (by the user, or to show a grid or a case), the zone is kept fitted
    // into the free area: when the side panel widens (assignment, command centre) or the overlays
    // settle after the first layout
    movedRef.current = false;
    const container = containerRef.current;
    const fitZone = () => {
      if (!bounds || movedRef.current || container.clientWidth === 0) return;
      map.fitBounds(bounds, { padding: uncoveredPadding(container), animate: false });
    };
    // a drag, a wheel, a pinch: the user chose what to look at (resizes and fits have no original event)
    map.on('movestart', (event) => {
      if ((event as { originalEvent?: unknown }).originalEvent) movedRef.current = true;
    });
    map.on('load', () => {
      fitZone();
      addMapImages(map);
      setStyleReady(true);
      onMapReadyRef.current?.(map);
    });
    map.on('styleimagemissing', (event: { id: string }) => {
      if (ownImages.has(event.id)) addMapImages(map);
    });
    // MapLibre's reasons are English and technical: the screen says it in the reader's language, the console keeps the reason
    map.on('error', (event) => {
      console.warn('[map]', event.error?.message);
      setFailed(true);
    });

    const topFeature = (point: maplibregl.PointLike): MapGeoJSONFeature | undefined => {
      const layers = interactiveLayerIds.current.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
      if (layers.length === 0) return undefined;
      return map.queryRenderedFeatures(point, { layers })[0];
    };
    const setHover = (next: FeatureReference | null) => {
      const previous = hovered.current;
      if (previous && next && previous.sourceId === next.sourceId && previous.id === next.id) return;
      if (previous) setFeatureState(map, previous, { hover: false });
      if (next) setFeatureState(map, next, { hover: true });
      hovered.current = next;
    };
    map.on('mousemove', (event) => {
      const feature = topFeature(event.point);
      setHover(feature && feature.id !== undefined ? { sourceId: feature.source, id: feature.id, ...(feature.sourceLayer ? { sourceLayer: feature.sourceLayer } : {}) } : null);
      map.getCanvas().style.cursor = feature ? 'pointer' : '';
    });
    map.on('mouseout', () => setHover(null));
    map.on('click', (event) => {
      const feature = topFeature(event.point);
      if (!feature || feature.id === undefined) {
        onSelectRef.current(null);
        return;
      }
      if (feature.layer.id === 'households-cluster') {
        const center = (feature.geometry as GeoJSON.Point).coordinates as [number, number];
        const source = map.getSource(feature.source);
        if (source?.type === 'geojson') {
          void (source as GeoJSONSource).getClusterExpansionZoom(Number(feature.properties.cluster_id)).then((zoom) => map.easeTo({ center, zoom }));
        } else {
          map.easeTo({ center, zoom: Math.min(Math.floor(map.getZoom()) + tileClusterZoomStep, householdSingleFromZoom) });
        }
        return;
      }
      const layerKey = layerKeyById.current.get(feature.layer.id);
      if (layerKey) onSelectRef.current({ layerKey, sourceId: feature.source, id: feature.id, properties: feature.properties });
    });

    const resizeObserver = new ResizeObserver(() => {
      map.resize();
      fitZone();
    });
    resizeObserver.observe(containerRef.current);
    mapRef.current = map;
    window.__gridAtlasMap = map;
    return () => {
      resizeObserver.disconnect();
      onMapReadyRef.current?.(null);
      map.remove();
      mapRef.current = null;
      delete window.__gridAtlasMap;
      appliedSignature.current = '';
      appliedLayerIds.current = [];
      applied.clear();
      setStyleReady(false);
    };
  }, [basemap]);

  // Keep sources and style layers in step with the entries.
  const language = i18n.language as Language;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady || !basemap) return;
    const context = { fonts: basemap.fonts, t, language };
    // a source that changes kind (GeoJSON while a grid is edited, tiles for the city view) is
    // replaced: first every style layer, which may read it, then the source itself
    const changedKind = entries.flatMap((entry) =>
      Object.entries(entry.definition.sources(entry.data as never)).filter(([id, specification]) => {
        const source = map.getSource(id);
        return source && (source.type === 'vector') !== (specification.type === 'vector');
      }),
    );
    if (changedKind.length > 0) {
      for (const id of appliedLayerIds.current) if (map.getLayer(id)) map.removeLayer(id);
      appliedLayerIds.current = [];
      appliedSignature.current = '';
      if (hovered.current && changedKind.some(([id]) => id === hovered.current!.sourceId)) hovered.current = null;
      for (const [id] of changedKind) {
        map.removeSource(id);
        appliedData.current.delete(id);
      }
    }
    for (const entry of entries) {
      for (const [id, specification] of Object.entries(entry.definition.sources(entry.data as never))) {
        const source = map.getSource(id);
        // what identifies the source's content: the data object, or the tile URLs of a tiled source
        const content = specification.type === 'vector' ? (specification.tiles ?? []).join(' ') : specification.data;
        if (!source) map.addSource(id, specification);
        else if (appliedData.current.get(id) !== content) {
          if (specification.type === 'vector') (source as VectorTileSource).setTiles(specification.tiles ?? []);
          else (source as GeoJSONSource).setData(specification.data as GeoJSON.GeoJSON);
        }
        appliedData.current.set(id, content);
      }
    }
    const ordered = slotOrder.flatMap((slot) =>
      entries.flatMap((entry) => (entry.definition.layers(context)[slot] ?? []).map((layer) => ({ layer, entry }))),
    );
    const visibility = (entry: MapLayerEntry) => (entry.visible ? 'visible' : 'none') as 'visible' | 'none';
    const signature = JSON.stringify(ordered.map(({ layer }) => layer));
    if (signature !== appliedSignature.current) {
      for (const id of appliedLayerIds.current) if (map.getLayer(id)) map.removeLayer(id);
      for (const { layer, entry } of ordered) {
        map.addLayer({ ...layer, layout: { ...(layer.layout ?? {}), visibility: visibility(entry) } } as typeof layer);
      }
      appliedSignature.current = signature;
      appliedLayerIds.current = ordered.map(({ layer }) => layer.id);
    } else {
      for (const { layer, entry } of ordered) {
        if (map.getLayoutProperty(layer.id, 'visibility') !== visibility(entry)) map.setLayoutProperty(layer.id, 'visibility', visibility(entry));
      }
    }
    layerKeyById.current = new Map(ordered.map(({ layer, entry }) => [layer.id, entry.definition.key]));
    interactiveLayerIds.current = entries.flatMap((entry) => entry.definition.interactiveLayerIds);
  }, [entries, styleReady, basemap, t, language]);

  // The selected feature is outlined through feature-state.
  const appliedSelection = useRef<FeatureReference | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    const previous = appliedSelection.current;
    if (previous) setFeatureState(map, previous, { selected: false });
    if (selected) setFeatureState(map, selected, { selected: true });
    appliedSelection.current = selected;
  }, [selected, styleReady, dataLoaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focus) return;
    movedRef.current = true;
    map.fitBounds(focus.bounds, { padding: containerRef.current ? uncoveredPadding(containerRef.current, 60) : 60, maxZoom: 16.5, duration: 600 });
  }, [focus?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="map-view" data-map-ready={String(styleReady && dataLoaded)} data-grid-count={gridCount} data-basemap-mode={basemap?.options.mode}>
      <div ref={containerRef} className="map-canvas" />
      {!styleReady && !failed && (
        <div className="map-loading">
          <Spin />
        </div>
      )}
      {failed && <Alert className="map-failure" type="error" showIcon title={t('map.loadFailed')} closable={{ onClose: () => setFailed(false) }} />}
      {basemap?.options.notice && <Alert className="map-failure" type="warning" showIcon title={t('map.basemapUnusable')} />}
    </div>
  );
}
