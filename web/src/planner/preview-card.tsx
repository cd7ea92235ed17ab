import { Alert, Button, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GridEditResult } from '../../../contract/grid-edits.ts';
import { formatNumber } from '../panels/format.ts';
import { Deviation, hectares } from './community-grid-table.tsx';

/** The result of a preview: each affected grid before and after, the rule warnings, Confirm / Cancel. */
export function PreviewCard(props: { result: GridEditResult; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { result } = props;
  const operation = t(`planner.operations.${result.operation}`, { defaultValue: result.operation });
  const removed = result.removedGrids.map((grid) => grid.name).join('、');
  return (
    <div className="planner-preview-card" data-testid="planner-preview" data-grid-count={result.grids.length}>
      <h3>{t('planner.preview.title', { operation })}</h3>
      <table className="planner-figures">
        <thead>
          <tr>
            <th>{t('planner.columns.name')}</th>
            <th>{t('planner.columns.households')}</th>
            <th>{t('planner.columns.residents')}</th>
            <th>{t('planner.columns.buildings')}</th>
            <th>{t('planner.columns.area')}</th>
            <th>{t('planner.columns.deviation')}</th>
          </tr>
        </thead>
        <tbody>
          {result.before.map((grid) => (
            <tr key={`before-${grid.gridId}`} className="planner-figures-before">
              <td>{t('planner.preview.before')} · {grid.code.slice(-3)}</td>
              <td>{grid.households}</td>
              <td>{formatNumber(grid.residents)}</td>
              <td>{grid.buildings}</td>
              <td>{hectares(grid.areaSquareMetres)}</td>
              <td><Deviation value={grid.householdDeviation} /></td>
            </tr>
          ))}
          {result.grids.map((grid, index) => (
            <tr key={`after-${grid.gridId}`} className="planner-figures-after" data-testid="planner-preview-grid" data-households={grid.households}>
              <td>
                <span className={`planner-swatch planner-swatch-${index % 2}`} />
                {t('planner.preview.after')} · {grid.code.slice(-3)} {grid.status === 'created' && <Tag color="green">{t('planner.preview.newGrid')}</Tag>}
              </td>
              <td><strong>{grid.households}</strong></td>
              <td>{formatNumber(grid.residents)}</td>
              <td>{grid.buildings}</td>
              <td>{hectares(grid.areaSquareMetres)}</td>
              <td><Deviation value={grid.householdDeviation} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {removed && <p className="muted">{t('planner.preview.removed', { names: removed })}</p>}
      <p className="muted">
        {t('planner.preview.householdsMoved', { count: result.householdsMoved })} ·{' '}
        {t('planner.preview.community', {
          name: result.community.name,
          households: result.community.households,
          residents: formatNumber(result.community.residents),
          staff: result.community.stationStaffRequired,
        })}
      </p>
      <ul className="planner-warnings" data-testid="planner-warnings">
        {result.warnings.length === 0 && <li className="muted">{t('planner.preview.noWarnings')}</li>}
        {result.warnings.map((warning, index) => (
          <li key={index} className={`planner-warning-${warning.level}`}>
            <Alert type={warning.level === 'warning' ? 'warning' : 'info'} showIcon title={warning.message /* rendered by the server in the request's language */} />
          </li>
        ))}
      </ul>
      <Space>
        <Button type="primary" loading={props.busy} onClick={props.onConfirm} data-testid="planner-confirm">{t('planner.confirm')}</Button>
        <Button onClick={props.onCancel} disabled={props.busy} data-testid="planner-cancel">{t('planner.cancel')}</Button>
      </Space>
    </div>
  );
}
