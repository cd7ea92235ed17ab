import { SearchOutlined } from '@ant-design/icons';
import { Input, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { householdClasses, householdTarget } from '../map/map-palette.ts';
import { Figure } from './detail-frame.tsx';
import { formatNumber } from './format.ts';

function householdColour(households: number): string {
  let colour = householdClasses[0]!.colour;
  for (const householdClass of householdClasses) if (households >= householdClass.from) colour = householdClass.colour;
  return colour;
}

/** Key figures of the territory: how many grids, how many vacancies, how many over the limit. */
export function TerritoryFigures({ communities, grids }: { communities: Collection<CommunityProperties>; grids: Collection<GridProperties> }) {
  const { t } = useTranslation();
  const gridProperties = grids.features.map((feature) => feature.properties);
  const households = gridProperties.reduce((sum, grid) => sum + grid.households, 0);
  const residents = gridProperties.reduce((sum, grid) => sum + grid.residents, 0);
  const vacancies = gridProperties.filter((grid) => grid.vacant).length;
  const overTarget = gridProperties.filter((grid) => grid.households > householdTarget.max).length;
  return (
    <div className="figures figures-territory">
      <Figure label={t('overview.communities')} value={communities.features.length} />
      <Figure label={t('overview.grids')} value={grids.features.length} testId="figure-grids" />
      <Figure label={t('overview.households')} value={formatNumber(households)} />
      <Figure label={t('overview.residents')} value={formatNumber(residents)} />
      <Figure label={t('overview.vacancies')} value={<span className={vacancies > 0 ? 'alert-value' : ''}>{vacancies}</span>} />
      {/* households over the grid limit: not the workload index of the assignment view (工作量超标) */}
      <Tooltip title={t('display.overHouseholdLimitHelp', { max: householdTarget.max })}>
        <div><Figure label={t('display.overHouseholdLimit', { max: householdTarget.max })} value={<span className={overTarget > 0 ? 'warn-value' : ''}>{overTarget}</span>} /></div>
      </Tooltip>
    </div>
  );
}

/** The grids as a searchable table; a row click selects the grid on the map. */
export function GridTable(props: { grids: Collection<GridProperties>; selectedGridId: number | null; onSelectGrid: (gridId: number) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = props.grids.features.map((feature) => feature.properties);
    if (!needle) return all;
    return all.filter((grid) =>
      [grid.code, grid.name, grid.workerName ?? '', grid.communityName].some((text) => text.toLowerCase().includes(needle)),
    );
  }, [props.grids, search]);

  const columns: ColumnsType<GridProperties> = [
    { title: t('overview.columnCode'), dataIndex: 'shortCode', width: 78, render: (code: string) => <span className="mono">{code}</span>,
      sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    // the community is shared by many rows: show it short and muted, then the part that differs (第01网格)
    { title: t('overview.columnName'), dataIndex: 'name', ellipsis: { showTitle: false },
      render: (name: string, grid) => {
        const own = name.startsWith(grid.communityName) ? name.slice(grid.communityName.length) : name;
        return (
          <span title={name} data-place-name="">
            {own !== name && <span className="muted">{grid.communityName.replace(/社区$/, '')} </span>}{own}
          </span>
        );
      } },
    { title: t('overview.columnWorker'), dataIndex: 'workerName', width: 78, ellipsis: true,
      render: (name: string | null) => name ?? <Tag color="red" variant="filled">{t('overview.vacant')}</Tag> },
    { title: t('overview.columnHouseholds'), dataIndex: 'households', width: 100, align: 'right',
      sorter: (a, b) => a.households - b.households,
      render: (households: number) => (
        <span className={households > householdTarget.max ? 'warn-value' : ''}>
          <span className="swatch" style={{ background: householdColour(households) }} />
          {households}
        </span>
      ) },
  ];

  return (
    <div className="grid-table" data-grid-count={props.grids.features.length}>
      <div className="section-heading">
        <h3>{t('overview.gridList')}</h3>
        <span className="muted">{t('overview.targetHint', householdTarget)}</span>
      </div>
      <Input
        allowClear
        size="small"
        prefix={<SearchOutlined className="muted" />}
        placeholder={t('overview.searchGrid')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <Table<GridProperties>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        showSorterTooltip={false}
        rowClassName={(grid) => (grid.id === props.selectedGridId ? 'row-selected' : '')}
        onRow={(grid) => ({ onClick: () => props.onSelectGrid(grid.id), 'data-grid-id': grid.id }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
