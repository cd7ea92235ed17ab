import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, List, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Emergency, EmergencyPlan, EmergencyTeam, EmergencyWarning } from '../../../contract/emergency.ts';
import type { GridFeature } from '../../../contract/territory.ts';
import { emergencyApi, emergencyKeys, type ActivationRequest } from '../api/emergency-api.ts';
import { describeError, http } from '../api/http-client.ts';
import type { ViewProps } from '../app/route-table.ts';
import { formatDateTime } from '../panels/format.ts';
import './emergency.css';

/**
 * The command centre's emergency view (issue 20, 第6篇): plans and their coverage, activation of a
 * plan with the affected circle (vulnerable residents first, nearest equipment, who is on duty,
 * the event log, hand-overs to 110/119/120), the teams and duty rooms, and warnings.
 */
export default function EmergencyPage(_props: ViewProps) {
  const { t } = useTranslation();
  return (
    <main className="app-body emergency-page" data-testid="emergency-page">
      <h1>{t('emergency.title')} <Tag>{t('emergency.demoNote')}</Tag></h1>
      <Tabs
        defaultActiveKey="activation"
        items={[
          { key: 'activation', label: t('emergency.tabs.activation'), children: <ActivationPanel /> },
          { key: 'plans', label: t('emergency.tabs.plans'), children: <PlansPanel /> },
          { key: 'teams', label: t('emergency.tabs.teams'), children: <TeamsPanel /> },
          { key: 'warnings', label: t('emergency.tabs.warnings'), children: <WarningsPanel /> },
        ]}
      />
    </main>
  );
}

function usePlans() {
  return useQuery({ queryKey: emergencyKeys.plans, queryFn: ({ signal }) => emergencyApi.plans(signal) });
}

function PlansPanel() {
  const { t } = useTranslation();
  const plans = usePlans();
  const coverage = useQuery({ queryKey: emergencyKeys.coverage, queryFn: ({ signal }) => emergencyApi.coverage(signal) });
  return (
    <div className="emergency-grid">
      <Card size="small" title={t('emergency.tabs.plans')}>
        <Table<EmergencyPlan>
          size="small" rowKey="id" pagination={{ pageSize: 12 }} loading={plans.isLoading} dataSource={plans.data?.plans ?? []} data-testid="emergency-plans"
          columns={[
            { title: t('emergency.plans.title'), dataIndex: 'title' },
            { title: t('emergency.plans.level'), dataIndex: 'level', render: (level: EmergencyPlan['level']) => t(`emergency.level.${level}`) },
            { title: t('emergency.plans.covers'), dataIndex: 'coversRiskSourceIds', render: (ids: number[]) => ids.length },
            {
              title: t('emergency.plans.reviewDue'), dataIndex: 'reviewDue',
              render: (day: string, plan) => <span>{day} {plan.reviewOverdue && <Tag color="red">{t('emergency.plans.reviewOverdue')}</Tag>}</span>,
            },
            {
              title: t('emergency.plans.lastDrill'), dataIndex: 'lastDrillOn',
              render: (day: string | null, plan) => <span>{day ?? t('emergency.plans.never')} {plan.drillOverdue && <Tag color="orange">{t('emergency.plans.drillOverdue')}</Tag>}</span>,
            },
            { title: t('emergency.plans.version'), dataIndex: 'version', width: 64 },
          ]}
        />
      </Card>
      <Card size="small" title={t('emergency.coverage.title')} data-testid="emergency-coverage">
        <h4>{t('emergency.coverage.uncovered')}</h4>
        <List size="small" dataSource={coverage.data?.uncoveredRiskSources ?? []} locale={{ emptyText: t('emergency.coverage.none') }}
          renderItem={(source) => <List.Item><Tag color={source.level === 1 ? 'red' : 'orange'}>{t(`emergency.coverage.riskLevel.${source.level}`)}</Tag>{source.name}</List.Item>} />
        <h4>{t('emergency.coverage.reviewOverdue')}</h4>
        <List size="small" dataSource={coverage.data?.reviewOverdue ?? []} locale={{ emptyText: t('emergency.coverage.none') }}
          renderItem={(plan) => <List.Item>{plan.title} <span className="muted">{plan.reviewDue}</span></List.Item>} />
        <h4>{t('emergency.coverage.noDrill', { months: coverage.data?.drillPeriodMonths ?? 12 })}</h4>
        <List size="small" dataSource={coverage.data?.withoutRecentDrill ?? []} locale={{ emptyText: t('emergency.coverage.none') }}
          renderItem={(plan) => <List.Item>{plan.title} <span className="muted">{plan.lastDrillOn ?? t('emergency.plans.never')}</span></List.Item>} />
      </Card>
    </div>
  );
}

interface ActivationForm {
  planId?: number;
  source: 'incident' | 'point';
  incidentId?: number;
  longitude?: number;
  latitude?: number;
  responseLevel: ActivationRequest['responseLevel'];
  radiusMetres: number;
  note?: string;
}

function ActivationPanel() {
  const { t } = useTranslation();
  const plans = usePlans();
  const [form] = Form.useForm<ActivationForm>();
  const source = Form.useWatch('source', form) ?? 'point';
  const [emergency, setEmergency] = useState<Emergency | null>(null);
  const activate = useMutation({
    mutationFn: (values: ActivationForm) => emergencyApi.activate({
      responseLevel: values.responseLevel, radiusMetres: values.radiusMetres,
      ...(values.planId ? { planId: values.planId } : {}),
      ...(values.source === 'incident' && values.incidentId ? { incidentId: values.incidentId } : {}),
      ...(values.source === 'point' && values.longitude !== undefined && values.latitude !== undefined ? { point: [values.longitude, values.latitude] as [number, number] } : {}),
      ...(values.note ? { note: values.note } : {}),
    }),
    onSuccess: setEmergency,
  });
  return (
    <div className="emergency-grid">
      <Card size="small" title={t('emergency.tabs.activation')}>
        <Form<ActivationForm> form={form} layout="vertical" size="small" data-testid="activation-form"
          initialValues={{ source: 'point', responseLevel: 'IV', radiusMetres: 300, longitude: 117.2386, latitude: 31.8735 }}
          onFinish={(values) => activate.mutate(values)}>
          <Form.Item name="planId" label={t('emergency.activation.plan')}>
            <Select allowClear placeholder={t('emergency.activation.autoPlan')} data-testid="activation-plan"
              options={(plans.data?.plans ?? []).filter((plan) => plan.status === 'current').map((plan) => ({ value: plan.id, label: plan.title }))} />
          </Form.Item>
          <Form.Item name="source" label={t('emergency.activation.source')}>
            <Radio.Group options={[{ value: 'point', label: t('emergency.activation.fromPoint') }, { value: 'incident', label: t('emergency.activation.fromIncident') }]} />
          </Form.Item>
          {source === 'incident' ? (
            <Form.Item name="incidentId" label={t('emergency.activation.incidentId')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          ) : (
            <Space>
              <Form.Item name="longitude" label={t('emergency.activation.longitude')} rules={[{ required: true }]}><InputNumber step={0.0001} data-testid="activation-lng" /></Form.Item>
              <Form.Item name="latitude" label={t('emergency.activation.latitude')} rules={[{ required: true }]}><InputNumber step={0.0001} data-testid="activation-lat" /></Form.Item>
            </Space>
          )}
          <Space>
            <Form.Item name="responseLevel" label={t('emergency.activation.responseLevel')}>
              <Select style={{ width: 96 }} options={(['IV', 'III', 'II', 'I'] as const).map((level) => ({ value: level, label: level }))} />
            </Form.Item>
            <Form.Item name="radiusMetres" label={t('emergency.activation.radius')}><InputNumber min={10} max={5000} step={50} /></Form.Item>
          </Space>
          <Form.Item name="note" label={t('emergency.activation.note')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Button type="primary" danger htmlType="submit" loading={activate.isPending} data-testid="activation-submit">{t('emergency.activation.activate')}</Button>
          {activate.error && <Alert type="error" showIcon title={describeError(activate.error)} style={{ marginTop: 8 }} />}
        </Form>
      </Card>
      {emergency ? <EmergencyDetail emergency={emergency} onChange={setEmergency} /> : <Card size="small"><Empty /></Card>}
    </div>
  );
}

/** The circle drawn to scale: the event in the middle, the vulnerable households red, equipment green (grey when expired). */
function AffectedCircle({ emergency }: { emergency: Emergency }) {
  const { t } = useTranslation();
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLng = metresPerDegreeLat * Math.cos((emergency.latitude * Math.PI) / 180);
  const reach = Math.max(emergency.radiusMetres, ...emergency.nearestEquipment.map((item) => item.distanceMetres)) * 1.1;
  const place = (lng: number, lat: number) => ({
    x: 100 + (((lng - emergency.longitude) * metresPerDegreeLng) / reach) * 100,
    y: 100 - (((lat - emergency.latitude) * metresPerDegreeLat) / reach) * 100,
  });
  return (
    <svg viewBox="0 0 200 200" className="emergency-circle" role="img" aria-label={t('emergency.activation.circle')} data-testid="affected-circle">
      <circle cx={100} cy={100} r={(emergency.radiusMetres / reach) * 100} fill="rgba(224,49,49,0.08)" stroke="#e03131" strokeDasharray="4 3" />
      {emergency.nearestEquipment.map((item) => {
        const { x, y } = place(item.longitude, item.latitude);
        return <rect key={`e${item.id}`} x={x - 3} y={y - 3} width={6} height={6} fill={item.expired ? '#adb5bd' : '#2f9e44'} />;
      })}
      {emergency.vulnerableResidents.map((resident) => {
        const { x, y } = place(resident.longitude, resident.latitude);
        return <circle key={`h${resident.householdId}`} cx={x} cy={y} r={3} fill="#e03131" />;
      })}
      <path d="M100 92 L106 104 L94 104 Z" fill="#c92a2a" />
      <text x={4} y={196} fontSize={9} fill="#666">{t('emergency.activation.metres', { count: emergency.radiusMetres })}</text>
    </svg>
  );
}

function EmergencyDetail({ emergency, onChange }: { emergency: Emergency; onChange: (next: Emergency) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [reference, setReference] = useState('');
  const [review, setReview] = useState('');
  const act = useMutation({ mutationFn: (run: () => Promise<Emergency>) => run(), onSuccess: onChange });
  const active = emergency.status === 'active';
  return (
    <Card size="small" data-testid="emergency-detail"
      title={<span>{t('emergency.activation.activated', { plan: emergency.planTitle ?? t('emergency.activation.noPlan') })} <Tag color="red">{emergency.responseLevel}</Tag>{!active && <Tag>{t('emergency.activation.closed')}</Tag>}</span>}>
      <div className="emergency-figures" data-testid="affected-figures">
        <div className="emergency-figure"><span className="muted">{t('emergency.activation.households')}</span><b>{emergency.affectedHouseholds.households}</b></div>
        <div className="emergency-figure"><span className="muted">{t('emergency.activation.residents')}</span><b>{emergency.affectedHouseholds.residents}</b></div>
        <div className="emergency-figure"><span className="muted">{t('emergency.activation.elderlyAlone')}</span><b>{emergency.affectedHouseholds.elderlyAlone}</b></div>
        <div className="emergency-figure"><span className="muted">{t('emergency.activation.disability')}</span><b>{emergency.affectedHouseholds.disability}</b></div>
      </div>
      <AffectedCircle emergency={emergency} />
      <h4>{t('emergency.activation.vulnerable')}</h4>
      <List size="small" data-testid="vulnerable-list" dataSource={emergency.vulnerableResidents.slice(0, 30)} locale={{ emptyText: t('emergency.coverage.none') }}
        renderItem={(resident) => (
          <List.Item>
            <span>{resident.address} · {resident.headName}</span>
            <span>
              {resident.elderlyAlone && <Tag color="volcano">{t('emergency.activation.elderlyAlone')}</Tag>}
              {resident.disability && <Tag color="purple">{t('emergency.activation.disability')}</Tag>}
              <span className="muted">{t('emergency.activation.metres', { count: Math.round(resident.distanceMetres) })}</span>
            </span>
          </List.Item>
        )} />
      <h4>{t('emergency.activation.equipment')}</h4>
      <List size="small" dataSource={emergency.nearestEquipment} locale={{ emptyText: t('emergency.coverage.none') }}
        renderItem={(item) => (
          <List.Item>
            <span>{item.name} ×{item.quantity}</span>
            <span>
              {item.expired ? <Tag className="emergency-expired" color="red">{t('emergency.activation.expired')}</Tag> : <Tag color="green">{t('emergency.activation.usable')}</Tag>}
              <span className="muted">{t('emergency.activation.metres', { count: Math.round(item.distanceMetres) })}</span>
            </span>
          </List.Item>
        )} />
      <h4>{t('emergency.activation.onDuty')}</h4>
      <List size="small" dataSource={emergency.onDuty} locale={{ emptyText: t('emergency.activation.nobodyOnDuty') }}
        renderItem={(row) => <List.Item>{row.teamName} · {row.memberName} ({row.duty}) <span className="mono">{row.phone}</span></List.Item>} />
      {emergency.shelters.length > 0 && (
        <>
          <h4>{t('emergency.activation.shelters')}</h4>
          <List size="small" dataSource={emergency.shelters} renderItem={(shelter) => <List.Item>{shelter.name}</List.Item>} />
        </>
      )}
      <h4>{t('emergency.activation.log')}</h4>
      <List size="small" data-testid="emergency-log" dataSource={emergency.log}
        renderItem={(entry) => (
          <List.Item>
            <span className="mono">{formatDateTime(entry.at)}</span> {t(`emergency.activation.logKind.${entry.kind}`)}
            {entry.actorLabel && entry.actorLabel !== 'system' ? ` · ${entry.actorLabel}` : ''} {entry.note ?? ''}
          </List.Item>
        )} />
      {emergency.handovers.length > 0 && (
        <List size="small" dataSource={emergency.handovers}
          renderItem={(handover) => (
            <List.Item>{handover.platform} · {handover.channel === 'phone' ? t('emergency.activation.byPhone') : t('emergency.activation.byWebhook')} · {handover.reference ?? '—'} · {t(`emergency.activation.delivery.${handover.delivery}`)}</List.Item>
          )} />
      )}
      {active && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('emergency.activation.note')} />
            <Button disabled={!note.trim()} onClick={() => act.mutate(() => emergencyApi.note(emergency.id, note.trim()))}>{t('emergency.activation.addNote')}</Button>
          </Space.Compact>
          <Space wrap>
            <Input style={{ width: 140 }} value={reference} onChange={(event) => setReference(event.target.value)} placeholder={t('emergency.activation.reference')} />
            {(['110', '119', '120'] as const).map((platform) => (
              <Button key={platform} onClick={() => act.mutate(() => emergencyApi.handOver(emergency.id, platform, 'phone', reference.trim() || undefined))}>
                {t('emergency.activation.handover')} {platform}
              </Button>
            ))}
            <Button onClick={() => act.mutate(() => emergencyApi.handOver(emergency.id, '119', 'webhook'))}>{t('emergency.activation.byWebhook')} 119</Button>
          </Space>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={review} onChange={(event) => setReview(event.target.value)} placeholder={t('emergency.activation.review')} />
            <Button danger disabled={!review.trim()} onClick={() => act.mutate(() => emergencyApi.close(emergency.id, review.trim()))}>{t('emergency.activation.close')}</Button>
          </Space.Compact>
          {act.error && <Alert type="error" showIcon title={describeError(act.error)} />}
        </Space>
      )}
    </Card>
  );
}

function TeamsPanel() {
  const { t } = useTranslation();
  const teams = useQuery({ queryKey: emergencyKeys.teams, queryFn: ({ signal }) => emergencyApi.teams(signal), refetchInterval: 60_000 });
  return (
    <div className="emergency-grid" data-testid="emergency-teams">
      {(teams.data?.teams ?? []).map((team: EmergencyTeam) => (
        <Card key={team.id} size="small" title={<span>{team.name} <Tag>{t(`emergency.teams.kind.${team.kind}`)}</Tag></span>} extra={<span className="mono">{team.phone}</span>}>
          {team.onDutyNow.length > 0 && (
            <div>
              <b>{t('emergency.teams.onDutyNow')}：</b>
              {team.onDutyNow.map((row) => `${row.memberName} ${row.phone ?? ''}（${t('emergency.teams.until', { time: formatDateTime(row.until).slice(5) })}）`).join('；')}
            </div>
          )}
          <div className="muted small">
            {t('emergency.teams.members')}：{team.members.map((member) => `${member.name}${member.duty ? `（${member.duty}）` : ''}${member.isResident ? ' ★' : ''}`).join('、')}
          </div>
        </Card>
      ))}
    </div>
  );
}

interface WarningForm {
  level: EmergencyWarning['level'];
  headline: string;
  body: string;
  gridIds: number[];
  hours: number;
}

function WarningsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const warnings = useQuery({ queryKey: emergencyKeys.warnings, queryFn: ({ signal }) => emergencyApi.warnings(signal) });
  const grids = useQuery({ queryKey: ['emergency', 'grids'], queryFn: ({ signal }) => http.get<{ features: GridFeature[] }>('/api/grids', { signal }) });
  const [form] = Form.useForm<WarningForm>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: emergencyKeys.all });
  const publish = useMutation({
    mutationFn: (values: WarningForm) => emergencyApi.publishWarning({
      level: values.level, headline: values.headline, body: values.body, gridIds: values.gridIds,
      validTo: new Date(Date.now() + values.hours * 3_600_000).toISOString(),
    }),
    onSuccess: () => { form.resetFields(); void refresh(); },
  });
  const cancel = useMutation({ mutationFn: emergencyApi.cancelWarning, onSuccess: () => void refresh() });
  return (
    <div className="emergency-grid">
      <Card size="small" title={t('emergency.warnings.inForce')} data-testid="emergency-warnings">
        <List size="small" dataSource={warnings.data?.warnings ?? []} locale={{ emptyText: t('emergency.warnings.none') }}
          renderItem={(warning) => (
            <List.Item actions={[<Button key="cancel" size="small" onClick={() => cancel.mutate(warning.id)}>{t('emergency.warnings.cancel')}</Button>]}>
              <List.Item.Meta
                title={<span><span className={`warning-dot warning-dot-${warning.level}`} />{warning.headline}</span>}
                description={`${t('emergency.warnings.validUntil', { time: formatDateTime(warning.validTo) })} · ${t('emergency.warnings.acknowledged', { count: warning.acknowledgedCount })}`} />
            </List.Item>
          )} />
      </Card>
      <Card size="small" title={t('emergency.warnings.publish')}>
        <Form<WarningForm> form={form} layout="vertical" size="small" initialValues={{ level: 'yellow', hours: 24, gridIds: [] }} onFinish={(values) => publish.mutate(values)}>
          <Form.Item name="level" label={t('emergency.tabs.warnings')}>
            <Radio.Group options={(['blue', 'yellow', 'orange', 'red'] as const).map((level) => ({ value: level, label: t(`emergency.warnings.level.${level}`) }))} />
          </Form.Item>
          <Form.Item name="headline" label={t('emergency.warnings.headline')} rules={[{ required: true, max: 200 }]}><Input /></Form.Item>
          <Form.Item name="body" label={t('emergency.warnings.body')} rules={[{ required: true, max: 4000 }]}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="gridIds" label={t('emergency.warnings.grids')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" optionFilterProp="label"
              options={(grids.data?.features ?? []).map((grid) => ({ value: grid.properties.id, label: `${grid.properties.communityName} ${grid.properties.name}` }))} />
          </Form.Item>
          <Form.Item name="hours" label={t('emergency.warnings.validTo')}>
            <InputNumber min={1} max={720} addonAfter={t('emergency.warnings.hoursUnit')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>{t('emergency.warnings.publish')}</Button>
          {publish.error && <Alert type="error" showIcon title={describeError(publish.error)} style={{ marginTop: 8 }} />}
          {publish.isSuccess && <Alert type="success" showIcon title={t('emergency.warnings.published')} style={{ marginTop: 8 }} />}
        </Form>
      </Card>
    </div>
  );
}

