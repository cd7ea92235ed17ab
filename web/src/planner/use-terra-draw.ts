import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { SnappingCandidates } from './snapping-candidates.ts';

/** terra-draw's own mode names, as the editor uses them. */
export type TerraDrawModeName = 'linestring' | 'polygon' | 'select' | 'static';

const drawColour = '#d4380d';

/**
 * One terra-draw instance on the map for the editor's lifetime: a line mode (split), a polygon
 * mode (fill) and a select mode that edits one outline (reshape), each snapping through the
 * candidates. `onFinish` receives the drawn geometry.
 */
export function useTerraDraw(
  map: MapLibreMap | null,
  snapping: SnappingCandidates | null,
  onFinish: (geometry: GeoJSON.LineString | GeoJSON.Polygon) => void,
): TerraDraw | null {
  const [draw, setDraw] = useState<TerraDraw | null>(null);
  const onFinishRef = useRef(onFinish);
  onFinishRef.current = onFinish;

  useEffect(() => {
    if (!map || !snapping) return;
    const snap = { toCustom: snapping.snap };
    const instance = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'planner-draw' }),
      modes: [
        new TerraDrawLineStringMode({
          snapping: snap,
          styles: { lineStringColor: drawColour, lineStringWidth: 3, closingPointColor: drawColour, snappingPointColor: '#1677ff' },
        }),
        new TerraDrawPolygonMode({
          snapping: snap,
          validation: (feature) => ValidateNotSelfIntersecting(feature),
          styles: { fillColor: '#ffd591', fillOpacity: 0.35, outlineColor: drawColour, outlineWidth: 3, snappingPointColor: '#1677ff' },
        }),
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {
                draggable: false,
                coordinates: { draggable: true, deletable: true, midpoints: true, snappable: snap },
              },
            },
          },
          styles: { selectedPolygonColor: '#ffd591', selectedPolygonOutlineColor: drawColour, selectedPolygonOutlineWidth: 3 },
        }),
      ],
    });
    instance.start();
    instance.on('finish', (id) => {
      const feature = instance.getSnapshotFeature(id);
      if (feature && (feature.geometry.type === 'LineString' || feature.geometry.type === 'Polygon')) {
        onFinishRef.current(feature.geometry as GeoJSON.LineString | GeoJSON.Polygon);
      }
    });
    setDraw(instance);
    return () => {
      setDraw(null);
      try {
        instance.stop();
      } catch {
        // the map went first; nothing left to clean
      }
    };
  }, [map, snapping]);

  return draw;
}
