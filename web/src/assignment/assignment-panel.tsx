import { HistoryOutlined, HolderOutlined, SearchOutlined, UserDeleteOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Segmented, Select, Spin, Table, Tag, Tooltip, message as antMessage } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import type { Role } from '../../../contract/accounts.ts';
import type { CommunityProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { formatNumber, squareKilometres } from '../panels/format.ts';
import type { AssignmentGrid, AssignmentOverview, WorkerListItem } from '../../../contract/workers.ts';
import { assignmentApi, type WorkerHasGridDetails } from './assignment-api.ts';
import { overloadedColour } from './assignment-layer.ts';
import { WorkerHistoryDrawer } from './worker-history-drawer.tsx';
import './assignment.css';

type Filter = 'all' | 'vacant' | 'overloaded';

/** What the planner is about to do, waiting for a reason. */
type Pending =
  | { kind: 'assign'; grid: AssignmentGrid; worker: WorkerListItem; move: boolean }
  | { kind: 'vacate'; grid: AssignmentGrid };

const workerDragType = 'application/x-gridatlas-worker';

function WorkloadBar({ grid, threshold }: { grid: AssignmentGrid; threshold: number }) {
  const { t } = useTranslation();
  // the bar's full width is 1.2 so the threshold and a full load (1.0) both show
  const scale = (value: number) => `${Math.min(100, (value / 1.2) * 100)}%`;
  return (
    <Tooltip
      title={t('assignment.workloadTooltip', {
        households: grid.households, openCases: grid.openCases, area: squareKilometres(grid.areaSquareMetres),
      })}
    >
      <div className={`workload ${grid.overloaded ? 'workload-over' : ''}`} data-testid="workload">
        <div className="workload-bar">
          <span className="workload-part workload-households" style={{ width: scale(grid.workloadParts.households) }} />
          <span className="workload-part workload-cases" style={{ width: scale(grid.workloadParts.openCases) }} />
          <span className="workload-part workload-area" style={{ width: scale(grid.workloadParts.area) }} />
          <span className="workload-threshold" style={{ left: scale(threshold) }} />
        </div>
        <span className="workload-value" style={grid.overloaded ? { color: overloadedColour } : undefined}>{grid.workloadIndex.toFixed(2)}</span>
      </div>
    </Tooltip>
  );
}

/**
 * Worker assignment: every current grid with its worker, households, open cases and workload;
 * filters for vacancies and overloaded grids; workers to drag onto a row or pick in it; a reason
 * for every change; the "already has a grid — move them?" question when the server says 409.
 */
export function AssignmentPanel(props: {
  communities: Collection<CommunityProperties>;
  role: Role | null;
  /** Viewing a past layout: nothing may be changed. */
  pastDate: string | null;
  hidden: boolean;
  onSelectGrid: (gridId: number) => void;
  /** Told the grids each time they load, for the map layer. */
  onLoaded: (grids: AssignmentGrid[] | null) => void;
  /** After a change: the map's grids reload so vacancies redraw. */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [message, messageHolder] = antMessage.useMessage();
  const [communityId, setCommunityId] = useState<number | undefined>(undefined);
  const [filter, setFilter] = useState<Filter>('all');
  const [data, setData] = useState<AssignmentOverview | null>(null);
  const [workers, setWorkers] = useState<WorkerListItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  // reason null: asked before the reason (the worker list knows their grid); a string: the server said 409 after it
  const [conflict, setConflict] = useState<{ details: WorkerHasGridDetails; pending: Extract<Pending, { kind: 'assign' }>; reason: string | null } | null>(null);
  const [historyWorker, setHistoryWorker] = useState<{ id: number; name: string } | null>(null);
  const [search, setSearch] = useState('');
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const { onLoaded } = props;

  const mayEdit = (props.role === 'admin' || props.role === 'planner') && props.pastDate === null;

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    Promise.all([assignmentApi.assignments(communityId, abort.signal), assignmentApi.workers(abort.signal)]).then(
      ([assignments, workerList]) => {
        setData(assignments);
        setWorkers(workerList.workers.filter((worker) => worker.active));
        onLoaded(assignments.grids);
      },
      (failure: unknown) => {
        if (!abort.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => abort.abort();
  }, [communityId, attempt, onLoaded]);
  useEffect(() => () => onLoaded(null), [onLoaded]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  const workersById = useMemo(() => new Map(workers.map((worker) => [worker.id, worker])), [workers]);
  const unassignedIds = useMemo(() => new Set(data?.unassignedWorkers.map((worker) => worker.id) ?? []), [data]);

  const startAssign = (grid: AssignmentGrid, workerId: number) => {
    const worker = workersById.get(workerId);
    if (!worker || !mayEdit || grid.workerId === workerId) return;
    setReason('');
    setReasonMissing(false);
    if (worker.gridId !== null && worker.gridId !== grid.gridId) {
      setConflict({
        details: { workerId: worker.id, workerName: worker.name, currentGrid: { id: worker.gridId, code: worker.gridCode, name: worker.gridName } },
        pending: { kind: 'assign', grid, worker, move: true },
        reason: null,
      });
      return;
    }
    setPending({ kind: 'assign', grid, worker, move: false });
  };
  const startVacate = (grid: AssignmentGrid) => {
    setReason('');
    setReasonMissing(false);
    setPending({ kind: 'vacate', grid });
  };

  const finish = (text: string) => {
    message.success(text);
    setPending(null);
    setConflict(null);
    reload();
    props.onChanged();
  };

  const submit = async (action: Pending, text: string) => {
    setSaving(true);
    try {
      if (action.kind === 'vacate') {
        await assignmentApi.vacate(action.grid.gridId, text);
        finish(t('assignment.vacated', { grid: action.grid.name }));
      } else {
        await assignmentApi.assign(action.grid.gridId, { workerId: action.worker.id, reason: text, moveFromCurrentGrid: action.move || undefined });
        finish(t('assignment.assigned', { worker: action.worker.name, grid: action.grid.name }));
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'worker_has_grid' && action.kind === 'assign') {
        setPending(null);
        setConflict({ details: failure.details as WorkerHasGridDetails, pending: action, reason: text });
      } else {
        message.error(t('assignment.failed', { message: failure instanceof Error ? failure.message : String(failure) }));
        if (failure instanceof ApiError && failure.status === 409) reload();
      }
    } finally {
      setSaving(false);
    }
  };

  const confirmReason = () => {
    const text = reason.trim();
    if (!pending) return;
    if (text.length === 0) {
      setReasonMissing(true);
      return;
    }
    void submit(pending, text);
  };

  const grids = data?.grids ?? [];
  const shown = grids.filter((grid) => (filter === 'vacant' ? grid.vacant : filter === 'overloaded' ? grid.overloaded : true));
  const workerOptions = useMemo(
    () =>
      [...workers]
        .sort((a, b) => Number(unassignedIds.has(b.id)) - Number(unassignedIds.has(a.id)) || a.name.localeCompare(b.name, 'zh-CN'))
        .map((worker) => ({
          value: worker.id,
          label: worker.name,
          searchText: `${worker.name} ${worker.gridCode ?? ''} ${worker.gridName ?? ''}`,
          hint: worker.gridCode ? t('assignment.currentGrid', { code: worker.gridCode.slice(9) }) : t('assignment.unassignedSection'),
        })),
    [workers, unassignedIds, t],
  );

  const columns: ColumnsType<AssignmentGrid> = [
    {
      title: t('assignment.columns.name'), dataIndex: 'code', ellipsis: true,
      render: (code: string, grid) => (
        <span className="assignment-grid-cell" title={`${code} ${grid.name}`}>
          <span className="mono">{code.slice(9)}</span> <span className="assignment-grid-name">{grid.name}</span>
        </span>
      ),
    },
    {
      title: t('assignment.columns.worker'), key: 'worker', width: 136,
      render: (_, grid) => (
        <div className="assignment-worker-cell" onClick={(event) => event.stopPropagation()}>
          {grid.vacant && <Tag className="assignment-tag" color="red" icon={<WarningOutlined />}>{t('assignment.vacant')}</Tag>}
          {mayEdit ? (
            <Select<number>
              size="small"
              showSearch={{ filterOption: (input, option) => String(option?.searchText ?? '').toLowerCase().includes(input.toLowerCase()) }}
              variant="borderless"
              className="assignment-worker-select"
              popupMatchSelectWidth={220}
              placeholder={t('assignment.pickWorker')}
              value={grid.workerId ?? undefined}
              labelRender={() => <span>{grid.workerName}</span>}
              options={workerOptions}
              optionRender={(option) => (
                <div className="worker-option">
                  <span>{option.data.label}</span>
                  <span className="muted">{option.data.hint}</span>
                </div>
              )}
              onChange={(workerId) => startAssign(grid, workerId)}
              data-testid={`assign-select-${grid.gridId}`}
            />
          ) : (
            grid.workerName && (
              <Button type="link" size="small" className="assignment-worker-link" onClick={() => grid.workerId && setHistoryWorker({ id: grid.workerId, name: grid.workerName! })}>
                {grid.workerName}
              </Button>
            )
          )}
        </div>
      ),
    },
    { title: t('assignment.columns.households'), dataIndex: 'households', width: 54, align: 'right', render: (value: number) => formatNumber(value) },
    { title: t('assignment.columns.openCases'), dataIndex: 'openCases', width: 44, align: 'right' },
    {
      title: t('assignment.columns.workload'), key: 'workload', width: 108,
      sorter: (a, b) => a.workloadIndex - b.workloadIndex,
      render: (_, grid) => <WorkloadBar grid={grid} threshold={data?.formula.overloadedAbove ?? 0.9} />,
    },
    {
      key: 'actions', width: 54,
      render: (_, grid) => (
        <div className="assignment-actions" onClick={(event) => event.stopPropagation()}>
          {grid.workerId !== null && (
            <Tooltip title={t('assignment.history')}>
              <Button type="text" size="small" icon={<HistoryOutlined />} aria-label={t('assignment.history')}
                onClick={() => setHistoryWorker({ id: grid.workerId!, name: grid.workerName! })} />
            </Tooltip>
          )}
          {mayEdit && grid.workerId !== null && (
            <Tooltip title={t('assignment.vacate')}>
              <Button type="text" size="small" danger icon={<UserDeleteOutlined />} aria-label={t('assignment.vacate')}
                onClick={() => startVacate(grid)} data-testid={`vacate-${grid.gridId}`} />
            </Tooltip>
          )}
        </div>
      ),
    },
  ];

  const searchText = search.trim().toLowerCase();
  const listedWorkers = [...workers]
    .filter((worker) => !searchText || `${worker.name} ${worker.gridCode ?? ''} ${worker.gridName ?? ''}`.toLowerCase().includes(searchText))
    .sort((a, b) => Number(unassignedIds.has(b.id)) - Number(unassignedIds.has(a.id)) || (a.gridCode ?? '').localeCompare(b.gridCode ?? ''));
  const unassignedListed = listedWorkers.filter((worker) => unassignedIds.has(worker.id));
  const assignedListed = listedWorkers.filter((worker) => !unassignedIds.has(worker.id));

  const workerItem = (worker: WorkerListItem) => (
    <li
      key={worker.id}
      className={`worker-item ${mayEdit ? 'worker-item-draggable' : ''} ${unassignedIds.has(worker.id) ? 'worker-item-free' : ''}`}
      draggable={mayEdit}
      onDragStart={(event) => {
        event.dataTransfer.setData(workerDragType, String(worker.id));
        event.dataTransfer.setData('text/plain', worker.name);
        event.dataTransfer.effectAllowed = 'move';
      }}
      data-testid={`worker-item-${worker.id}`}
      data-worker-name={worker.name}
    >
      {mayEdit && <HolderOutlined className="worker-handle" />}
      <span className="worker-item-name">{worker.name}</span>
      <span className="worker-item-grid muted mono">{worker.gridCode ? worker.gridCode.slice(9) : ''}</span>
      <Tooltip title={t('assignment.history')}>
        <Button type="text" size="small" icon={<HistoryOutlined />} aria-label={t('assignment.history')}
          onClick={() => setHistoryWorker({ id: worker.id, name: worker.name })} />
      </Tooltip>
    </li>
  );

  const counts = {
    vacant: grids.filter((grid) => grid.vacant).length,
    overloaded: grids.filter((grid) => grid.overloaded).length,
  };
  const formula = data?.formula;

  return (
    <section className="assignment-panel" hidden={props.hidden} data-testid="assignment-panel"
      data-vacant-count={data ? counts.vacant : undefined}>
      {messageHolder}
      <div className="assignment-head">
        <h2 className="view-title">{t('assignment.title')}</h2>
        <Select<number | 0>
          size="small"
          className="assignment-community"
          value={communityId ?? 0}
          onChange={(value) => setCommunityId(value === 0 ? undefined : value)}
          options={[
            { value: 0, label: t('assignment.allCommunities') },
            ...props.communities.features.map((feature) => ({ value: feature.properties.id, label: feature.properties.name })),
          ]}
        />
      </div>
      {props.pastDate !== null && <Alert type="info" showIcon title={t('assignment.readOnlyPast')} className="assignment-note" />}
      {props.pastDate === null && !mayEdit && <Alert type="info" showIcon title={t('assignment.readOnlyRole')} className="assignment-note" />}
      {error && (
        <Alert type="error" showIcon title={t('assignment.loadFailed', { message: error })}
          action={<Button size="small" onClick={reload}>{t('assignment.retry')}</Button>} />
      )}
      {!data && !error && <div className="panel-loading"><Spin /></div>}
      {data && (
        <>
          <div className="assignment-figures">
            <div><span className="figure-label">{t('assignment.figures.grids')}</span><b>{grids.length}</b></div>
            <div data-testid="vacancy-count"><span className="figure-label">{t('assignment.figures.vacancies')}</span><b className={counts.vacant ? 'alert-value' : ''}>{counts.vacant}</b></div>
            <div><span className="figure-label">{t('assignment.figures.overloaded')}</span><b style={counts.overloaded ? { color: overloadedColour } : undefined}>{counts.overloaded}</b></div>
            <div><span className="figure-label">{t('assignment.figures.unassigned')}</span><b>{data.unassignedWorkers.length}</b></div>
          </div>
          <div className="assignment-body">
            <div className="assignment-grids">
              <Segmented<Filter>
                size="small"
                value={filter}
                onChange={setFilter}
                options={[
                  { value: 'all', label: <span data-testid="filter-all">{t('assignment.filters.all')} {grids.length}</span> },
                  { value: 'vacant', label: <span data-testid="filter-vacant">{t('assignment.filters.vacant')} {counts.vacant}</span> },
                  { value: 'overloaded', label: <span data-testid="filter-overloaded">{t('assignment.filters.overloaded')} {counts.overloaded}</span> },
                ]}
              />
              <Table<AssignmentGrid>
                size="small"
                className="assignment-table"
                rowKey="gridId"
                columns={columns}
                dataSource={shown}
                pagination={false}
                tableLayout="fixed"
                sticky
                rowClassName={(grid) =>
                  [grid.vacant ? 'row-vacant' : '', grid.overloaded ? 'row-overloaded' : '', dropTarget === grid.gridId ? 'row-drop-target' : ''].join(' ')}
                onRow={(grid) => ({
                  'data-testid': `assignment-row-${grid.gridId}`,
                  'data-grid-code': grid.code,
                  'data-vacant': String(grid.vacant),
                  onClick: () => props.onSelectGrid(grid.gridId),
                  onDragOver: (event: React.DragEvent) => {
                    if (!mayEdit || !event.dataTransfer.types.includes(workerDragType)) return;
                    event.preventDefault();
                    event.dataTransfer.dropEffect = 'move';
                    if (dropTarget !== grid.gridId) setDropTarget(grid.gridId);
                  },
                  onDragLeave: () => setDropTarget((current) => (current === grid.gridId ? null : current)),
                  onDrop: (event: React.DragEvent) => {
                    event.preventDefault();
                    setDropTarget(null);
                    const workerId = Number(event.dataTransfer.getData(workerDragType));
                    if (workerId) startAssign(grid, workerId);
                  },
                }) as React.HTMLAttributes<HTMLElement>}
              />
              {formula && (
                <p className="assignment-formula muted">
                  {t('assignment.formula', {
                    wh: formula.weights.households, max: formula.householdsMax, wc: formula.weights.openCases, cases: formula.openCasesPerWorker,
                    wa: formula.weights.area, area: formula.patrolAreaSquareMetres / 1_000_000, threshold: formula.overloadedAbove,
                  })}
                </p>
              )}
            </div>
            <aside className="assignment-workers" data-testid="worker-list">
              <h3 className="detail-section">{t('assignment.workers')}</h3>
              {mayEdit && <p className="muted assignment-hint">{t('assignment.workersHint')}</p>}
              <Input size="small" allowClear prefix={<SearchOutlined />} placeholder={t('assignment.searchWorker')}
                value={search} onChange={(event) => setSearch(event.target.value)} />
              <div className="worker-section-title">{t('assignment.unassignedSection')} · {unassignedListed.length}</div>
              {unassignedListed.length === 0 ? <div className="muted worker-empty">{t('assignment.noUnassigned')}</div> : <ul className="worker-items">{unassignedListed.map(workerItem)}</ul>}
              <div className="worker-section-title">{t('assignment.assignedSection')} · {assignedListed.length}</div>
              <ul className="worker-items">{assignedListed.map(workerItem)}</ul>
            </aside>
          </div>
        </>
      )}

      <Modal
        open={pending !== null}
        title={
          pending?.kind === 'assign' ? t('assignment.reasonTitleAssign', { worker: pending.worker.name, grid: `${pending.grid.code.slice(9)} ${pending.grid.name}` })
          : pending ? t('assignment.reasonTitleVacate', { grid: `${pending.grid.code.slice(9)} ${pending.grid.name}` }) : ''
        }
        okText={t('assignment.confirm')}
        cancelText={t('assignment.cancel')}
        confirmLoading={saving}
        onOk={confirmReason}
        onCancel={() => setPending(null)}
        destroyOnHidden
      >
        <div data-testid="reason-dialog">
          {pending?.kind === 'assign' && pending.move && pending.worker.gridCode && (
            <Alert type="info" showIcon className="assignment-note"
              title={t('assignment.movesFrom', { worker: pending.worker.name, code: `${pending.worker.gridCode.slice(9)} ${pending.worker.gridName ?? ''}` })} />
          )}
          {pending?.kind === 'assign' && pending.grid.workerName && (
            <Alert type="warning" showIcon className="assignment-note" title={t('assignment.replaces', { worker: pending.grid.workerName, grid: pending.grid.name })} />
          )}
          <label className="reason-label" htmlFor="assignment-reason">{t('assignment.reasonLabel')}</label>
          <Input.TextArea
            id="assignment-reason"
            autoFocus
            value={reason}
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            status={reasonMissing ? 'error' : undefined}
            placeholder={t('assignment.reasonPlaceholder')}
            onChange={(event) => {
              setReason(event.target.value);
              setReasonMissing(false);
            }}
            data-testid="reason-input"
          />
          {reasonMissing && <div className="reason-error">{t('assignment.reasonRequired')}</div>}
        </div>
      </Modal>

      <Modal
        open={conflict !== null}
        title={conflict ? t('assignment.conflictTitle', {
          worker: conflict.details.workerName, code: conflict.details.currentGrid.code?.slice(9) ?? '', name: conflict.details.currentGrid.name ?? '',
        }) : ''}
        okText={t('assignment.moveConfirm')}
        cancelText={t('assignment.cancel')}
        confirmLoading={saving}
        onOk={() => {
          if (!conflict) return;
          if (conflict.reason === null) {
            setPending({ ...conflict.pending, move: true });
            setConflict(null);
          } else void submit({ ...conflict.pending, move: true }, conflict.reason);
        }}
        onCancel={() => setConflict(null)}
      >
        {conflict && (
          <p data-testid="conflict-dialog">
            {t('assignment.conflictText', {
              target: `${conflict.pending.grid.code.slice(9)} ${conflict.pending.grid.name}`,
              code: `${conflict.details.currentGrid.code?.slice(9) ?? ''} ${conflict.details.currentGrid.name ?? ''}`,
            })}
          </p>
        )}
      </Modal>

      <WorkerHistoryDrawer worker={historyWorker} onClose={() => setHistoryWorker(null)} />
    </section>
  );
}
