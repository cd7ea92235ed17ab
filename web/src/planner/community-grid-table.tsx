import { Segmented, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CommunityProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import type { CommunityGridFigures, GridFigures } from '../../../contract/grid-edits.ts';
import { formatNumber } from '../panels/format.ts';

export function hectares(squareMetres: number): string {
  return (squareMetres / 10_000).toFixed(1);
}

export function Deviation({ value }: { value: number }) {
  const { t } = useTranslation();
  if (value === 0) return <span className="muted">{t('planner.deviationInside')}</span>;
  return <span className={value > 0 ? 'warn-value' : 'alert-value'}>{value > 0 ? `+${value}` : value}</span>;
}

/** Every grid of one community from `grid-figures`, sortable by its figures; a row click zooms to the grid. */
export function CommunityGridTable(props: {
  communities: Collection<CommunityProperties>;
  communityId: number;
  onCommunityChange: (communityId: number) => void;
  figures: CommunityGridFigures | null;
  loading: boolean;
  onZoomToGrid: (grid: GridFigures) => void;
  /** Only these communities (a plan's), in this order; default: all. */
  communityIds?: number[];
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<GridFigures> = [
    { title: t('planner.columns.code'), dataIndex: 'code', width: 54, render: (code: string) => <span className="mono">{code.slice(-3)}</span>,
      sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    { title: t('planner.columns.households'), dataIndex: 'households', align: 'right', sorter: (a, b) => a.households - b.households },
    { title: t('planner.columns.residents'), dataIndex: 'residents', align: 'right', sorter: (a, b) => a.residents - b.residents,
      render: (value: number) => formatNumber(value) },
    { title: t('planner.columns.buildings'), dataIndex: 'buildings', align: 'right', sorter: (a, b) => a.buildings - b.buildings },
    { title: t('planner.columns.area'), dataIndex: 'areaSquareMetres', align: 'right', sorter: (a, b) => a.areaSquareMetres - b.areaSquareMetres,
      render: (value: number) => hectares(value) },
    { title: t('planner.columns.deviation'), dataIndex: 'householdDeviation', align: 'right',
      sorter: (a, b) => Math.abs(a.householdDeviation) - Math.abs(b.householdDeviation),
      render: (value: number, grid) => (<>
        {'isNewGrid' in grid && grid.isNewGrid ? <Tag color="gold" variant="filled">{t('plans.newGrid')}</Tag>
          : 'changed' in grid && grid.changed ? <Tag color="blue" variant="filled">{t('plans.changedGrid')}</Tag> : null}
        {grid.vacant && <Tag color="red" variant="filled">{t('overview.vacant')}</Tag>}<Deviation value={value} /></>) },
  ];
  const name = props.communities.features.find((feature) => feature.properties.id === props.communityId)?.properties.name ?? '';
  return (
    <div className="planner-grid-table" data-testid="planner-grid-table" data-grid-count={props.figures?.grids.length ?? 0}>
      <Segmented size="small" block value={props.communityId} onChange={(value) => props.onCommunityChange(Number(value))}
        options={props.communities.features
          .filter((feature) => !props.communityIds || props.communityIds.includes(feature.properties.id))
          .map((feature) => ({ label: feature.properties.name, value: feature.properties.id }))} />
      <div className="section-heading"><h3>{t('planner.table', { name })}</h3></div>
      <Table<GridFigures>
        size="small"
        rowKey="gridId"
        loading={props.loading}
        columns={columns}
        dataSource={props.figures?.grids ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        showSorterTooltip={false}
        onRow={(grid) => ({ onClick: () => props.onZoomToGrid(grid), 'data-grid-id': grid.gridId, 'data-households': grid.households }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
