import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PopulationRow } from '../../../contract/population.ts';
import type { GridFeature } from '../../../contract/territory.ts';
import type { ViewProps } from '../app/route-table.ts';
import { populationApi, populationKeys } from '../api/population-api.ts';
import '../desk/case-views.css';
import './population-page.css';

type Level = 'grid' | 'community';
type Figure = 'households' | 'resident' | 'floating' | 'separated' | 'specialCare' | 'movedIn';

const figureOf = (row: PopulationRow, figure: Figure): number =>
  figure === 'separated' ? row.livingHereRegisteredElsewhere.households : row[figure];

/** The last twelve months, newest first, as 'YYYY-MM' (the browser's calendar is close enough for a picker). */
function recentMonths(): string[] {
  const now = new Date();
  return Array.from({ length: 12 }, (_, back) => {
    const date = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
  });
}

const classColours = ['#eef4fb', '#c6dbef', '#8fbadd', '#4f8fc6', '#1f5d9e'];

/**
 * Population figures (第8篇) for the command centre and planners: a choropleth of the grids by the
 * chosen figure, the table by grid or community with export, and the community-size rule (第4篇)
 * stated once with each community's status.
 */
export default function PopulationPage(_props: ViewProps) {
  const { t } = useTranslation();
  const months = useMemo(recentMonths, []);
  const [level, setLevel] = useState<Level>('grid');
  const [month, setMonth] = useState(months[1]!);
  const [figure, setFigure] = useState<Figure>('households');
  const figures = useQuery({ queryKey: populationKeys.figures(level, month), queryFn: ({ signal }) => populationApi.figures(level, month, signal) });
  const grids = useQuery({ queryKey: populationKeys.grids, queryFn: ({ signal }) => populationApi.grids(signal) });
  const structure = useQuery({ queryKey: populationKeys.residentsGroups, queryFn: ({ signal }) => populationApi.residentsGroups(signal) });

  const rows = figures.data?.rows ?? [];
  const columns: TableColumnsType<PopulationRow> = [
    { key: 'name', title: t(level === 'grid' ? 'population.grid' : 'population.community'), fixed: 'left', width: 170,
      render: (_, row) => <span><span className="mono muted">{level === 'grid' ? row.code.slice(9) : row.code.slice(9, 12)}</span> {row.name}</span> },
    ...(level === 'grid' ? [{ key: 'communityName', title: t('population.community'), dataIndex: 'communityName', width: 100 }] : []),
    { key: 'households', title: t('population.households'), dataIndex: 'households', align: 'right', sorter: (a, b) => a.households - b.households },
    { key: 'registered', title: t('population.registered'), dataIndex: 'registered', align: 'right' },
    { key: 'resident', title: t('population.resident'), dataIndex: 'resident', align: 'right', sorter: (a, b) => a.resident - b.resident },
    { key: 'floating', title: t('population.floating'), dataIndex: 'floating', align: 'right', sorter: (a, b) => a.floating - b.floating },
    { key: 'hereElsewhere', title: t('population.livingHereRegisteredElsewhere'), align: 'right', render: (_, row) => row.livingHereRegisteredElsewhere.households },
    { key: 'elsewhereHere', title: t('population.registeredHereLivingElsewhere'), align: 'right', render: (_, row) => row.registeredHereLivingElsewhere.persons },
    { key: 'elderlyAlone', title: t('population.elderlyAlone'), dataIndex: 'elderlyAlone', align: 'right' },
    { key: 'disability', title: t('population.disability'), dataIndex: 'disability', align: 'right' },
    { key: 'movedIn', title: t('population.movedIn'), align: 'right', render: (_, row) => <Trend now={row.movedIn} before={row.movedInPreviousMonth} /> },
    { key: 'movedOut', title: t('population.movedOut'), align: 'right', render: (_, row) => <Trend now={row.movedOut} before={row.movedOutPreviousMonth} /> },
  ];

  const exportCsv = () => {
    const header = [t('population.code'), t('population.name'), t('population.households'), t('population.registered'), t('population.resident'),
      t('population.floating'), t('population.livingHereRegisteredElsewhere'), t('population.registeredHereLivingElsewhere'),
      t('population.elderlyAlone'), t('population.disability'), t('population.movedIn'), t('population.movedOut')];
    const lines = rows.map((row) => [row.code, row.name, row.households, row.registered, row.resident, row.floating,
      row.livingHereRegisteredElsewhere.households, row.registeredHereLivingElsewhere.persons, row.elderlyAlone, row.disability, row.movedIn, row.movedOut]);
    const text = [header, ...lines].map((line) => line.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(',')).join('\r\n');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
    link.download = `population-${level}-${month}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <main className="app-body role-page role-page-scroll" data-testid="population-page">
      <div className="desk-toolbar">
        <h2 className="view-title">{t('population.title')}</h2>
        <span className="muted">{t('population.subtitle')}</span>
        <span className="toolbar-spacer" />
        <Segmented<Level> value={level} onChange={setLevel} data-testid="population-level"
          options={[{ value: 'grid', label: t('population.byGrid') }, { value: 'community', label: t('population.byCommunity') }]} />
        <Select value={month} onChange={setMonth} options={months.map((value) => ({ value, label: value }))} className="population-month" aria-label={t('population.month')} />
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={rows.length === 0} data-testid="population-export">{t('population.export')}</Button>
      </div>
      {figures.error && <Alert type="error" showIcon title={t('population.loadFailed')} description={String((figures.error as Error).message)} />}
      <div className="population-layout">
        <Card size="small" title={t('population.map')} className="population-map-card"
          extra={<Select<Figure> size="small" value={figure} onChange={setFigure} className="population-figure" aria-label={t('population.figure')}
            options={(['households', 'resident', 'floating', 'separated', 'specialCare', 'movedIn'] as const).map((value) => ({ value, label: t(`population.figures.${value}`) }))} />}>
          <Choropleth grids={grids.data?.features ?? []} rows={rows} level={level} figure={figure} />
        </Card>
        <Card size="small" title={t('population.totals')} className="population-totals">
          {figures.data && (
            <dl className="population-totals-list">
              <dt>{t('population.households')}</dt><dd>{figures.data.totals.households}</dd>
              <dt>{t('population.resident')}</dt><dd>{figures.data.totals.resident}</dd>
              <dt>{t('population.registered')}</dt><dd>{figures.data.totals.registered}</dd>
              <dt>{t('population.floating')}</dt><dd>{figures.data.totals.floating}</dd>
              <dt>{t('population.livingHereRegisteredElsewhere')}</dt><dd>{figures.data.totals.livingHereRegisteredElsewhere.households}</dd>
              <dt>{t('population.registeredHereLivingElsewhere')}</dt><dd>{figures.data.totals.registeredHereLivingElsewhere.persons}</dd>
              <dt>{t('population.specialCare')}</dt><dd>{figures.data.totals.specialCare}</dd>
              <dt>{t('population.movedIn')}</dt><dd><Trend now={figures.data.totals.movedIn} before={figures.data.totals.movedInPreviousMonth} /></dd>
              <dt>{t('population.movedOut')}</dt><dd><Trend now={figures.data.totals.movedOut} before={figures.data.totals.movedOutPreviousMonth} /></dd>
            </dl>
          )}
        </Card>
      </div>
      <Table<PopulationRow> size="small" rowKey="id" columns={columns} dataSource={rows} loading={figures.isLoading} pagination={false}
        sticky scroll={{ x: 1100 }} className="population-table" data-testid="population-table" />
      {structure.data && (
        <Card size="small" title={t('population.structure')} className="population-structure" data-testid="community-structure">
          <p className="muted">{structure.data.rule.message}</p>
          {structure.data.communities.map((community) => (
            <Alert key={community.communityId} showIcon className="population-status"
              type={community.status === 'above_maximum' || community.status === 'residents_group' ? 'warning' : 'info'}
              title={<span>{community.name} <Tag>{t(`population.status.${community.status}`)}</Tag></span>}
              description={<>
                <div>{community.message}</div>
                <div className="muted">{t('population.candidates', {
                  areas: community.areas.filter((area) => area.role === 'own_community_candidate')
                    .map((area) => t('population.candidate', { name: area.complexName, households: area.households })).join(t('population.listSeparator')) || '—',
                })}</div>
              </>} />
          ))}
          <p className="muted">{t('population.groups', { count: structure.data.groups.features.length })}</p>
        </Card>
      )}
    </main>
  );
}

function Trend({ now, before }: { now: number; before: number }) {
  const { t } = useTranslation();
  const change = now - before;
  return (
    <span title={t('population.previousMonth', { count: before })}>
      {now} <span className={change > 0 ? 'trend-up' : change < 0 ? 'trend-down' : 'muted'}>{change > 0 ? `↑${change}` : change < 0 ? `↓${-change}` : '–'}</span>
    </span>
  );
}

/** Grids drawn as SVG (an equirectangular projection is exact enough for one street office), shaded by quantile class. */
function Choropleth({ grids, rows, level, figure }: { grids: GridFeature[]; rows: PopulationRow[]; level: Level; figure: Figure }) {
  const { t } = useTranslation();
  const valueOf = new Map(rows.map((row) => [row.id, figureOf(row, figure)]));
  const value = (grid: GridFeature) => valueOf.get(level === 'grid' ? grid.properties.id : grid.properties.communityId);
  const values = grids.map(value).filter((entry): entry is number => entry !== undefined).sort((a, b) => a - b);
  const breaks = [0.2, 0.4, 0.6, 0.8].map((share) => values[Math.floor(share * (values.length - 1))] ?? 0);
  const classOf = (entry: number) => breaks.filter((limit) => entry > limit).length;
  const positions = grids.flatMap((grid) => grid.geometry.coordinates.flat(2));
  if (positions.length === 0) return <div className="population-map-empty muted">{t('population.noGrids')}</div>;
  const lngs = positions.map((position) => position[0]!);
  const lats = positions.map((position) => position[1]!);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const scaleX = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 1000;
  const height = Math.max(200, Math.round((width * (maxLat - minLat)) / ((maxLng - minLng) * scaleX)));
  const project = (position: number[]) =>
    `${(((position[0]! - minLng) / (maxLng - minLng)) * width).toFixed(1)},${(((maxLat - position[1]!) / (maxLat - minLat)) * height).toFixed(1)}`;
  return (
    <div className="population-map">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('population.map')} data-testid="population-choropleth">
        {grids.map((grid) => {
          const entry = value(grid);
          const path = grid.geometry.coordinates.map((polygon) => polygon.map((ring) => `M${ring.map(project).join('L')}Z`).join('')).join('');
          return (
            <path key={grid.properties.id} d={path} fill={entry === undefined ? '#f3f3f3' : classColours[classOf(entry)]} stroke="#5b6b7b" strokeWidth={1.2}>
              <title>{t('population.mapTip', { name: grid.properties.name, value: entry ?? '—' })}</title>
            </path>
          );
        })}
      </svg>
      <div className="population-legend">
        {classColours.map((colour, index) => (
          <span key={colour}><i style={{ background: colour }} />{index === 0 ? `≤ ${breaks[0]}` : index === 4 ? `> ${breaks[3]}` : `${breaks[index - 1]}–${breaks[index]}`}</span>
        ))}
      </div>
    </div>
  );
}
