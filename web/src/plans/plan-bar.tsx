import { DiffOutlined, PlusOutlined, RollbackOutlined, SendOutlined, SyncOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import type { CommunityProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import type { PlanDetail, PlanListItem, PlanStatus } from '../../../contract/plans.ts';
import { plansApi } from '../api/plans-api.ts';
import './plans.css';

const statusColours: Record<PlanStatus, string> = {
  draft: 'blue',
  scheduled: 'purple',
  published: 'green',
  discarded: 'default',
  conflicted: 'red',
};

/** 2027-01-01 08:00 in the zone's time (UTC+8), whatever the browser's zone. */
export function formatInstant(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]} variant="filled" data-testid="plan-status">{t(`plans.status.${status}`)}</Tag>;
}

export interface PlanBarProps {
  communities: Collection<CommunityProperties>;
  /** The open plan (null: the live layout). */
  plan: PlanDetail | null;
  onOpenPlan: (planId: number | null) => void;
  /** The plan changed (a step, rebase): reload it. */
  onPlanChanged: () => void;
  /** A publication changed the live layout. */
  onLiveChanged: () => void;
  onCompare: () => void;
}

/**
 * The plan switcher above the editor: live layout or one of the plans, a new plan, and the open
 * plan's state and actions — compare, new community, publish with an effective date, discard,
 * rebase when the live layout moved on, roll back a published plan.
 */
export function PlanBar({ communities, plan, onOpenPlan, onPlanChanged, onLiveChanged, onCompare }: PlanBarProps) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [plans, setPlans] = useState<PlanListItem[]>([]);
  const [listVersion, setListVersion] = useState(0);
  const [dialog, setDialog] = useState<'open' | 'publish' | 'community' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    plansApi.list(abort.signal).then((answer) => setPlans(answer.plans), () => undefined);
    return () => abort.abort();
  }, [listVersion, plan?.plan.status, plan?.step]);

  const act = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      setListVersion((version) => version + 1);
    } catch (failure) {
      setError(failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }, []);

  const selectable = plans.filter((candidate) => candidate.status !== 'discarded' || candidate.id === plan?.plan.id).slice(0, 50);
  const current = plan?.plan;
  const editable = current?.status === 'draft';

  return (
    <div className="plan-bar" data-testid="plan-bar" data-plan-status={current?.status ?? 'live'}>
      <Space.Compact block>
        <Select size="small" style={{ flex: 1, minWidth: 0 }} value={current?.id ?? 0} data-testid="plan-select"
          onChange={(value: number) => onOpenPlan(value === 0 ? null : value)}
          options={[
            { value: 0, label: t('plans.live') },
            ...selectable.map((candidate) => ({
              value: candidate.id,
              label: `${candidate.name} · ${t(`plans.status.${candidate.status}`)}${candidate.stale ? ` · ${t('plans.stale')}` : ''}`,
            })),
          ]} />
        <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('open')} data-testid="plan-new">{t('plans.open')}</Button>
      </Space.Compact>

      {current && (
        <div className="plan-state">
          <div className="plan-title">
            <strong data-testid="plan-name">{current.name}</strong> <PlanStatusTag status={current.status} />
            <span className="muted">{t('plans.steps', { count: plan!.step })}</span>
            {current.effectiveAt && current.status !== 'draft' && <span className="muted"> · {formatInstant(current.effectiveAt)}</span>}
          </div>
          {editable && <p className="planner-hint muted">{t('plans.planHint')}</p>}
          {current.statusReason && <Alert type="error" showIcon title={current.statusReasonMessage ?? current.statusReason} />}
          <Space wrap size={4}>
            <Button size="small" icon={<DiffOutlined />} onClick={onCompare} disabled={!editable && current.status !== 'scheduled'} data-testid="plan-compare">{t('plans.compare')}</Button>
            {editable && (
              <Button size="small" icon={<TeamOutlined />} onClick={() => setDialog('community')} data-testid="plan-new-community">{t('plans.newCommunity')}</Button>
            )}
            {(editable || current.status === 'conflicted') && (
              <Button size="small" type="primary" icon={<SendOutlined />} disabled={plan!.liveChanges.length > 0 || plan!.problems.length > 0}
                onClick={() => setDialog('publish')} data-testid="plan-publish">{t('plans.publish')}</Button>
            )}
            {current.status !== 'published' && current.status !== 'discarded' && (
              <Popconfirm title={t('plans.discardConfirm', { name: current.name })} okText={t('plans.discard')} cancelText={t('plans.cancel')}
                onConfirm={() => act(async () => {
                  await plansApi.discard(current.id);
                  setNotice(t('plans.discarded'));
                  onPlanChanged();
                })}>
                <Button size="small" danger disabled={busy} data-testid="plan-discard">{t('plans.discard')}</Button>
              </Popconfirm>
            )}
            {current.status === 'published' && (
              <Popconfirm title={t('plans.rollbackConfirm')} okText={t('plans.rollback')} cancelText={t('plans.cancel')}
                onConfirm={() => act(async () => {
                  const rollback = await plansApi.rollback(current.id);
                  setNotice(t('plans.rolledBack'));
                  onOpenPlan(rollback.plan.id);
                })}>
                <Button size="small" icon={<RollbackOutlined />} disabled={busy} data-testid="plan-rollback">{t('plans.rollback')}</Button>
              </Popconfirm>
            )}
            <Button size="small" type="link" onClick={() => onOpenPlan(null)} data-testid="plan-close">{t('plans.close')}</Button>
          </Space>
          {plan!.liveChanges.length > 0 && (
            <Alert type="warning" showIcon data-testid="plan-live-changes" title={t('plans.liveChangesTitle', { count: plan!.liveChanges.length })}
              description={<>{t('plans.liveChangesText')} <span className="muted">{plan!.liveChanges.slice(0, 6).map((change) => change.code.slice(-3)).join('、')}</span></>}
              action={<Button size="small" icon={<SyncOutlined />} loading={busy} onClick={() => act(async () => {
                await plansApi.rebase(current.id);
                setNotice(t('plans.rebased'));
                onPlanChanged();
              })} data-testid="plan-rebase">{t('plans.rebase')}</Button>} />
          )}
          {plan!.problems.length > 0 && (
            <Alert type="error" showIcon data-testid="plan-problems" title={t('plans.problemsTitle', { count: plan!.problems.length })}
              description={<ul className="plan-problems">{plan!.problems.slice(0, 8).map((problem, index) => <li key={index}>{problem.message}</li>)}</ul>} />
          )}
        </div>
      )}
      {notice && <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} data-testid="plan-notice" />}
      {error && <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={t('plans.failed', { message: error })} data-testid="plan-error" />}

      <OpenPlanDialog open={dialog === 'open'} communities={communities} busy={busy} onCancel={() => setDialog(null)}
        onSubmit={(values) => act(async () => {
          const opened = await plansApi.open(values);
          setDialog(null);
          onOpenPlan(opened.plan.id);
        })} />
      {plan && dialog === 'publish' && (
        <PublishDialog plan={plan} busy={busy} onCancel={() => setDialog(null)}
          onSubmit={(values) => act(async () => {
            const outcome = await plansApi.publish(plan.plan.id, values);
            setDialog(null);
            if (outcome.status === 'published') {
              setNotice(t('plans.published'));
              onLiveChanged();
            } else {
              setNotice(t('plans.scheduled', { at: formatInstant(outcome.effectiveAt) }));
            }
            onPlanChanged();
          })} />
      )}
      {plan && dialog === 'community' && (
        <NewCommunityDialog plan={plan} busy={busy} onCancel={() => setDialog(null)}
          onSubmit={(values) => act(async () => {
            const created = await plansApi.createCommunity(plan.plan.id, values);
            setDialog(null);
            setNotice(t('plans.communityCreated', { name: created.name, code: created.code }));
            onPlanChanged();
          })} />
      )}
    </div>
  );
}

function OpenPlanDialog(props: {
  open: boolean;
  communities: Collection<CommunityProperties>;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (values: { name: string; note?: string; communityIds: number[] }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; note?: string; communityIds: number[] }>();
  return (
    <Modal open={props.open} title={t('plans.openTitle')} okText={t('plans.create')} cancelText={t('plans.cancel')} confirmLoading={props.busy}
      onCancel={props.onCancel} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'plan-open-submit' } as never}>
      <Form form={form} layout="vertical" size="small" onFinish={props.onSubmit} preserve={false}>
        <Form.Item name="name" label={t('plans.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input placeholder={t('plans.namePlaceholder')} data-testid="plan-open-name" />
        </Form.Item>
        <Form.Item name="communityIds" label={t('plans.communities')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group data-testid="plan-open-communities"
            options={props.communities.features.map((feature) => ({ label: feature.properties.name, value: feature.properties.id }))} />
        </Form.Item>
        <Form.Item name="note" label={t('plans.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PublishDialog(props: {
  plan: PlanDetail;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (values: { effectiveAt?: string; note?: string }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ effectiveAt?: Dayjs | null; note?: string }>();
  return (
    <Modal open title={t('plans.publishTitle', { name: props.plan.plan.name })} okText={t('plans.publish')} cancelText={t('plans.cancel')}
      confirmLoading={props.busy} onCancel={props.onCancel} onOk={() => form.submit()} destroyOnHidden
      okButtonProps={{ 'data-testid': 'plan-publish-submit' } as never}>
      <Form form={form} layout="vertical" size="small" preserve={false}
        onFinish={(values) => props.onSubmit({ effectiveAt: values.effectiveAt ? values.effectiveAt.toISOString() : undefined, note: values.note })}>
        <Form.Item name="effectiveAt" label={t('plans.effectiveAt')} extra={t('plans.effectiveHint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('plans.effectiveNow')} style={{ width: '100%' }}
            data-testid="plan-publish-date" />
        </Form.Item>
        <Form.Item name="note" label={t('plans.publishNote')} rules={[{ max: 300 }]}>
          <Input.TextArea rows={2} data-testid="plan-publish-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NewCommunityDialog(props: {
  plan: PlanDetail;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (values: { name: string; versionIds: number[]; serviceHallAddress?: string; serviceHallHours?: string; dutyPhone?: string }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; versionIds: number[]; serviceHallAddress?: string; serviceHallHours?: string; dutyPhone?: string }>();
  const communityName = (id: number) => props.plan.communities.find((community) => community.communityId === id)?.name ?? '';
  return (
    <Modal open title={t('plans.newCommunityTitle')} okText={t('plans.create')} cancelText={t('plans.cancel')} confirmLoading={props.busy}
      onCancel={props.onCancel} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'plan-community-submit' } as never}>
      <Form form={form} layout="vertical" size="small" onFinish={props.onSubmit} preserve={false}>
        <Form.Item name="name" label={t('plans.newCommunityName')} rules={[{ required: true, whitespace: true, min: 2, max: 50 }]}>
          <Input data-testid="plan-community-name" />
        </Form.Item>
        <Form.Item name="versionIds" label={t('plans.newCommunityGrids')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" data-testid="plan-community-grids"
            options={props.plan.grids.map((grid) => ({ value: grid.versionId!, label: `${grid.code.slice(-3)} ${grid.name}（${communityName(grid.communityId)}，${grid.households} 户）` }))} />
        </Form.Item>
        <Form.Item name="serviceHallAddress" label={t('plans.serviceHallAddress')} rules={[{ max: 200 }]}><Input /></Form.Item>
        <Form.Item name="serviceHallHours" label={t('plans.serviceHallHours')} rules={[{ max: 100 }]}><Input /></Form.Item>
        <Form.Item name="dutyPhone" label={t('plans.dutyPhone')} rules={[{ pattern: /^[0-9+\-() ]{5,20}$/ }]}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
