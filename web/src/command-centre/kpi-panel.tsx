import { ArrowDownOutlined, ArrowUpOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Select, Spin, Tooltip, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiComparison, KpiName, KpiReport } from '../../../contract/analytics.ts';
import { analyticsApi, type KpiQuery } from '../api/analytics-api.ts';
import type { Category } from '../../../contract/incidents.ts';
import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { majorCategoryCodes, majorCategoryColours } from '../map/map-palette.ts';
import type { DecodedIncidentPoints } from '../api/analytics-api.ts';
import { EChart } from './kpi-charts.tsx';

export const shownKpis: KpiName[] = ['reported', 'registered', 'dispatched', 'handledOnTime', 'overdue', 'closed', 'onTimeClosureRate', 'rework', 'averageHandlingHours', 'satisfactionRate'];
/** For these a rise is bad news (drawn red). */
const risingIsBad = new Set<KpiName>(['overdue', 'rework', 'averageHandlingHours']);

export function formatKpi(name: KpiName, value: number | null): string {
  if (value === null) return '—';
  if (name === 'onTimeClosureRate' || name === 'satisfactionRate') return `${(value * 100).toFixed(1)}%`;
  if (name === 'averageHandlingHours') return value.toFixed(1);
  return value.toLocaleString('en-US');
}

export function Delta(props: { name: KpiName; value: number | null; label: string }) {
  if (props.value === null) return <span className="kpi-delta muted">{props.label} —</span>;
  const up = props.value > 0;
  const bad = up === risingIsBad.has(props.name);
  const flat = Math.abs(props.value) < 0.0005;
  return (
    <span className={`kpi-delta ${flat ? '' : bad ? 'kpi-delta-bad' : 'kpi-delta-good'}`}>
      {props.label} {flat ? '' : up ? <ArrowUpOutlined /> : <ArrowDownOutlined />}
      {(Math.abs(props.value) * 100).toFixed(1)}%
    </span>
  );
}

export function KpiTile(props: { row: KpiComparison; large?: boolean }) {
  const { t } = useTranslation();
  const { row } = props;
  return (
    <div className={`kpi-tile ${props.large ? 'kpi-tile-large' : ''} ${row.name === 'overdue' && (row.value ?? 0) > 0 ? 'kpi-tile-alert' : ''}`} data-kpi={row.name}>
      {/* what the number counts, and how: every KPI carries its definition */}
      <Tooltip title={t(`display.kpiDefinition.${row.name}`, { defaultValue: '' }) || undefined}>
        <span className="kpi-label kpi-label-defined">{t(`command.kpi.names.${row.name}`)}</span>
      </Tooltip>
      <span className="kpi-value">
        {formatKpi(row.name, row.value)}
        {row.name === 'averageHandlingHours' && row.value !== null ? <small> {t('command.kpi.hours')}</small> : null}
      </span>
      <span className="kpi-deltas">
        <Delta name={row.name} value={row.monthOnMonth} label={t('command.kpi.monthOnMonth')} />
        <Delta name={row.name} value={row.yearOnYear} label={t('command.kpi.yearOnYear')} />
      </span>
    </div>
  );
}

type AreaKind = 'zone' | 'community' | 'grid' | 'worker';

/** Monthly report counts for the last 12 months, straight from the decoded heatmap buffer. */
export function monthlyCounts(points: DecodedIncidentPoints | null, now: number, majorClass: number | null) {
  const months: { label: string; start: number; end: number }[] = [];
  const current = dayjs(now).startOf('month');
  for (let back = 11; back >= 0; back--) {
    const start = current.subtract(back, 'month');
    months.push({ label: start.format('YY-MM'), start: start.valueOf(), end: start.add(1, 'month').valueOf() });
  }
  const counts = months.map(() => 0);
  const perMajor = majorCategoryCodes.map(() => months.map(() => 0));
  if (points) {
    const origin = points.from.getTime();
    for (let index = 0; index < points.count; index++) {
      const time = origin + points.minutes[index]! * 60_000;
      const major = points.majorClasses[index]!;
      if (majorClass !== null && major !== majorClass) continue;
      const month = months.findIndex((candidate) => time >= candidate.start && time < candidate.end);
      if (month < 0) continue;
      counts[month]!++;
      if (major >= 1 && major <= 6) perMajor[major - 1]![month]!++;
    }
  }
  return { months, counts, perMajor };
}

export function KpiPanel(props: {
  grids: Collection<GridProperties>;
  communities: Collection<CommunityProperties>;
  categories: Category[];
  points: DecodedIncidentPoints | null;
  now: number;
  onFocusGrid: (gridId: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(props.now).subtract(30, 'day'), dayjs(props.now)]);
  const [areaKind, setAreaKind] = useState<AreaKind>('zone');
  const [areaId, setAreaId] = useState<number | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [report, setReport] = useState<KpiReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const query: KpiQuery = useMemo(
    () => ({
      from: range[0].toDate(),
      to: range[1].toDate(),
      category: category ?? undefined,
      communityId: areaKind === 'community' && areaId ? areaId : undefined,
      gridId: areaKind === 'grid' && areaId ? areaId : undefined,
      workerId: areaKind === 'worker' && areaId ? areaId : undefined,
      top: 8,
    }),
    [range, category, areaKind, areaId],
  );

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    setFailure(null);
    analyticsApi.kpis(query, abort.signal).then(setReport, (error: unknown) => {
      if (!abort.signal.aborted) setFailure(error instanceof Error ? error.message : String(error));
    }).finally(() => {
      if (!abort.signal.aborted) setLoading(false);
    });
    return () => abort.abort();
  }, [query]);

  const areaOptions = useMemo(() => {
    if (areaKind === 'community') return props.communities.features.map((feature) => ({ value: feature.properties.id, label: feature.properties.name }));
    if (areaKind === 'grid') return props.grids.features.map((feature) => ({ value: feature.properties.id, label: `${feature.properties.name} · ${feature.properties.shortCode}` }));
    if (areaKind === 'worker') {
      return props.grids.features.filter((feature) => feature.properties.workerId !== null)
        .map((feature) => ({ value: feature.properties.workerId!, label: `${feature.properties.workerName} · ${feature.properties.name}` }));
    }
    return [];
  }, [areaKind, props.grids, props.communities]);

  const name = (category: Category) => (english ? category.nameEn : category.nameZh);
  const tree = majorCategoryCodes.map((major) => {
    const majorCategory = props.categories.find((candidate) => candidate.code === major);
    return {
      value: major,
      title: majorCategory ? name(majorCategory) : t(`majorCategory.${major}`),
      children: props.categories.filter((candidate) => candidate.majorCode === major).map((candidate) => ({ value: candidate.code, title: name(candidate) })),
    };
  });

  const majorFilter = category ? Number(category.slice(0, 2)) : null;
  const monthly = useMemo(() => monthlyCounts(props.points, props.now, majorFilter), [props.points, props.now, majorFilter]);

  // 按期结案率 per month for the line: one KPI request per month, one after another, filled in as they come
  const [monthlyRates, setMonthlyRates] = useState<(number | null)[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    setMonthlyRates([]);
    void (async () => {
      for (const month of monthly.months) {
        if (abort.signal.aborted) return;
        const answer = await analyticsApi
          .kpis({ ...query, from: new Date(month.start), to: new Date(Math.min(month.end, props.now)), top: 1 }, abort.signal)
          .catch(() => null);
        if (abort.signal.aborted) return;
        setMonthlyRates((current) => [...current, answer?.values.onTimeClosureRate ?? null]);
      }
    })();
    return () => abort.abort();
  }, [monthly.months, query.category, query.communityId, query.gridId, query.workerId]); // eslint-disable-line react-hooks/exhaustive-deps
  const trendOption = useMemo(
    () => ({
      grid: { left: 36, right: 36, top: 44, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 11 } },
      // the current month is not over: its label says so and its bars are pale, so a short bar is not read as a bad month
      xAxis: { type: 'category', data: monthly.months.map((month, index) => (index === monthly.months.length - 1 ? `${month.label}${t('display.partialPeriod')}` : month.label)), axisLabel: { fontSize: 10 } },
      yAxis: [
        { type: 'value', axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#eef1f5' } } },
        { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 10, formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [...majorCategoryCodes.map((code, index) => ({
        name: t(`majorCategory.${code}`),
        type: 'bar',
        stack: 'reports',
        barWidth: '60%',
        itemStyle: { color: majorCategoryColours[code] },
        data: monthly.perMajor[index]!.map((value, month) => (month === monthly.months.length - 1 ? { value, itemStyle: { opacity: 0.4 } } : value)),
      })), {
        name: t('command.kpi.names.onTimeClosureRate'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 5,
        itemStyle: { color: '#13304f' },
        lineStyle: { width: 2 },
        data: monthly.months.map((_, index) => (monthlyRates[index] === undefined || monthlyRates[index] === null ? null : Math.round(monthlyRates[index]! * 1000) / 10)),
      }],
    }),
    [monthly, monthlyRates, t],
  );
  const categoryOption = useMemo(() => {
    const totals = majorCategoryCodes.map((code, index) => ({ name: t(`majorCategory.${code}`), value: monthly.perMajor[index]!.reduce((sum, value) => sum + value, 0), itemStyle: { color: majorCategoryColours[code] } }));
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [{ type: 'pie', radius: ['42%', '70%'], center: ['50%', '52%'], label: { fontSize: 11, formatter: '{b}\n{d}%' }, data: totals }],
    };
  }, [monthly, t]);

  const rows = report?.kpis.filter((row) => shownKpis.includes(row.name)) ?? [];
  const largestHotspot = Math.max(1, ...(report?.hotspots.map((hotspot) => hotspot.reported) ?? [1]));

  return (
    <div className="kpi-panel" data-testid="kpi-panel">
      <div className="kpi-filters">
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          value={range}
          onChange={(value) => {
            if (value?.[0] && value[1]) setRange([value[0].startOf('day'), value[1].endOf('day')]);
          }}
          presets={[
            { label: t('command.kpi.presets.last30'), value: [dayjs(props.now).subtract(30, 'day'), dayjs(props.now)] },
            { label: t('command.kpi.presets.thisMonth'), value: [dayjs(props.now).startOf('month'), dayjs(props.now)] },
            { label: t('command.kpi.presets.lastMonth'), value: [dayjs(props.now).subtract(1, 'month').startOf('month'), dayjs(props.now).startOf('month')] },
            { label: t('command.kpi.presets.thisQuarter'), value: [dayjs(props.now).startOf('month').subtract(dayjs(props.now).month() % 3, 'month'), dayjs(props.now)] },
            { label: t('command.kpi.presets.thisYear'), value: [dayjs(props.now).startOf('year'), dayjs(props.now)] },
          ]}
        />
        <div className="control-row">
          <Select<AreaKind>
            size="small"
            value={areaKind}
            onChange={(value) => {
              setAreaKind(value);
              setAreaId(null);
            }}
            options={(['zone', 'community', 'grid', 'worker'] as const).map((value) => ({ value, label: t(`command.kpi.areas.${value}`) }))}
            style={{ width: 96 }}
          />
          {areaKind !== 'zone' && (
            <Select<number>
              size="small"
              showSearch
              optionFilterProp="label"
              placeholder={t('command.kpi.chooseArea')}
              value={areaId ?? undefined}
              onChange={setAreaId}
              options={areaOptions}
              style={{ flex: 1, minWidth: 0 }}
            />
          )}
        </div>
        <div className="control-row">
          <TreeSelect
            size="small"
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('command.kpi.allCategories')}
            value={category ?? undefined}
            onChange={(value?: string) => setCategory(value ?? null)}
            treeData={tree}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button size="small" icon={<DownloadOutlined />} href={analyticsApi.kpiExportUrl(query)} data-testid="kpi-export">
            {t('command.kpi.export')}
          </Button>
        </div>
      </div>
      {failure && <div className="alert-value">{failure}</div>}
      <Spin spinning={loading}>
        <div className="kpi-grid">
          {rows.map((row) => <KpiTile key={row.name} row={row} />)}
        </div>
      </Spin>
      <h3 className="detail-section">{t('command.kpi.hotspots')}</h3>
      <ol className="hotspot-list">
        {(report?.hotspots ?? []).map((hotspot, index) => (
          <li key={hotspot.gridId} className="hotspot-item clickable" onClick={() => props.onFocusGrid(hotspot.gridId)} title={t('command.kpi.zoomTo')}>
            <span className="hotspot-rank">{index + 1}</span>
            <span className="hotspot-name">{hotspot.name ?? hotspot.gridId}<span className="muted mono"> {hotspot.code?.slice(-6)}</span></span>
            <span className="bar-track"><span className="bar-fill" style={{ width: `${(hotspot.reported / largestHotspot) * 100}%`, background: '#e8590c' }} /></span>
            <span className="bar-value">{hotspot.reported}</span>
          </li>
        ))}
      </ol>
      <h3 className="detail-section">{t('command.kpi.trend')}</h3>
      <EChart option={trendOption} height={190} testId="kpi-trend-chart" />
      <h3 className="detail-section">{t('command.kpi.breakdown')}</h3>
      <EChart option={categoryOption} height={190} />
    </div>
  );
}
