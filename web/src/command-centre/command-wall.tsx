import { ArrowLeftOutlined, MutedOutlined, SoundOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, theme } from 'antd';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiReport } from '../../../contract/analytics.ts';
import { analyticsApi } from '../api/analytics-api.ts';
import type { TerritoryData } from '../app/use-territory-data.ts';
import type { MapLayerEntry } from '../map/layer-definition.ts';
import { MapView } from '../map/map-view.tsx';
import { formatDateTime } from '../panels/format.ts';
import { EmergencyBanner, sortedLive, StreamStatus } from './command-centre.tsx';
import { KpiTile, shownKpis } from './kpi-panel.tsx';
import { LiveIncidentList, useClock } from './live-incident-list.tsx';
import { useCommandOverlay } from './use-command-overlay.ts';
import { defaultHeatmapSettings, useHeatmap, type HeatmapSettings } from './use-heatmap.ts';
import { isOverdue, useLiveIncidents } from './use-live-incidents.ts';
import './command-centre.css';
import { WallWarnings } from '../emergency/warning-banner.tsx';

const kpiRefreshMilliseconds = 60_000;

/** The wall display (#/command/wall): dark, large figures refreshed every minute, live cases, the map with the heatmap. */
export function CommandWall(props: { entries: MapLayerEntry[]; data: TerritoryData | null }) {
  const { t } = useTranslation();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const live = useLiveIncidents(true);
  const [settings] = useState<HeatmapSettings>({ ...defaultHeatmapSettings, window: '7d', riskMode: 'levels' });
  const heatmap = useHeatmap(settings, true);
  const liveList = useMemo(() => sortedLive(live.incidents), [live.incidents]);
  const now = useClock(1000);
  const [report, setReport] = useState<KpiReport | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);

  useEffect(() => {
    let abort = new AbortController();
    const refresh = () => {
      abort.abort();
      abort = new AbortController();
      const to = new Date();
      analyticsApi.kpis({ from: new Date(to.getTime() - 30 * 86_400_000), to, top: 5 }, abort.signal).then((answer) => {
        setReport(answer);
        setRefreshedAt(new Date().toISOString());
      }, () => undefined);
    };
    refresh();
    const timer = window.setInterval(refresh, kpiRefreshMilliseconds);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, []);

  useCommandOverlay({ map, settings, heatmap, live: liveList, riskSources: props.data?.riskSources ?? null, grids: props.data?.grids ?? null, scale: 1.3 });
  const overdue = liveList.filter((incident) => isOverdue(incident, now)).length;
  const rows = report?.kpis.filter((row) => shownKpis.includes(row.name)) ?? [];

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#3c9ae8', fontSize: 14 } }}>
      <div className="command-wall" data-testid="command-wall">
        <header className="wall-header">
          <Button type="text" icon={<ArrowLeftOutlined />} href="#/command" aria-label={t('command.wall.leave')} />
          <h1>{t('command.wall.title')}</h1>
          <span className="wall-demo">{t('app.demoBadge')}</span>
          <span className="spacer" />
          <StreamStatus state={live.streamState} />
          <Button type="text" icon={live.muted ? <MutedOutlined /> : <SoundOutlined />} onClick={() => live.setMuted(!live.muted)} aria-label={t('command.live.mute')} />
          <span className="wall-clock mono">{formatDateTime(new Date(now).toISOString())}:{String(new Date(now).getSeconds()).padStart(2, '0')}</span>
        </header>
        <EmergencyBanner alert={live.alert} onDismiss={live.dismissAlert} categories={props.data?.categories ?? []} />
        <section className="wall-kpis" data-testid="wall-kpis">
          {rows.map((row) => <KpiTile key={row.name} row={row} large />)}
        </section>
        <section className="wall-body">
          <div className="wall-map">
            <MapView entries={props.entries} selected={null} onSelect={() => undefined} focus={null} dataLoaded={props.data !== null}
              gridCount={props.data?.grids.features.length ?? 0} onMapReady={setMap} />
            <div className="wall-map-caption">{t('command.wall.heatmapCaption', { count: heatmap.filtered?.length ?? 0 })}</div>
          </div>
          <aside className="wall-side">
            <div className="wall-side-head">
              <h2>{t('command.wall.liveCases')}</h2>
              <span>{t('command.live.open')} <b>{liveList.length}</b></span>
              <span className={overdue > 0 ? 'wall-overdue' : ''}>{t('command.live.overdue')} <b>{overdue}</b></span>
            </div>
            <LiveIncidentList incidents={liveList} categories={props.data?.categories ?? []} limit={40} className="wall-live-list" />
            <WallWarnings />
            <div className="wall-hotspots">
              <h2>{t('command.kpi.hotspots')}</h2>
              <ol>
                {(report?.hotspots ?? []).map((hotspot) => (
                  <li key={hotspot.gridId}><span>{hotspot.name}</span><b>{hotspot.reported}</b></li>
                ))}
              </ol>
              <div className="muted">{t('command.wall.refreshed', { time: refreshedAt ? formatDateTime(refreshedAt).slice(11) : '—' })}</div>
            </div>
          </aside>
        </section>
      </div>
    </ConfigProvider>
  );
}

export default CommandWall;
