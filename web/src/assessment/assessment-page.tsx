import { ArrowDownOutlined, ArrowUpOutlined, CheckCircleOutlined, FileExcelOutlined, PrinterOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Input, Modal, Segmented, Select, Table, Tag, Tooltip, message as antMessage, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentLevel, AssessmentPeriod, ScoreRow } from '../../../contract/assessment.ts';
import { assessmentApi, assessmentKeys } from '../api/assessment-api.ts';
import { describeError, downloadUrl } from '../api/http-client.ts';
import { useSession } from '../app/session.tsx';
import '../desk/case-views.css';
import './assessment.css';
import { periodLabel } from './period-label.ts';
import { ScoreMap } from './score-map.tsx';
import { Scorecard } from './scorecard.tsx';

const levels: AssessmentLevel[] = ['worker', 'community', 'station'];
const itemColours: Record<string, string> = {
  on_time: '#2f6fb3', patrol: '#3a9a6b', satisfaction: '#d9a21b', household_info: '#7b61b8', leadership: '#8a96a6', award_bonus: '#2f9e44',
};

/** The items' points as one small stacked bar (the row's make-up at a glance); deductions in red at the end. */
function MakeUp(props: { row: ScoreRow; scale: number }) {
  const { i18n } = useTranslation();
  const positive = props.row.items.filter((item) => item.points > 0);
  const negative = props.row.items.filter((item) => item.points < 0).reduce((sum, item) => sum - item.points, 0);
  const width = (value: number) => `${Math.max(0, (value / props.scale) * 100)}%`;
  return (
    <div className="makeup-bar" aria-hidden>
      {positive.map((item) => (
        <Tooltip key={item.indicator} title={`${i18n.language === 'en' ? item.nameEn : item.nameZh} ${item.points}`}>
          <span style={{ width: width(item.points), background: itemColours[item.indicator] ?? '#5b8bd0' }} />
        </Tooltip>
      ))}
      {negative > 0 && <span className="makeup-negative" style={{ width: width(negative) }} />}
    </div>
  );
}

/** The year's periods as picker options: the year, its quarters, its months, newest first within each. */
function periodOptions(periods: AssessmentPeriod[], t: Parameters<typeof periodLabel>[1]) {
  const group = (kind: AssessmentPeriod['kind']) => periods.filter((period) => period.kind === kind).map((period) => ({
    value: period.code,
    label: <span>{periodLabel(period.code, t)}{period.status === 'signed_off' ? ' ✓' : ''}</span>,
  }));
  return [
    { label: t('assessment.groupYear'), options: group('year') },
    { label: t('assessment.groupQuarter'), options: group('quarter') },
    { label: t('assessment.groupMonth'), options: group('month') },
  ].filter((entry) => entry.options.length > 0);
}

/** Print the open scorecard alone (the page behind the drawer is hidden while printing). */
function printScorecard() {
  document.body.classList.add('print-scorecard');
  const done = () => { document.body.classList.remove('print-scorecard'); window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  window.print();
}

/**
 * The 考核 view (`#/assessment`): pick a period (month, quarter, year) and a level; the ranking with
 * the previous period beside it; a subject's scorecard drills down to the records behind each item.
 * A leader signs a finished period off; an administrator may reopen it (audited).
 */
export default function AssessmentPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const role = session?.user?.role ?? null;
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [period, setPeriod] = useState<string | null>(null);
  const [level, setLevel] = useState<AssessmentLevel>('worker');
  const [selected, setSelected] = useState<number | null>(null);
  const [message, messageHolder] = antMessage.useMessage();
  const [modal, modalHolder] = Modal.useModal();

  const periods = useQuery({ queryKey: assessmentKeys.periods(year), queryFn: ({ signal }) => assessmentApi.periods(year, signal) });
  // the default period: the latest month that has ended (the one a leader reviews and signs off)
  useEffect(() => {
    const list = periods.data?.periods;
    if (!list || (period && list.some((entry) => entry.code === period))) return;
    const ended = list.find((entry) => entry.kind === 'month' && entry.countedTo === entry.to);
    setPeriod((ended ?? list.find((entry) => entry.kind === 'month') ?? list[0])?.code ?? null);
  }, [periods.data, period]);

  const scores = useQuery({
    queryKey: assessmentKeys.scores(period ?? '', level),
    queryFn: ({ signal }) => assessmentApi.scores(period!, level, signal),
    enabled: period !== null,
  });
  const info = scores.data?.period;
  const ended = info ? info.countedTo === info.to : false;
  const refresh = () => queryClient.invalidateQueries({ queryKey: assessmentKeys.all });

  const signOff = useMutation({
    mutationFn: (comment: string) => assessmentApi.signOff(period!, comment || undefined),
    onSuccess: () => { void message.success(t('assessment.signedOff', { period: periodLabel(period!, t) })); void refresh(); },
    onError: (error) => void message.error(t('assessment.failed', { message: describeError(error) })),
  });
  const reopen = useMutation({
    mutationFn: (reason: string) => assessmentApi.reopen(period!, reason),
    onSuccess: () => { void message.success(t('assessment.reopened', { period: periodLabel(period!, t) })); void refresh(); },
    onError: (error) => void message.error(t('assessment.failed', { message: describeError(error) })),
  });
  const confirmSignOff = () => {
    let comment = '';
    void modal.confirm({
      title: t('assessment.signOffTitle', { period: periodLabel(period!, t) }),
      content: (
        <div className="assessment-form">
          <p>{t('assessment.signOffText')}</p>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('assessment.signOffComment')} onChange={(event) => { comment = event.target.value; }} data-testid="sign-off-comment" />
        </div>
      ),
      okText: t('assessment.confirm'), cancelText: t('assessment.cancel'),
      okButtonProps: { 'data-testid': 'sign-off-confirm' } as never,
      onOk: () => signOff.mutateAsync(comment.trim()),
    });
  };
  const confirmReopen = () => {
    let reason = '';
    void modal.confirm({
      title: t('assessment.reopenTitle', { period: periodLabel(period!, t) }),
      content: <Input.TextArea rows={3} maxLength={1000} placeholder={t('assessment.reopenReason')} onChange={(event) => { reason = event.target.value; }} />,
      okText: t('assessment.confirm'), cancelText: t('assessment.cancel'),
      onOk: () => {
        if (!reason.trim()) { void message.warning(t('assessment.reasonRequired')); return Promise.reject(new Error('reason')); }
        return reopen.mutateAsync(reason.trim());
      },
    });
  };

  const rows = useMemo(() => scores.data?.rows ?? [], [scores.data]);
  const scale = useMemo(() => Math.max(100, ...rows.map((row) => row.items.reduce((sum, item) => sum + Math.max(0, item.points), 0))), [rows]);
  const selectedRow = rows.find((row) => row.subject.id === selected) ?? null;
  const isYear = info?.kind === 'year';

  const columns: TableColumnsType<ScoreRow> = [
    {
      key: 'rank', title: t('assessment.columns.rank'), width: 64, align: 'right',
      render: (_, row) => <span className="mono assessment-rank">{row.rank}</span>,
    },
    {
      key: 'change', title: t('assessment.columns.change'), width: 76,
      render: (_, row) => {
        if (row.previousRank === null) return <span className="muted">—</span>;
        const change = row.previousRank - row.rank;
        if (change === 0) return <span className="muted">0</span>;
        return change > 0
          ? <span className="rank-up"><ArrowUpOutlined /> {change}</span>
          : <span className="rank-down"><ArrowDownOutlined /> {-change}</span>;
      },
    },
    {
      key: 'subject', title: t('assessment.columns.subject'),
      render: (_, row) => (
        <span>
          <a data-testid={`subject-${row.subject.id}`}>{row.subject.nameZh}</a>
          {row.subject.gridCode && <span className="mono muted"> {row.subject.gridName ?? row.subject.gridCode}</span>}
          {row.vetoed && <Tag className="assessment-tag" color="red">{t('assessment.vetoed')}</Tag>}
        </span>
      ),
    },
    ...(level === 'worker' ? [{ key: 'community', title: t('assessment.columns.community'), width: 90, render: (_: unknown, row: ScoreRow) => row.subject.communityName }] : []),
    { key: 'households', title: t('assessment.columns.households'), width: 100, align: 'right', render: (_, row) => <span className="mono">{row.subject.households}</span> },
    { key: 'makeup', title: t('assessment.columns.trend'), width: 180, render: (_, row) => <MakeUp row={row} scale={scale} /> },
    {
      key: 'total', title: t('assessment.columns.total'), width: 80, align: 'right',
      sorter: (a, b) => a.total - b.total,
      render: (_, row) => <strong className="mono" data-testid={`total-${row.subject.id}`}>{row.total.toFixed(2)}</strong>,
    },
    { key: 'previous', title: t('assessment.columns.previous'), width: 80, align: 'right', render: (_, row) => <span className="mono muted">{row.previousTotal?.toFixed(2) ?? '—'}</span> },
    ...(isYear ? [{ key: 'reward', title: t('assessment.columns.reward'), width: 100, align: 'right' as const, render: (_: unknown, row: ScoreRow) => <span className="mono">{row.rewardYuan ?? '—'}</span> }] : []),
  ];

  return (
    <main className="app-body role-page role-page-scroll">
      {messageHolder}
      {modalHolder}
      <div className="assessment-view" data-testid="assessment-view">
        <div className="desk-toolbar">
          <h2 className="view-title">{t('assessment.title')}</h2>
          <span className="muted assessment-subtitle">{t('assessment.subtitle')}</span>
          <span className="toolbar-spacer" />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} aria-label={t('cases.reload')} />
        </div>
        <div className="desk-filters">
          <Select value={year} onChange={(value) => { setYear(value); setPeriod(null); }} className="assessment-year" data-testid="assessment-year"
            options={[thisYear, thisYear - 1].map((value) => ({ value, label: t('assessment.year', { year: value }) }))} />
          <Select value={period ?? undefined} onChange={setPeriod} className="assessment-period" data-testid="assessment-period" loading={periods.isPending}
            options={periodOptions(periods.data?.periods ?? [], t)} />
          <Segmented<AssessmentLevel> value={level} onChange={(value) => { setLevel(value); setSelected(null); }} data-testid="assessment-level"
            options={levels.map((value) => ({ value, label: t(`assessment.level.${value}`) }))} />
          {info && (
            <>
              <Tag color={info.status === 'signed_off' ? 'green' : 'blue'} variant="filled" data-testid="period-status">{t(`assessment.status.${info.status}`)}</Tag>
              {info.closed && info.status !== 'signed_off' && <Tag>{t('assessment.closedBy', { period: periodLabel(info.closedBy!, t) })}</Tag>}
              <span className="muted">{t('assessment.countedTo', { day: info.countedTo })}</span>
              {info.closeBy && info.status !== 'signed_off' && <span className="warn-value">{t('assessment.closeBy', { day: info.closeBy })}</span>}
              <span className="muted">{(scores.data?.schemeVersion ?? 0) > 0 ? t('assessment.scheme', { version: scores.data?.schemeVersion }) : t('assessment.schemeBuiltIn')}</span>
            </>
          )}
          <span className="toolbar-spacer" />
          {role === 'leader' && info && info.status === 'draft' && !info.closed && (ended || info.kind === 'year') && (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={confirmSignOff} loading={signOff.isPending} data-testid="sign-off">{t('assessment.signOff')}</Button>
          )}
          {period && (role === 'leader' || role === 'admin' || role === 'auditor') && (
            <Button icon={<FileExcelOutlined />} href={downloadUrl('/api/assessment/ledger.xlsx', { period })} data-testid="ledger">{t('assessment.ledger')}</Button>
          )}
          {role === 'admin' && info?.status === 'signed_off' && (
            <Button icon={<UnlockOutlined />} onClick={confirmReopen} loading={reopen.isPending} data-testid="reopen">{t('assessment.reopen')}</Button>
          )}
        </div>
        {scores.isError && <Alert type="error" showIcon title={t('assessment.loadFailed')} description={describeError(scores.error)} />}
        <div className="assessment-body">
          <Table<ScoreRow> className="assessment-table" size="small" rowKey={(row) => row.subject.id} columns={columns} dataSource={rows}
            loading={scores.isFetching} pagination={false} sticky locale={{ emptyText: t('assessment.noRows') }}
            onRow={(row) => ({ onClick: () => setSelected(row.subject.id), className: row.subject.id === selected ? 'row-selected' : '' })} />
          <ScoreMap rows={rows} level={level} selected={selected} onSelect={setSelected} />
        </div>
      </div>
      <Drawer open={selectedRow !== null} onClose={() => setSelected(null)} size="large" destroyOnHidden rootClassName="scorecard-drawer"
        extra={<Button icon={<PrinterOutlined />} onClick={printScorecard} className="no-print" data-testid="print-scorecard">{t('assessment.print')}</Button>}
        title={selectedRow && period ? t('assessment.scorecardOf', { name: selectedRow.subject.nameZh, period: periodLabel(period, t) }) : t('assessment.scorecard')}>
        {selectedRow && period && info && (
          <Scorecard row={selectedRow} period={period} level={level} closed={info.closed} role={role} />
        )}
      </Drawer>
    </main>
  );
}
