import { AlertFilled, FullscreenOutlined, SoundOutlined, MutedOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Tabs, Tooltip } from 'antd';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../contract/accounts.ts';
import type { IncidentProperties } from '../../../contract/incidents.ts';
import type { TerritoryData } from '../app/use-territory-data.ts';
import type { LayerKey } from '../map/layer-definition.ts';
import { uncoveredPadding } from '../map/map-view.tsx';
import { HeatmapControls } from './heatmap-controls.tsx';
import { KpiPanel } from './kpi-panel.tsx';
import { categoryName, LiveIncidentList, useClock } from './live-incident-list.tsx';
import { RiskRegister } from './risk-register.tsx';
import { useCommandOverlay } from './use-command-overlay.ts';
import { defaultHeatmapSettings, useHeatmap, type HeatmapSettings } from './use-heatmap.ts';
import { isOverdue, useLiveIncidents, type LiveIncident, type StreamState } from './use-live-incidents.ts';
import './command-centre.css';

export interface CommandCentreProps {
  map: MapLibreMap | null;
  data: TerritoryData;
  role: Role | null;
  /** Another card (an incident, a grid) is open in the panel: stay mounted and live, but out of sight. */
  hidden: boolean;
  onSelectIncident: (incident: IncidentProperties) => void;
  /** While true the app must not treat map clicks as selections (the risk form is picking a location). */
  onPickingChange: (picking: boolean) => void;
  onRiskSourcesChanged: () => void;
  /** A tab asks for the map layers its task needs (the dashboard owns the layer switches). */
  onTabLayers?: (layers: Partial<Record<LayerKey, boolean>>) => void;
}

type CommandTab = 'live' | 'heatmap' | 'kpi' | 'risk';

/**
 * What each tab's task needs on the map, set when the tab opens (the user may change it after):
 * live cases alone over the grids; the heatmap without the case dots it summarises; the KPI tab
 * the grids; the risk register the risk sources by level.
 */
export const commandTabLayers: Record<CommandTab, { settings: Partial<HeatmapSettings>; layers: Partial<Record<LayerKey, boolean>> }> = {
  live: { settings: { mode: 'off', riskMode: 'off' }, layers: { grids: true, communities: true, incidents: false, riskSources: false, households: false } },
  heatmap: { settings: { mode: 'heatmap', riskMode: 'off' }, layers: { grids: true, communities: true, incidents: false, riskSources: false, households: false } },
  kpi: { settings: { mode: 'off', riskMode: 'off' }, layers: { grids: true, communities: true, incidents: false, riskSources: false, households: false } },
  risk: { settings: { mode: 'off', riskMode: 'levels' }, layers: { grids: true, communities: true, incidents: false, riskSources: true, households: false } },
};

export function boundsOfGeometry(geometry: GeoJSON.Geometry): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      bounds[0] = Math.min(bounds[0], value[0] as number);
      bounds[1] = Math.min(bounds[1], value[1] as number);
      bounds[2] = Math.max(bounds[2], value[0] as number);
      bounds[3] = Math.max(bounds[3], value[1] as number);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return bounds;
}

export function sortedLive(incidents: Map<number, LiveIncident>): LiveIncident[] {
  return [...incidents.values()].sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt));
}

export function StreamStatus(props: { state: StreamState }) {
  const { t } = useTranslation();
  const status = props.state === 'open' ? 'success' : props.state === 'reconnecting' ? 'warning' : 'processing';
  return (
    <span data-testid="stream-status" data-state={props.state}>
      <Badge status={status} text={<span className="muted">{t(`command.stream.${props.state}`)}</span>} />
    </span>
  );
}

export function EmergencyBanner(props: { alert: LiveIncident | null; onDismiss: () => void; categories: TerritoryData['categories']; onShow?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!props.alert) return null;
  return (
    <Alert
      className="emergency-banner"
      type="error"
      showIcon
      icon={<AlertFilled />}
      data-testid="emergency-alert"
      title={t('command.live.emergency', { name: categoryName(props.categories, props.alert.categoryCode, i18n.language === 'en') })}
      description={<span className="mono">{props.alert.trackingCode}</span>}
      action={props.onShow ? <Button size="small" danger onClick={props.onShow}>{t('command.live.show')}</Button> : undefined}
      closable={{ onClose: props.onDismiss }}
    />
  );
}

/** The 指挥 view: live cases, heatmaps, KPIs and the risk register, with deck.gl layers on the shared map. */
export function CommandCentre(props: CommandCentreProps) {
  const { t } = useTranslation();
  const live = useLiveIncidents(true);
  const [settings, setSettings] = useState<HeatmapSettings>(() => ({ ...defaultHeatmapSettings, ...commandTabLayers.live.settings }));
  const heatmap = useHeatmap(settings, true);
  const [tab, setTab] = useState<CommandTab>('live');
  const { onTabLayers } = props;
  const openTab = useCallback((next: CommandTab) => {
    setTab(next);
    setSettings((current) => ({ ...current, ...commandTabLayers[next].settings }));
    onTabLayers?.(commandTabLayers[next].layers);
  }, [onTabLayers]);
  const [picking, setPicking] = useState(false);
  const [pickedLocation, setPickedLocation] = useState<[number, number] | null>(null);
  const liveList = useMemo(() => sortedLive(live.incidents), [live.incidents]);
  const now = useClock(30_000);
  const overdueCount = liveList.filter((incident) => isOverdue(incident, now)).length;
  const { map, data, onSelectIncident, onPickingChange } = props;

  const selectLive = useCallback((incident: LiveIncident) => {
    const known = data.categories.find((category) => category.code === incident.categoryCode);
    onSelectIncident({
      id: incident.id, trackingCode: incident.trackingCode, categoryCode: incident.categoryCode, majorCode: incident.majorCode ?? incident.categoryCode.slice(0, 2),
      categoryNameZh: known?.nameZh ?? incident.categoryCode, categoryNameEn: known?.nameEn ?? incident.categoryCode, status: incident.status, source: '',
      reportedAt: incident.reportedAt, dueAt: incident.dueAt, closedAt: null, gridId: null,
    });
    map?.easeTo({ center: [incident.longitude, incident.latitude], zoom: Math.max(map.getZoom(), 15.5), duration: 500 });
  }, [data.categories, onSelectIncident, map]);

  useCommandOverlay({ map, settings, heatmap, live: liveList, riskSources: data.riskSources, grids: data.grids, pickedLocation: picking || tab === 'risk' ? pickedLocation : null, onPickLive: selectLive });

  // picking a location for the risk form: the next map click answers
  useEffect(() => {
    onPickingChange(picking);
    if (!map || !picking) return;
    map.getCanvas().style.cursor = 'crosshair';
    const answer = (event: { lngLat: { lng: number; lat: number } }) => {
      setPickedLocation([event.lngLat.lng, event.lngLat.lat]);
      setPicking(false);
    };
    map.once('click', answer);
    return () => {
      map.off('click', answer);
      map.getCanvas().style.cursor = '';
    };
  }, [map, picking, onPickingChange]);

  const focusGrid = (gridId: number) => {
    const grid = data.grids.features.find((feature) => feature.properties.id === gridId);
    if (grid && map) map.fitBounds(boundsOfGeometry(grid.geometry), { padding: uncoveredPadding(map.getContainer(), 80), maxZoom: 16.5, duration: 600 });
  };

  return (
    <div className="command-centre" hidden={props.hidden} data-testid="command-centre" data-live-count={liveList.length}>
      <div className="command-head">
        <h2 className="view-title">{t('views.commandTitle')}</h2>
        <StreamStatus state={live.streamState} />
        <span className="spacer" />
        <Tooltip title={live.muted ? t('command.live.unmute') : t('command.live.mute')}>
          <Button size="small" type="text" icon={live.muted ? <MutedOutlined /> : <SoundOutlined />} onClick={() => live.setMuted(!live.muted)}
            aria-label={live.muted ? t('command.live.unmute') : t('command.live.mute')} data-testid="alert-mute" />
        </Tooltip>
        <Tooltip title={t('command.wall.open')}>
          <Button size="small" type="text" icon={<FullscreenOutlined />} href="#/command/wall" aria-label={t('command.wall.open')} />
        </Tooltip>
      </div>
      <EmergencyBanner alert={live.alert} onDismiss={live.dismissAlert} categories={data.categories} onShow={() => live.alert && selectLive(live.alert)} />
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(next) => openTab(next as CommandTab)}
        items={[
          {
            key: 'live',
            label: <span>{t('command.tabs.live')} <Badge count={liveList.length} overflowCount={999} color="#0b5cad" size="small" /></span>,
            children: (
              <div className="overview">
                <div className="live-summary">
                  <span>{t('command.live.open')} <b>{liveList.length}</b></span>
                  <span className={overdueCount > 0 ? 'alert-value' : ''}>{t('command.live.overdue')} <b>{overdueCount}</b></span>
                </div>
                <LiveIncidentList incidents={liveList} categories={data.categories} onSelect={selectLive} />
              </div>
            ),
          },
          {
            key: 'heatmap',
            label: t('command.tabs.heatmap'),
            children: <HeatmapControls settings={settings} onChange={setSettings} heatmap={heatmap} categories={data.categories} />,
          },
          {
            key: 'kpi',
            label: t('command.tabs.kpi'),
            children: <KpiPanel grids={data.grids} communities={data.communities} categories={data.categories} points={heatmap.points} now={heatmap.now} onFocusGrid={focusGrid} />,
          },
          {
            key: 'risk',
            label: t('command.tabs.risk'),
            children: (
              <RiskRegister
                mayEdit={props.role === 'admin' || props.role === 'dispatcher'}
                onPickLocation={(active) => {
                  setPicking(active);
                  if (active) setPickedLocation(null);
                }}
                pickedLocation={pickedLocation}
                onFocus={(position) => map?.easeTo({ center: position, zoom: Math.max(map.getZoom(), 16), duration: 500 })}
                onChanged={props.onRiskSourcesChanged}
              />
            ),
          },
        ]}
      />
    </div>
  );
}

export default CommandCentre;
