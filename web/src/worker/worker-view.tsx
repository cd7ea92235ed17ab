import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Segmented, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { territoryApi } from '../api/territory-api.ts';
import type { SessionUser } from '../../../contract/accounts.ts';
import type { Case, IncidentStatus } from '../../../contract/incidents.ts';
import type { GridDetail } from '../../../contract/territory.ts';
import { casesApi, describeError } from '../api/cases-api.ts';
import { CasePage } from '../desk/case-page.tsx';
import { categoryName, Countdown, StatusTag, useNow } from '../desk/case-format.tsx';
import { formatDateTime } from '../panels/format.ts';
import { GridMiniMap } from './grid-mini-map.tsx';
import { MyHouseholds } from './my-households.tsx';
import { PatrolReport } from './patrol-report.tsx';
import { MyScorecard } from '../assessment/my-scorecard.tsx';

type WorkerTab = 'tasks' | 'report' | 'grid' | 'score';
/** A worker's to-do: cases in their hands, and those they sent back as handled awaiting the check. */
const taskStatuses: IncidentStatus[] = ['dispatched', 'handling', 'rework', 'handled'];

function TaskList(props: { tasks: Case[]; now: number; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  if (props.tasks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('worker.noTasks')} />;
  return (
    <ul className="task-list" data-testid="task-list">
      {props.tasks.map((task) => (
        <li key={task.id} className={`task-card ${task.overdue ? 'task-overdue' : ''}`} data-testid={`task-${task.id}`}
          onClick={() => props.onOpen(task.id)} role="button" tabIndex={0} onKeyDown={(event) => { if (event.key === 'Enter') props.onOpen(task.id); }}>
          <div className="task-top">
            <span className="task-category">{categoryName(task, i18n.language)}</span>
            <StatusTag status={task.status} />
          </div>
          <div className="task-description" data-user-text="">{task.description}</div>
          <div className="task-bottom">
            {task.address ? <span className="muted" data-user-text="">{task.address}</span> : <span className="muted">{formatDateTime(task.reportedAt)}</span>}
            <Countdown dueAt={task.dueAt} status={task.status} now={props.now} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * The grid worker's phone view (360–420 px, also fine on a desk): my tasks by due time with live
 * countdowns and a map of my grid, the case page with its actions, the patrol report, my
 * grid's households. The grid is the one the server assigns this worker now.
 */
export function WorkerView(props: { user: SessionUser }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<WorkerTab>('tasks');
  const [openCaseId, setOpenCaseId] = useState<number | null>(null);
  const [grid, setGrid] = useState<GridDetail | null>(null);
  const [gridMissing, setGridMissing] = useState(false);
  const [tasks, setTasks] = useState<Case[] | null>(null);
  const [serverNow, setServerNow] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const now = useNow(serverNow);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  useEffect(() => {
    const abort = new AbortController();
    territoryApi.grids({}, abort.signal)
      .then((answer) => {
        const mine = answer.features.find((feature) => feature.properties.workerId === props.user.workerId);
        if (!mine) { setGridMissing(true); return; }
        return territoryApi.grid(mine.properties.id, abort.signal).then(setGrid);
      })
      .catch((failure: unknown) => { if (!abort.signal.aborted) setError(describeError(failure)); });
    return () => abort.abort();
  }, [props.user.workerId]);

  useEffect(() => {
    const abort = new AbortController();
    casesApi.list({ assignedToMe: true, status: taskStatuses, sort: 'due', limit: 200 }, abort.signal).then(
      (answer) => { setTasks(answer.cases); setServerNow(answer.now); setError(null); },
      (failure: unknown) => { if (!abort.signal.aborted) setError(describeError(failure)); },
    );
    return () => abort.abort();
  }, [reloadKey]);

  const sortedTasks = useMemo(
    () => [...(tasks ?? [])].sort((a, b) => (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9')),
    [tasks],
  );
  const overdueCount = sortedTasks.filter((task) => task.overdue).length;

  if (openCaseId !== null) {
    return (
      <div className="worker-view" data-testid="worker-view">
        <CasePage caseId={openCaseId} compact onBack={() => { setOpenCaseId(null); reload(); }} onChanged={reload} />
      </div>
    );
  }

  return (
    <div className="worker-view" data-testid="worker-view">
      <div className="worker-heading">
        <div>
          <div className="worker-grid-name" data-testid="worker-grid-name">{grid?.properties.name ?? (gridMissing ? t('worker.noGrid') : '…')}</div>
          <div className="muted"><span data-person-name="">{props.user.displayName}</span>{grid ? ` · ${grid.properties.communityName}` : ''}</div>
        </div>
        <Button size="small" href="#/worker/duty" data-testid="open-duty">{t('duties.phone.open')}</Button>
        <Button type="text" icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.reload')} />
      </div>
      <Segmented<WorkerTab> block value={tab} onChange={setTab} className="worker-tabs"
        options={[
          { value: 'tasks', label: <span data-testid="worker-tab-tasks">{t('worker.tabTasks')}{tasks && tasks.length > 0 ? ` ${tasks.length}` : ''}</span> },
          { value: 'report', label: <span data-testid="worker-tab-report">{t('worker.tabReport')}</span> },
          { value: 'grid', label: <span data-testid="worker-tab-grid">{t('worker.tabGrid')}</span> },
          { value: 'score', label: <span data-testid="worker-tab-score">{t('assessment.tab')}</span> },
        ]} />
      {error && <Alert type="error" showIcon title={t('cases.loadFailed')} description={error} action={<Button size="small" onClick={reload}>{t('app.retry')}</Button>} />}
      {tab === 'tasks' && (
        <>
          <GridMiniMap grid={grid} height={180} onTaskClick={setOpenCaseId}
            tasks={sortedTasks.map((task) => ({ id: task.id, overdue: task.overdue, ...task.location }))} />
          <div className="section-heading">
            <h3>{t('worker.myTasks')}</h3>
            {overdueCount > 0 && <span className="alert-value">{t('worker.overdueCount', { count: overdueCount })}</span>}
          </div>
          {tasks === null ? <div className="panel-loading"><Spin /></div> : <TaskList tasks={sortedTasks} now={now} onOpen={setOpenCaseId} />}
        </>
      )}
      {tab === 'report' && (
        <PatrolReport grid={grid} onReported={reload} onOpenCase={(id) => setOpenCaseId(id)} />
      )}
      {tab === 'grid' && <MyHouseholds gridId={grid?.properties.id ?? null} />}
      {tab === 'score' && <MyScorecard />}
    </div>
  );
}
