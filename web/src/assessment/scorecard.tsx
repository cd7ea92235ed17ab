import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, InputNumber, Modal, Radio, Space, Spin, Table, Tag, message as antMessage, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Adjustment, AssessmentLevel, ScoreItem, ScoreRow, SourceRow } from '../../../contract/assessment.ts';
import { assessmentApi, assessmentKeys } from '../api/assessment-api.ts';
import { describeError } from '../api/http-client.ts';
import type { Role } from '../../../contract/accounts.ts';
import { formatDateTime } from '../panels/format.ts';
import { periodLabel } from './period-label.ts';

const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, ''));

/** The measures an item read, in words: 到期案件 6 · 按期处置 5. */
function MeasuresLine(props: { item: ScoreItem }) {
  const { t } = useTranslation();
  const entries = Object.entries(props.item.measures).filter(([name]) => name !== 'vetoed');
  if (entries.length === 0) return <span className="muted">{props.item.comment ?? '—'}</span>;
  return (
    <span className="assessment-measures">
      {entries.map(([name, value]) => `${t(`assessment.measures.${name}`, { defaultValue: name })} ${value}`).join(' · ')}
    </span>
  );
}

/** The rows one item counted: the drill-down from an indicator to the cases, patrols and households behind it. */
function SourcesList(props: { period: string; level: AssessmentLevel; subject: number; item: ScoreItem; language: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: assessmentKeys.sources(props.period, props.level, props.subject, props.item.indicator),
    queryFn: ({ signal }) => assessmentApi.sources(props.period, props.level, props.subject, props.item.indicator, signal),
  });
  if (query.isPending) return <Spin size="small" />;
  if (query.isError) return <Alert type="error" showIcon title={describeError(query.error)} />;
  const rows = query.data.rows;
  if (rows.length === 0) return <span className="muted">{t('assessment.noSources')}</span>;
  const columns: TableColumnsType<SourceRow> = [
    { key: 'counted', title: t('assessment.sourceColumns.counted'), width: 130, render: (_, row) => <Tag variant="filled" color={/overdue|dissatisfied|rework|^household$|deduction/.test(row.counted) ? 'red' : 'green'}>{t(`assessment.counted.${row.counted}`, { defaultValue: row.counted })}</Tag> },
    { key: 'record', title: t('assessment.sourceColumns.record'), render: (_, row) => (row.trackingCode
      ? <span className="mono" data-testid="source-case">{row.trackingCode}</span>
      : <span>{row.label}</span>) },
    { key: 'at', title: t('assessment.sourceColumns.at'), width: 140, render: (_, row) => <span className="mono muted">{row.at ? formatDateTime(row.at) : '—'}</span> },
  ];
  return (
    <div data-testid="assessment-sources">
      <div className="muted assessment-sources-title">
        {t('assessment.sourcesOf', { indicator: props.language === 'en' ? props.item.nameEn : props.item.nameZh, count: rows.length })}
      </div>
      <Table<SourceRow> size="small" rowKey={(row) => `${row.table}-${row.id}-${row.counted}`} columns={columns} dataSource={rows}
        pagination={rows.length > 8 ? { pageSize: 8, size: 'small' } : false} />
    </div>
  );
}

/** Add a bonus or a deduction: the rule (1 / 1.5 / 2; 1–5 with a reason) is the server's, its 422 is shown as is. */
function AdjustmentDialog(props: { kind: 'bonus' | 'deduction' | null; period: string; level: AssessmentLevel; subject: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [message, messageHolder] = antMessage.useMessage();
  const [value, setValue] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [achievement, setAchievement] = useState('');
  const mutation = useMutation({
    mutationFn: assessmentApi.addAdjustment,
    onSuccess: () => {
      void message.success(t('assessment.added'));
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
      setValue(null); setReason(''); setAchievement('');
      props.onClose();
    },
  });
  const kind = props.kind;
  return (
    <>
    {messageHolder}
    <Modal open={kind !== null} title={kind === 'bonus' ? t('assessment.bonusTitle') : t('assessment.deductionTitle')} onCancel={props.onClose}
      okText={t('assessment.confirm')} cancelText={t('assessment.cancel')} confirmLoading={mutation.isPending} destroyOnHidden
      onOk={() => kind && mutation.mutate({
        subject: props.subject, level: props.level, period: props.period, kind, points: value ?? 0,
        ...(reason.trim() ? { reason: reason.trim() } : {}), ...(achievement.trim() ? { achievement: achievement.trim() } : {}),
      })}>
      <Space direction="vertical" className="assessment-form">
        <label>{t('assessment.pointsLabel')}</label>
        {kind === 'bonus'
          ? <Radio.Group value={value} onChange={(event) => setValue(event.target.value as number)} data-testid="adjustment-points"
              options={[1, 1.5, 2].map((option) => ({ value: option, label: t(`assessment.bonusLevels.${option}`) }))} />
          : <InputNumber min={1} max={5} step={0.5} value={value} onChange={setValue} data-testid="adjustment-points" />}
        {kind === 'bonus' && <Input placeholder={t('assessment.achievementLabel')} value={achievement} onChange={(event) => setAchievement(event.target.value)} maxLength={200} />}
        <Input.TextArea placeholder={t('assessment.reasonLabel')} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} rows={3} data-testid="adjustment-reason" />
        {mutation.isError && <Alert type="error" showIcon title={describeError(mutation.error)} data-testid="adjustment-error" />}
      </Space>
    </Modal>
    </>
  );
}

/** The adjustments of a subject in a period, with the objection (once) and the review. */
function AdjustmentList(props: { period: string; level: AssessmentLevel; subject: number; role: Role | null; ownWorker: boolean; closed: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'bonus' | 'deduction' | null>(null);
  const [message, messageHolder] = antMessage.useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const query = useQuery({
    queryKey: assessmentKeys.adjustments(props.period, props.level, props.subject),
    queryFn: ({ signal }) => assessmentApi.adjustments(props.period, props.level, props.subject, signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
  const act = useMutation({
    mutationFn: (input: { id: number; action: 'object' | 'upheld' | 'rejected'; text: string }) =>
      input.action === 'object' ? assessmentApi.object(input.id, input.text) : assessmentApi.review(input.id, input.action, input.text || undefined),
    onSuccess: () => void refresh(),
    onError: (error) => void message.error(t('assessment.failed', { message: describeError(error) })),
  });
  const ask = (id: number, action: 'object' | 'upheld' | 'rejected') => {
    let text = '';
    void modal.confirm({
      title: action === 'object' ? t('assessment.object') : t(`assessment.${action}`),
      content: <Input.TextArea rows={3} maxLength={1000} placeholder={action === 'object' ? t('assessment.objectReason') : t('assessment.reasonLabel')}
        onChange={(event) => { text = event.target.value; }} data-testid="objection-text" />,
      okText: t('assessment.confirm'), cancelText: t('assessment.cancel'),
      onOk: () => {
        if (action === 'object' && !text.trim()) { void message.warning(t('assessment.reasonRequired')); return Promise.reject(new Error('reason')); }
        return act.mutateAsync({ id, action, text: text.trim() });
      },
    });
  };
  const mayAdjust = !props.closed && (props.role === 'leader' || props.role === 'admin');
  const mayReview = !props.closed && (props.role === 'leader' || props.role === 'admin');
  const mayObject = !props.closed && (props.ownWorker || props.role === 'admin');
  const entries = query.data?.adjustments ?? [];
  return (
    <div className="assessment-adjustments" data-testid="assessment-adjustments">
      {messageHolder}
      {modalHolder}
      <div className="section-heading">
        <h3>{t('assessment.adjustments')}</h3>
        {mayAdjust && (
          <Space>
            <Button size="small" onClick={() => setDialog('bonus')} data-testid="add-bonus">{t('assessment.addBonus')}</Button>
            <Button size="small" danger onClick={() => setDialog('deduction')} data-testid="add-deduction">{t('assessment.addDeduction')}</Button>
          </Space>
        )}
      </div>
      {query.isPending ? <Spin size="small" /> : entries.length === 0 ? <span className="muted">{t('assessment.noAdjustments')}</span> : (
        <ul className="adjustment-list">
          {entries.map((entry: Adjustment) => (
            <li key={entry.id} className={entry.status === 'withdrawn' ? 'adjustment-withdrawn' : ''} data-testid={`adjustment-${entry.id}`}>
              <span className={entry.kind === 'bonus' ? 'adjustment-bonus' : 'adjustment-deduction'}>{entry.kind === 'bonus' ? '+' : '−'}{entry.points}</span>
              <span className="adjustment-reason">{entry.reason ?? entry.achievement ?? ''}</span>
              <span className="muted">{entry.period} · {entry.createdBy}</span>
              {entry.status === 'withdrawn' && <Tag>{t('assessment.adjustmentStatus.withdrawn')}</Tag>}
              {entry.objection && (
                <div className="adjustment-objection">
                  {t('assessment.objection')}：{entry.objection.reason}
                  {entry.objection.decision
                    ? <Tag color={entry.objection.decision === 'upheld' ? 'green' : 'default'}>{t(`assessment.decision.${entry.objection.decision}`)}</Tag>
                    : <Tag color="orange">{t('assessment.objected')}</Tag>}
                </div>
              )}
              <Space size={4}>
                {mayObject && !entry.objection && entry.status === 'active' && <Button size="small" type="link" onClick={() => ask(entry.id, 'object')} data-testid="object">{t('assessment.object')}</Button>}
                {mayReview && entry.objection && !entry.objection.decision && (
                  <>
                    <Button size="small" type="link" onClick={() => ask(entry.id, 'upheld')}>{t('assessment.upheld')}</Button>
                    <Button size="small" type="link" onClick={() => ask(entry.id, 'rejected')}>{t('assessment.rejected')}</Button>
                  </>
                )}
              </Space>
            </li>
          ))}
        </ul>
      )}
      <AdjustmentDialog kind={dialog} period={props.period} level={props.level} subject={props.subject} onClose={() => setDialog(null)} />
    </div>
  );
}

/** A leader's score for a manual indicator (班子领导水平 / 网格长评价), always with a comment. */
function ManualScoreButton(props: { period: string; level: AssessmentLevel; subject: number; item: ScoreItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<number | null>(props.item.pending ? null : props.item.points);
  const [comment, setComment] = useState(props.item.comment ?? '');
  const mutation = useMutation({
    mutationFn: assessmentApi.manualScore,
    onSuccess: () => { setOpen(false); void queryClient.invalidateQueries({ queryKey: assessmentKeys.all }); },
  });
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)} data-testid="manual-score">{t('assessment.enterScore')}</Button>
      <Modal open={open} title={t('assessment.manualTitle')} onCancel={() => setOpen(false)} okText={t('assessment.confirm')} cancelText={t('assessment.cancel')}
        confirmLoading={mutation.isPending}
        onOk={() => mutation.mutate({ period: props.period, level: props.level, subject: props.subject, indicator: props.item.indicator, points: value ?? -1, comment })}>
        <Space direction="vertical" className="assessment-form">
          <label>{t('assessment.manualPoints', { max: props.item.maxPoints ?? 0 })}</label>
          <InputNumber min={0} max={props.item.maxPoints ?? 100} step={0.5} value={value} onChange={setValue} />
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('assessment.manualComment')} value={comment} onChange={(event) => setComment(event.target.value)} />
          {mutation.isError && <Alert type="error" showIcon title={describeError(mutation.error)} />}
        </Space>
      </Modal>
    </>
  );
}

/**
 * One subject's scorecard: total, rank and the previous period's, each indicator with its points
 * and what it counted (expand a row for the records), the adjustments with objections and review.
 */
export function Scorecard(props: {
  row: ScoreRow; period: string; level: AssessmentLevel; closed: boolean; role: Role | null; ownWorker?: boolean; compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { row } = props;
  const language = i18n.language;
  const columns: TableColumnsType<ScoreItem> = [
    {
      key: 'indicator', title: t('assessment.item.indicator'),
      render: (_, item) => (
        <span>
          {language === 'en' ? item.nameEn : item.nameZh}
          {item.pending && <Tag className="assessment-tag" color="orange">{item.kind === 'manual' ? t('assessment.pending') : t('assessment.objected')}</Tag>}
          {item.kind === 'veto' && item.measures.vetoed === 1 && <Tag className="assessment-tag" color="red">{t('assessment.vetoed')}</Tag>}
          {item.kind === 'manual' && props.role === 'leader' && !props.closed && <ManualScoreButton period={props.period} level={props.level} subject={row.subject.id} item={item} />}
        </span>
      ),
    },
    {
      key: 'points', title: t('assessment.item.points'), width: 90, align: 'right',
      render: (_, item) => <span className={`mono ${item.points < 0 ? 'alert-value' : ''}`} data-testid={`item-${item.indicator}`}>{points(item.points)}{item.maxPoints !== null && item.kind !== 'deduction' ? <span className="muted"> / {item.maxPoints}</span> : null}</span>,
    },
    ...(props.compact ? [] : [{ key: 'basis', title: t('assessment.item.basis'), render: (_: unknown, item: ScoreItem) => <MeasuresLine item={item} /> }]),
  ];
  return (
    <div className="scorecard" data-testid="scorecard">
      <div className="scorecard-head">
        <div>
          <div className="scorecard-total" data-testid="scorecard-total">{points(row.total)}</div>
          <div className="muted">{t('assessment.total')}</div>
        </div>
        <div>
          <div className="scorecard-rank">{t('assessment.rankLine', { rank: row.rank })}{row.vetoed && <Tag className="assessment-tag" color="red">{t('assessment.vetoed')}</Tag>}</div>
          {row.previousTotal !== null && row.previousRank !== null && <div className="muted">{t('assessment.previousLine', { total: points(row.previousTotal), rank: row.previousRank })}</div>}
          <div className="muted">{periodLabel(props.period, t)}</div>
        </div>
      </div>
      <Table<ScoreItem> size="small" rowKey="indicator" columns={columns} dataSource={row.items} pagination={false} className="scorecard-items"
        expandable={{
          expandRowByClick: true,
          rowExpandable: (item) => item.source.count > 0,
          expandedRowRender: (item) => (props.compact
            ? <div><MeasuresLine item={item} /><SourcesList period={props.period} level={props.level} subject={row.subject.id} item={item} language={language} /></div>
            : <SourcesList period={props.period} level={props.level} subject={row.subject.id} item={item} language={language} />),
        }} />
      <AdjustmentList period={props.period} level={props.level} subject={row.subject.id} role={props.role} ownWorker={props.ownWorker ?? false} closed={props.closed} />
    </div>
  );
}

export function ScorecardEmpty() {
  const { t } = useTranslation();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assessment.myNone')} />;
}
