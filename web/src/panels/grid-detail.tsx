import { PhoneOutlined, ClockCircleOutlined, UserOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Avatar, Descriptions, Skeleton, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { territoryApi } from '../api/territory-api.ts';
import type { GridDetail as GridDetailData } from '../../../contract/territory.ts';
import { householdTarget } from '../map/map-palette.ts';
import { DetailFrame, Figure } from './detail-frame.tsx';
import { formatDate, formatNumber, squareKilometres } from './format.ts';
import type { AssignmentHistoryEntry } from '../../../contract/workers.ts';
import { assignmentApi } from '../assignment/assignment-api.ts';
import { AssignmentHistoryList } from '../assignment/worker-history-drawer.tsx';

/**
 * One grid: its worker card, its figures against the sizing rule, its versions (who changed it and
 * why) and, for staff who may read assignments, who served it when.
 */
export function GridDetail({ gridId, onClose, showAssignments = false }: { gridId: number; onClose: () => void; showAssignments?: boolean }) {
  const { t } = useTranslation();
  const [grid, setGrid] = useState<GridDetailData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [assignments, setAssignments] = useState<AssignmentHistoryEntry[] | null>(null);

  useEffect(() => {
    if (!showAssignments) return undefined;
    const abort = new AbortController();
    setAssignments(null);
    assignmentApi.gridHistory(gridId, abort.signal).then(
      (answer) => setAssignments(answer.assignments),
      () => setAssignments(null),
    );
    return () => abort.abort();
  }, [gridId, showAssignments]);

  useEffect(() => {
    const abort = new AbortController();
    setGrid(null);
    setError(null);
    territoryApi.grid(gridId, abort.signal).then(setGrid, (failure: unknown) => {
      if (!abort.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
    });
    return () => abort.abort();
  }, [gridId]);

  if (error) {
    return (
      <DetailFrame kind={t('detail.grid')} title={`#${gridId}`} onClose={onClose} testId="grid-detail">
        <Alert type="error" showIcon title={error} />
      </DetailFrame>
    );
  }
  if (!grid) {
    return (
      <DetailFrame kind={t('detail.grid')} title={<Skeleton.Input active size="small" />} onClose={onClose} testId="grid-detail-loading">
        <Skeleton active paragraph={{ rows: 6 }} />
      </DetailFrame>
    );
  }

  const properties = grid.properties;
  const households = properties.households;
  const sizing =
    households > householdTarget.max ? { colour: 'orange', text: t('detail.householdsOver', householdTarget) }
    : households < householdTarget.min ? { colour: 'default', text: t('detail.householdsUnder', householdTarget) }
    : { colour: 'green', text: t('detail.householdsInTarget') };

  return (
    <DetailFrame
      kind={`${t('detail.grid')} · ${properties.communityName}`}
      title={properties.name}
      onClose={onClose}
      testId="grid-detail"
      extra={
        <>
          <Tag className="code-tag">{properties.code}</Tag>
          {properties.vacant && (
            <Tag color="red" icon={<WarningOutlined />}>
              {t('overview.vacant')}
            </Tag>
          )}
        </>
      }
    >
      {grid.worker ? (
        <div className="worker-card" data-testid="grid-worker">
          <Avatar size={44} icon={<UserOutlined />} className="worker-avatar">
            {grid.worker.name.slice(0, 1)}
          </Avatar>
          <div>
            <div className="worker-role">{t('detail.worker')}</div>
            <div className="worker-name">{grid.worker.name}</div>
            <div className="worker-contact">
              {grid.worker.dutyPhone && (
                <span>
                  <PhoneOutlined /> {grid.worker.dutyPhone}
                </span>
              )}
              {grid.worker.dutyHours && (
                <span>
                  <ClockCircleOutlined /> {grid.worker.dutyHours}
                </span>
              )}
            </div>
          </div>
        </div>
      ) : (
        <Alert type="warning" showIcon title={t('detail.vacantWorker')} data-testid="grid-worker" />
      )}

      <div className="figures">
        <Figure
          label={t('detail.households')}
          value={formatNumber(households)}
          testId="grid-households"
          note={<Tag color={sizing.colour} variant="filled">{sizing.text}</Tag>}
        />
        <Figure label={t('detail.residents')} value={formatNumber(properties.residents)} />
        <Figure label={t('detail.buildings')} value={formatNumber(properties.buildings)} />
        <Figure label={t('detail.area')} value={t('detail.areaValue', { value: squareKilometres(properties.areaSquareMetres) })} />
      </div>

      <Descriptions size="small" column={1} bordered className="detail-descriptions">
        <Descriptions.Item label={t('detail.gridCode')}>
          <span className="mono">{properties.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.gridName')}>{properties.name}</Descriptions.Item>
        <Descriptions.Item label={t('detail.community')}>
          {properties.communityName} <span className="muted mono">{properties.communityCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.validFrom')}>{formatDate(properties.validFrom)}</Descriptions.Item>
      </Descriptions>

      <h3 className="detail-section">{t('detail.versions')}</h3>
      <Timeline
        className="versions"
        items={grid.versions.map((version) => ({
          color: version.validTo ? 'gray' : 'blue',
          content: (
            <div>
              <div>
                <span className="mono">{version.code}</span> {version.name}{' '}
                {!version.validTo && <Tag color="blue" variant="filled">{t('detail.current')}</Tag>}
              </div>
              <div className="muted">
                {formatDate(version.validFrom)} → {version.validTo ? formatDate(version.validTo) : '…'}
                {' · '}
                {t('assignment.gridPage.changedBy', { name: version.changedByName ?? version.changedBy ?? t('assignment.gridPage.system') })}
              </div>
              {version.planName && <div><Tag color="purple" variant="filled">{t('assignment.gridPage.plan', { name: version.planName })}</Tag></div>}
              {(version.note ?? version.changeNote) && <div className="muted">{t('assignment.gridPage.note', { note: version.note ?? version.changeNote })}</div>}
            </div>
          ),
        }))}
      />

      {showAssignments && (
        <>
          <h3 className="detail-section">{t('assignment.gridPage.assignmentHistory')}</h3>
          <div data-testid="grid-assignment-history">
            {assignments === null ? <Skeleton active paragraph={{ rows: 2 }} title={false} /> : <AssignmentHistoryList entries={assignments} show="grid" />}
          </div>
        </>
      )}
    </DetailFrame>
  );
}
