import { BellOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Drawer, Empty, Popover, Select, Switch, Table, TreeSelect, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { territoryApi } from '../api/territory-api.ts';
import type { Case, Category, IncidentStatus, Notification } from '../../../contract/incidents.ts';
import type { GridProperties } from '../../../contract/territory.ts';
import { casesApi, describeError, incidentStatuses } from '../api/cases-api.ts';
import { formatDateTime } from '../panels/format.ts';
import { CasePage } from './case-page.tsx';
import { categoryName, Countdown, StatusTag, useNow } from './case-format.tsx';

const pageSize = 50;
/** What a dispatcher works on by default: everything not yet finished. */
const openStatuses: IncidentStatus[] = ['reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework'];

/** Major classes with their minor classes, for a filter that takes either level. */
export function categoryTree(categories: Category[], language: string) {
  const name = (category: Category) => (language === 'en' ? category.nameEn : category.nameZh);
  return categories
    .filter((category) => category.majorCode === null)
    .map((major) => ({
      value: major.code,
      title: `${major.code} ${name(major)}`,
      children: categories
        .filter((minor) => minor.majorCode === major.code)
        .map((minor) => ({ value: minor.code, title: `${minor.code} ${name(minor)}` })),
    }));
}

function NotificationBell(props: { onOpenCase: (id: number) => void; refreshKey: number }) {
  const { t } = useTranslation();
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      casesApi.notifications(abort.signal).then(
        (answer) => { setNotifications(answer.notifications); setError(null); },
        (failure: unknown) => { if (!abort.signal.aborted) setError(describeError(failure)); },
      );
    void load();
    // escalations arrive from the server's deadline scheduler; a minute is fresh enough for a badge
    const timer = window.setInterval(() => void load(), 60_000);
    return () => { abort.abort(); window.clearInterval(timer); };
  }, [props.refreshKey, reloadKey]);

  const unread = notifications.filter((item) => !item.readAt).length;
  const openNotification = async (item: Notification) => {
    if (!item.readAt) {
      await casesApi.markNotificationRead(item.id).catch(() => undefined);
      setReloadKey((key) => key + 1);
    }
    if (item.incidentId) props.onOpenCase(item.incidentId);
    setOpen(false);
  };

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={t('cases.notifications')}
      content={
        <div className="notification-list">
          {error && <Alert type="error" showIcon title={error} />}
          {notifications.length === 0 && <div className="muted list-empty">{t('cases.noNotifications')}</div>}
          <ul className="plain-list">
            {notifications.slice(0, 30).map((item) => (
              <li key={item.id} className={`notification-item clickable ${item.readAt ? 'notification-read' : ''}`} onClick={() => void openNotification(item)}>
                <div className="notification-message">{item.message}</div>
                <div className="muted">{formatDateTime(item.createdAt)}</div>
              </li>
            ))}
          </ul>
        </div>
      }>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button icon={<BellOutlined />} data-testid="notifications" aria-label={t('cases.notifications')} />
      </Badge>
    </Popover>
  );
}

/**
 * The dispatcher's case desk: a filterable list on the left (`GET /api/cases`), the chosen case
 * with its timeline and actions on the right (a drawer on narrow screens).
 */
export function CaseDesk(props: { narrow: boolean; openCaseId?: number | null }) {
  const { t, i18n } = useTranslation();
  const [statuses, setStatuses] = useState<IncidentStatus[]>(openStatuses);
  const [category, setCategory] = useState<string | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [cases, setCases] = useState<Case[] | null>(null);
  const [total, setTotal] = useState(0);
  const [serverNow, setServerNow] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(props.openCaseId ?? null);
  const [reloadKey, setReloadKey] = useState(0);
  const [categories, setCategories] = useState<Category[]>([]);
  const [grids, setGrids] = useState<GridProperties[]>([]);
  const now = useNow(serverNow);

  useEffect(() => {
    const abort = new AbortController();
    territoryApi.categories(abort.signal).then((answer) => setCategories(answer.categories), () => undefined);
    territoryApi.grids({}, abort.signal).then((answer) => setGrids(answer.features.map((feature) => feature.properties)), () => undefined);
    return () => abort.abort();
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    casesApi
      .list({ status: statuses.length > 0 ? statuses : undefined, category, gridId, overdue: overdueOnly ? true : undefined, sort: 'reported', limit: pageSize, offset }, abort.signal)
      .then(
        (answer) => { setCases(answer.cases); setTotal(answer.total); setServerNow(answer.now); setError(null); },
        (failure: unknown) => { if (!abort.signal.aborted) setError(describeError(failure)); },
      );
    return () => abort.abort();
  }, [statuses, category, gridId, overdueOnly, offset, reloadKey]);

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);
  const filtered = <T,>(setter: (value: T) => void) => (value: T) => { setter(value); setOffset(0); };

  const columns: TableColumnsType<Case> = useMemo(
    () => [
      { key: 'code', title: t('cases.column.code'), render: (_, item) => <span className="mono case-code">{item.trackingCode}</span>, width: 196 },
      { key: 'category', title: t('cases.column.category'), render: (_, item) => categoryName(item, i18n.language), ellipsis: true },
      { key: 'status', title: t('cases.column.status'), render: (_, item) => <StatusTag status={item.status} />, width: 84 },
      { key: 'grid', title: t('cases.column.grid'), render: (_, item) => <span data-place-name="">{item.gridName?.replace(/社区/, '·') ?? '—'}</span>, ellipsis: true, width: 130 },
      { key: 'reported', title: t('cases.column.reportedAt'), render: (_, item) => <span className="muted">{formatDateTime(item.reportedAt).slice(5)}</span>, width: 100 },
      { key: 'due', title: t('cases.column.due'), render: (_, item) => <Countdown dueAt={item.dueAt} status={item.status} now={now} />, width: 128 },
    ],
    [t, i18n.language, now],
  );

  const detail = selectedId !== null && (
    <CasePage caseId={selectedId} onChanged={reload} onOpenCase={setSelectedId}
      onBack={props.narrow ? () => setSelectedId(null) : undefined} compact={props.narrow} />
  );

  return (
    <div className="case-desk" data-testid="case-desk">
      <section className="desk-list">
        <div className="desk-toolbar">
          <h2 className="view-title">{t('cases.deskTitle')}</h2>
          <span className="muted" data-testid="case-total">{t('cases.total', { count: total })}</span>
          <span className="toolbar-spacer" />
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.reload')} />
          <NotificationBell onOpenCase={setSelectedId} refreshKey={reloadKey} />
        </div>
        <div className="desk-filters">
          <Select mode="multiple" allowClear maxTagCount="responsive" className="filter-status" placeholder={t('cases.filter.status')}
            value={statuses} onChange={filtered(setStatuses)} data-testid="filter-status"
            options={incidentStatuses.map((status) => ({ value: status, label: t(`cases.status.${status}`) }))} />
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" className="filter-category" placeholder={t('cases.filter.category')}
            value={category} onChange={filtered(setCategory)} treeData={categoryTree(categories, i18n.language)} popupMatchSelectWidth={280} />
          <Select allowClear showSearch optionFilterProp="label" className="filter-grid" placeholder={t('cases.filter.grid')}
            value={gridId} onChange={filtered(setGridId)} popupMatchSelectWidth={240}
            options={grids.map((grid) => ({ value: grid.id, label: `${grid.shortCode} ${grid.name}` }))} />
          <label className="filter-switch">
            <Switch size="small" checked={overdueOnly} onChange={filtered(setOverdueOnly)} data-testid="filter-overdue" /> {t('cases.filter.overdue')}
          </label>
        </div>
        {error && <Alert type="error" showIcon title={t('cases.loadFailed')} description={error} action={<Button size="small" onClick={reload}>{t('app.retry')}</Button>} />}
        <Table<Case> className="case-table" size="small" rowKey="id" columns={columns} dataSource={cases ?? []} loading={cases === null}
          sticky scroll={{ x: 640 }}
          rowClassName={(item) => `${item.id === selectedId ? 'row-selected' : ''} ${item.overdue ? 'row-overdue' : ''}`}
          onRow={(item) => ({ onClick: () => setSelectedId(item.id), 'data-testid': `case-row-${item.id}` } as React.HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noCases')} /> }}
          pagination={{ current: offset / pageSize + 1, pageSize, total, size: 'small', showSizeChanger: false, onChange: (page) => setOffset((page - 1) * pageSize) }} />
      </section>
      {props.narrow ? (
        <Drawer open={selectedId !== null} onClose={() => setSelectedId(null)} placement="bottom" size="92%" closable={false} styles={{ body: { padding: 12 } }}>
          {detail}
        </Drawer>
      ) : (
        <section className="desk-detail">
          {detail || <Empty className="desk-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.pickCase')} />}
        </section>
      )}
    </div>
  );
}
