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
import { EChart } from './kpi-charts.tsx';
import { KpiTile, monthlyCounts, shownKpis } from './kpi-panel.tsx';
import { majorCategoryCodes, majorCategoryColours } from '../map/map-palette.ts';
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

  // the wall's charts: twelve months of reports by class (the current month marked as partial), and this week's mix
  const monthly = useMemo(() => monthlyCounts(heatmap.points, heatmap.now, null), [heatmap.points, heatmap.now]);
  const trendOption = useMemo(() => ({
    backgroundColor: 'transparent',
    grid: { left: 40, right: 12, top: 36, bottom: 24 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 11, color: '#8fa7bf' } },
    xAxis: {
      type: 'category', axisLabel: { fontSize: 11, color: '#8fa7bf' },
      data: monthly.months.map((month, index) => (index === monthly.months.length - 1 ? `${month.label}${t('display.partialPeriod')}` : month.label)),
    },
    yAxis: { type: 'value', axisLabel: { fontSize: 11, color: '#8fa7bf' }, splitLine: { lineStyle: { color: '#1e3a5a' } } },
    series: majorCategoryCodes.map((code, index) => ({
      name: t(`majorCategory.${code}`), type: 'bar', stack: 'reports', barWidth: '62%', itemStyle: { color: majorCategoryColours[code] },
      data: monthly.perMajor[index]!.map((value, month) => (month === monthly.months.length - 1 ? { value, itemStyle: { opacity: 0.4 } } : value)),
    })),
  }), [monthly, t]);
  const mixOption = useMemo(() => ({
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [{
      type: 'pie', radius: ['45%', '72%'], center: ['50%', '54%'], label: { fontSize: 12, color: '#dbe6f2', formatter: '{b}\n{d}%' },
      data: majorCategoryCodes.map((code, index) => ({ name: t(`majorCategory.${code}`), value: heatmap.filtered?.perMajorClass[index + 1] ?? 0, itemStyle: { color: majorCategoryColours[code] } })),
    }],
  }), [heatmap.filtered, t]);
  const largestHotspot = Math.max(1, ...(report?.hotspots.map((hotspot) => hotspot.reported) ?? [1]));

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#3c9ae8', fontSize: 14 } }} button={{ autoInsertSpace: false }}>
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
          <aside className="wall-charts">
            <div className="wall-card">
              <h2>{t('display.wall.trend')}</h2>
              <EChart option={trendOption} height={300} dark testId="wall-trend-chart" />
            </div>
            <div className="wall-card">
              <h2>{t('display.wall.mix')}</h2>
              <EChart option={mixOption} height={280} dark testId="wall-mix-chart" />
            </div>
          </aside>
          <div className="wall-map">
            <MapView entries={props.entries} selected={null} onSelect={() => undefined} focus={null} dataLoaded={props.data !== null}
              gridCount={props.data?.grids.features.length ?? 0} onMapReady={setMap} />
            <div className="wall-map-caption">{t('command.wall.heatmapCaption', { count: heatmap.filtered?.length ?? 0 })}</div>
            {/* the risk sources are drawn as coloured dots here: say what the colours mean */}
            <div className="wall-legend" data-map-overlay="" data-testid="wall-legend">
              <span>{t('display.wall.riskLegend')}</span>
              {([1, 2, 3, 4] as const).map((level) => (
                <span key={level} className="wall-legend-item"><i className={`wall-risk-dot wall-risk-${level}`} />{t(`riskLevel.${level}`)}</span>
              ))}
              <span className="wall-legend-item"><i className="wall-heat-swatch" />{t('display.wall.heat')}</span>
            </div>
          </div>
          <aside className="wall-side">
            <div className="wall-side-head">
              <h2>{t('command.wall.liveCases')}</h2>
              <span>{t('command.live.open')} <b>{liveList.length}</b></span>
              <span className={overdue > 0 ? 'wall-overdue' : ''}>{t('command.live.overdue')} <b>{overdue}</b></span>
            </div>
            <LiveIncidentList incidents={liveList} categories={props.data?.categories ?? []} limit={40} className="wall-live-list" />
            <WallWarnings />
            <div className="wall-hotspots" data-testid="wall-rankings">
              <h2>{t('display.wall.ranking')}</h2>
              <ol>
                {(report?.hotspots ?? []).map((hotspot, index) => (
                  <li key={hotspot.gridId}>
                    <span className="wall-rank">{index + 1}</span>
                    <span className="wall-rank-name" data-place-name="">{hotspot.name}</span>
                    <span className="wall-rank-bar"><i style={{ width: `${(hotspot.reported / largestHotspot) * 100}%` }} /></span>
                    <b>{hotspot.reported}</b>
                  </li>
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
