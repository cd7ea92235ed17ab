import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, InputNumber, Select, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../contract/audit.ts';
import { casesApi, describeError, type AuditFilter } from '../api/cases-api.ts';
import { formatDateTime } from '../panels/format.ts';

const pageSize = 50;
const resultColours = { ok: 'green', denied: 'red', failed: 'orange' } as const;
/** Common action prefixes, so an auditor need not know the names by heart. */
const actionPrefixes = ['auth.', 'household.reveal', 'incident.', 'photo.', 'grid', 'category.', 'user.', 'export'];

/**
 * An audit action code in words: 登录 for auth.login; families of codes (incident.dispatch,
 * grid.split, export.households, incident.public_hidden) as family + step; unknown codes as they are.
 */
export function auditActionLabel(action: string, t: TFunction): string {
  const exact = t(`display.audit.action.${action.replace(/\./g, '__')}`, { defaultValue: '' });
  if (exact) return exact;
  const [family, step = ''] = action.split(/\.(.*)/s);
  const familyName = t(`display.audit.family.${family}`, { defaultValue: '' });
  if (!familyName) return action;
  const stepName =
    family === 'incident' && step.startsWith('public_') ? t(`display.audit.publicDecision.${step.slice('public_'.length)}`, { defaultValue: step })
    : family === 'incident' ? t(`cases.action.${step}`, { defaultValue: step })
    : family === 'export' ? t(`display.audit.dataset.${step}`, { defaultValue: step })
    : t(`display.audit.operation.${step}`, { defaultValue: step });
  return `${familyName} · ${stepName}`;
}

type DateRange = [{ toISOString(): string } | null, { toISOString(): string } | null] | null;

/**
 * The audit trail for auditors and administrators: newest first, filtered by time, user, action
 * prefix and result. The server gives no total, so paging asks for one row more than a page to
 * know whether there is a next one.
 */
export function AuditLogView() {
  const { t } = useTranslation();
  const [range, setRange] = useState<DateRange>(null);
  const [userId, setUserId] = useState<number | null>(null);
  const [action, setAction] = useState('');
  const [result, setResult] = useState<AuditFilter['result']>();
  const [page, setPage] = useState(1);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  const filter = useMemo<AuditFilter>(() => ({
    ...(range?.[0] ? { from: range[0].toISOString() } : {}),
    ...(range?.[1] ? { to: range[1].toISOString() } : {}),
    ...(userId ? { userId } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
    ...(result ? { result } : {}),
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  }), [range, userId, action, result, page]);

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    const timer = window.setTimeout(() => {
      casesApi.auditLog(filter, abort.signal).then(
        // the answer is the contract's AuditEntry (contract/audit.ts); the client's copy lags behind
        (answer) => { setEntries((answer.entries as unknown as AuditEntry[]).slice(0, pageSize)); setHasMore(answer.entries.length > pageSize); setError(null); setLoading(false); },
        (failure: unknown) => { if (!abort.signal.aborted) { setEntries([]); setError(describeError(failure)); setLoading(false); } },
      );
    }, 250); // typing an action prefix should not send a request per key
    return () => { abort.abort(); window.clearTimeout(timer); };
  }, [filter, reloadKey]);

  const refilter = <T,>(setter: (value: T) => void) => (value: T) => { setter(value); setPage(1); };

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.column.at'), render: (_, entry) => <span className="mono">{formatDateTime(entry.at)}</span>, width: 140 },
    {
      key: 'user', title: t('audit.column.user'), width: 150,
      render: (_, entry) => entry.userId
        ? <Tooltip title={`${t('audit.filterByUser')} (${entry.username ?? entry.userId})`}><a onClick={() => refilter(setUserId)(entry.userId)} data-person-name="">{entry.actorDisplayName ?? entry.username ?? `#${entry.userId}`}</a></Tooltip>
        : <span className="muted">{t('audit.anonymous')}</span>,
    },
    { key: 'role', title: t('audit.column.role'), render: (_, entry) => (entry.role ? t(`session.role.${entry.role}`, { defaultValue: entry.role }) : '—'), width: 110 },
    {
      key: 'action', title: t('audit.column.action'), width: 170,
      render: (_, entry) => <Tooltip title={entry.action}><span data-action-code={entry.action}>{auditActionLabel(entry.action, t)}</span></Tooltip>,
    },
    {
      key: 'object', title: t('audit.column.object'), ellipsis: true,
      render: (_, entry) => (entry.objectType
        ? <span>{t(`display.audit.object.${entry.objectType}`, { defaultValue: entry.objectType })}{' '}
            {entry.objectName ? <span data-place-name="">{entry.objectName}</span> : <span className="mono">{entry.objectId ?? ''}</span>}</span>
        : '—'),
    },
    { key: 'result', title: t('audit.column.result'), render: (_, entry) => <Tag color={resultColours[entry.result]} variant="filled">{t(`audit.result.${entry.result}`)}</Tag>, width: 80 },
    { key: 'address', title: t('audit.column.address'), render: (_, entry) => <span className="mono muted">{entry.clientAddress ?? '—'}</span>, width: 120 },
    {
      key: 'details', title: t('audit.column.details'), ellipsis: true,
      render: (_, entry) => (entry.details ? <Tooltip title={<pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre>}><span className="mono muted">{JSON.stringify(entry.details)}</span></Tooltip> : '—'),
    },
  ];

  return (
    <div className="audit-view" data-testid="audit-view">
      <div className="desk-toolbar">
        <h2 className="view-title">{t('audit.title')}</h2>
        <span className="muted">{t('audit.subtitle')}</span>
        <span className="toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.reload')} />
      </div>
      <div className="desk-filters">
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]}
          onChange={(value) => refilter(setRange)(value as DateRange)} placeholder={[t('audit.from'), t('audit.to')]} />
        <InputNumber min={1} precision={0} value={userId} onChange={refilter(setUserId)} placeholder={t('audit.userId')} className="filter-user" data-testid="audit-user" />
        <span data-testid="audit-action">
          <Select showSearch allowClear className="filter-action" placeholder={t('audit.actionPrefix')} value={action || undefined}
            onSearch={refilter(setAction)} onChange={(value: string | undefined) => refilter(setAction)(value ?? '')}
            options={[...new Set([...(action ? [action] : []), ...actionPrefixes])].map((prefix) => ({ value: prefix, label: prefix }))} />
        </span>
        <Select allowClear className="filter-result" placeholder={t('audit.column.result')} value={result} onChange={refilter(setResult)} data-testid="audit-result"
          options={(['ok', 'denied', 'failed'] as const).map((value) => ({ value, label: t(`audit.result.${value}`) }))} />
      </div>
      {error && <Alert type="error" showIcon title={t('audit.loadFailed')} description={error} />}
      <Table<AuditEntry> className="audit-table" size="small" rowKey="id" columns={columns} dataSource={entries ?? []} loading={loading}
        sticky scroll={{ x: 1000 }} pagination={false} />
      <div className="audit-pager">
        <Button size="small" disabled={page === 1} onClick={() => setPage(page - 1)}>{t('audit.previous')}</Button>
        <span className="muted">{t('audit.page', { page })}</span>
        <Button size="small" disabled={!hasMore} onClick={() => setPage(page + 1)} data-testid="audit-next">{t('audit.next')}</Button>
      </div>
    </div>
  );
}

