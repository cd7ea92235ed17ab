import type { PickingInfo } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CctvPointProperties, EmergencyEquipmentProperties, RiskSourceProperties } from '../../../contract/risks.ts';
import { analyticsApi } from '../api/analytics-api.ts';
import type { GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { createCommandLayerBuilder, riskPointsOf, type RiskPoint } from './command-layers.ts';
import { useDeckOverlay } from './deck-overlay.ts';
import type { HeatmapSettings, useHeatmap } from './use-heatmap.ts';
import { pulseMilliseconds, type LiveIncident } from './use-live-incidents.ts';

/** Everything the command centre draws with deck.gl over the MapLibre map. */
export function useCommandOverlay(options: {
  map: MapLibreMap | null;
  settings: HeatmapSettings;
  heatmap: ReturnType<typeof useHeatmap>;
  live: LiveIncident[];
  riskSources: Collection<RiskSourceProperties> | null;
  grids: Collection<GridProperties> | null;
  pickedLocation?: [number, number] | null;
  scale?: number;
  onPickLive?: (incident: LiveIncident) => void;
}) {
  const { t } = useTranslation();
  const [equipment, setEquipment] = useState<GeoJSON.FeatureCollection<GeoJSON.Point, EmergencyEquipmentProperties> | null>(null);
  const [cctv, setCctv] = useState<GeoJSON.FeatureCollection<GeoJSON.Point, CctvPointProperties> | null>(null);
  useEffect(() => {
    if (options.settings.showEquipment && !equipment) analyticsApi.emergencyEquipment().then(setEquipment, () => undefined);
  }, [options.settings.showEquipment, equipment]);
  useEffect(() => {
    if (options.settings.showCctv && !cctv) analyticsApi.cctvPoints().then(setCctv, () => undefined);
  }, [options.settings.showCctv, cctv]);

  // animate only while something pulses; otherwise the overlay is redrawn on state changes alone
  const [frameTime, setFrameTime] = useState(() => performance.now());
  const newest = options.live.reduce((latest, incident) => Math.max(latest, incident.arrivedAt ?? 0), 0);
  useEffect(() => {
    if (newest === 0 || performance.now() - newest > pulseMilliseconds) return;
    let frame = requestAnimationFrame(function step(time) {
      setFrameTime(time);
      if (time - newest < pulseMilliseconds + 100) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [newest]);

  const riskPoints = useMemo(() => riskPointsOf(options.riskSources), [options.riskSources]);
  // one builder per overlay: it keeps each layer while its inputs are the same (command-layers.ts)
  const [buildLayers] = useState(createCommandLayerBuilder);
  const layers = buildLayers({
    points: options.heatmap.filtered,
    mode: options.settings.mode,
    riskMode: options.settings.riskMode,
    riskPoints,
    grids: options.grids,
    densities: options.heatmap.densities,
    equipment: options.settings.showEquipment ? equipment : null,
    cctv: options.settings.showCctv ? cctv : null,
    live: options.live,
    frameTime,
    wallClock: Date.now(),
    pickedLocation: options.pickedLocation ?? null,
    scale: options.scale ?? 1,
  });

  const tooltip = (info: PickingInfo): string | null => {
    const object = info.object as unknown;
    if (!object) return null;
    switch (info.layer?.id) {
      case 'live-incidents': {
        const incident = object as LiveIncident;
        return `${incident.trackingCode}\n${t(`status.${incident.status}`)}`;
      }
      case 'risk-sources-levels': {
        const risk = object as RiskPoint;
        return `${risk.name}\n${t(`riskLevel.${risk.level}`)}${risk.overdue ? ` · ${t('command.risk.inspectionOverdue')}` : ''}`;
      }
      case 'emergency-equipment': {
        const item = (object as GeoJSON.Feature<GeoJSON.Point, EmergencyEquipmentProperties>).properties;
        const state = item.expired ? t('command.heatmap.equipmentExpired') : item.expiresSoon ? t('command.heatmap.equipmentSoon') : t('command.heatmap.equipmentValid');
        return `${item.name} ×${item.quantity}\n${t('command.heatmap.expiresOn')} ${item.expiresOn ?? '—'} · ${state}`;
      }
      case 'cctv-points': {
        const point = (object as GeoJSON.Feature<GeoJSON.Point, CctvPointProperties>).properties;
        return `${point.name}\n${point.online ? t('command.heatmap.online') : t('command.heatmap.offline')}`;
      }
      case 'violations-hexagons': {
        const cell = object as { count?: number; colorValue?: number; points?: unknown[] };
        return t('command.heatmap.cellCount', { count: cell.count ?? cell.colorValue ?? cell.points?.length ?? 0 });
      }
      case 'grid-density-choropleth': {
        const grid = (object as GeoJSON.Feature<GeoJSON.Geometry, GridProperties>).properties;
        const density = options.heatmap.densities?.find((candidate) => candidate.gridId === grid.id);
        if (!density) return grid.name;
        return `${grid.name}\n${t('command.heatmap.densityTooltip', {
          incidents: density.incidents,
          perHundred: density.incidentsPerHundredHouseholds?.toFixed(1) ?? '—',
          perSquareKilometre: density.incidentsPerSquareKilometre?.toFixed(0) ?? '—',
        })}`;
      }
      default:
        return null;
    }
  };
  useDeckOverlay(options.map, layers, tooltip, (info) => {
    if (info.layer?.id === 'live-incidents' && info.object) options.onPickLive?.(info.object as LiveIncident);
  });
}
