import { MapboxOverlay } from '@deck.gl/mapbox';
import { WebGLDevice } from '@luma.gl/webgl';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';

declare global {
  interface Window {
    /** The deck.gl overlay of the command centre, for end-to-end tests (picking) and the console. */
    __gridAtlasDeck?: MapboxOverlay;
    /** The layers last handed to it (ids and props), for the same. */
    __gridAtlasDeckLayers?: Layer[];
  }
}

/**
 * luma.gl's WebGL adapter imports its device class lazily; importing it here puts it in this
 * chunk, so drawing never waits on (or fails over) one more request after the chunk has loaded.
 */
export const bundledDeviceClass = WebGLDevice;

/**
 * One deck.gl overlay on the MapLibre map (its own canvas above the map). The caller rebuilds the
 * layer list from state on every render, deck.gl style; stable ids let deck.gl diff them and keep
 * GPU buffers of layers whose data did not change.
 */
export function useDeckOverlay(
  map: MapLibreMap | null,
  layers: Layer[],
  getTooltip?: (info: PickingInfo) => string | null,
  onClick?: (info: PickingInfo) => void,
): void {
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const tooltipRef = useRef(getTooltip);
  tooltipRef.current = getTooltip;
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!map) return;
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      getTooltip: (info) => {
        const text = tooltipRef.current?.(info);
        return text ? { text, className: 'deck-tooltip' } : null;
      },
      onClick: (info) => {
        if (info.picked) clickRef.current?.(info);
      },
    });
    map.addControl(overlay);
    overlayRef.current = overlay;
    window.__gridAtlasDeck = overlay;
    return () => {
      overlayRef.current = null;
      if (window.__gridAtlasDeck === overlay) delete window.__gridAtlasDeck;
      try {
        map.removeControl(overlay);
      } catch {
        // the map was removed first
      }
    };
  }, [map]);

  useEffect(() => {
    if (!overlayRef.current) return;
    overlayRef.current.setProps({ layers });
    window.__gridAtlasDeckLayers = layers;
  });
}
