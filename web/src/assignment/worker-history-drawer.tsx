import { Drawer, Empty, Spin, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../panels/format.ts';
import type { AssignmentHistoryEntry } from '../../../contract/workers.ts';
import { assignmentApi } from './assignment-api.ts';

/** The grids a worker has served: grid code and name at the time, from–to, assigned by whom and why. */
export function AssignmentHistoryList({ entries, show }: { entries: AssignmentHistoryEntry[]; show: 'grid' | 'worker' }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assignment.historyEmpty')} />;
  return (
    <Timeline
      className="assignment-history"
      items={entries.map((entry) => ({
        color: entry.endedAt ? 'gray' : 'blue',
        content: (
          <div data-testid="assignment-history-entry">
            <div>
              {show === 'worker' ? (
                <><span className="mono">{entry.gridCode?.slice(9) ?? `#${entry.gridId}`}</span> {entry.gridName ?? ''}</>
              ) : (
                <b>{entry.workerName}</b>
              )}
            </div>
            <div className="muted">
              {formatDate(entry.startedAt)} → {entry.endedAt ? formatDate(entry.endedAt) : t('assignment.historyNow')}
              {entry.assignedByName ? ` · ${t('assignment.historyBy')} ${entry.assignedByName}` : ''}
            </div>
            {entry.reason && <div className="muted">{t('assignment.historyReason')}：{entry.reason}</div>}
            {(entry.endSummary ?? entry.endReason) && (
              <div className="muted">
                {t('assignment.historyEndReason')}：{[entry.endSummary, entry.endReason].filter(Boolean).join(t('assignment.historyEndReasonJoin'))}
                {entry.endedByName ? `（${entry.endedByName}）` : ''}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

export function WorkerHistoryDrawer({ worker, onClose }: { worker: { id: number; name: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AssignmentHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!worker) return undefined;
    const abort = new AbortController();
    setEntries(null);
    setError(null);
    assignmentApi.workerHistory(worker.id, abort.signal).then(
      (answer) => setEntries(answer.assignments),
      (failure: unknown) => {
        if (!abort.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => abort.abort();
  }, [worker]);
  return (
    <Drawer open={worker !== null} onClose={onClose} size={380} title={worker ? t('assignment.historyTitle', { worker: worker.name }) : ''}>
      <div data-testid="worker-history">
        {error ? <div className="alert-value">{error}</div> : entries === null ? <Spin /> : <AssignmentHistoryList entries={entries} show="worker" />}
      </div>
    </Drawer>
  );
}
