import { AimOutlined, ArrowLeftOutlined, EditOutlined, PlusOutlined, WarningFilled } from '@ant-design/icons';
import { Button, DatePicker, Empty, Form, Input, InputNumber, Select, Spin, Tag, message } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskSourcePage, RiskSourceProperties } from '../../../contract/risks.ts';
import { analyticsApi, type RiskSourceInput } from '../api/analytics-api.ts';
import { riskLevelColour, riskLevels } from '../map/map-palette.ts';
import { formatDate, formatDateTime } from '../panels/format.ts';
import { statusColour } from '../panels/incident-detail.tsx';

const kinds = ['gas_station', 'lpg_user', 'construction_site', 'market', 'school', 'old_building', 'chemical_store', 'flood_prone'] as const;

/** A row of the register (the list's properties) and the risk source being edited (its page: owner fields included). */
type ListedRiskSource = GeoJSON.Feature<GeoJSON.Geometry, RiskSourceProperties>;
type Mode = { kind: 'list' } | { kind: 'page'; id: number } | { kind: 'edit'; feature: RiskSourcePage | null };

function pointOf(geometry: GeoJSON.Geometry | null | undefined): [number, number] | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  const first = JSON.stringify(geometry).match(/\[(-?\d+\.?\d*),(-?\d+\.?\d*)\]/);
  return first ? [Number(first[1]), Number(first[2])] : null;
}

export function RiskRegister(props: {
  mayEdit: boolean;
  /** Ask the map for a click; the answer arrives through `pickedLocation`. */
  onPickLocation: (active: boolean) => void;
  pickedLocation: [number, number] | null;
  onFocus: (position: [number, number]) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [features, setFeatures] = useState<ListedRiskSource[] | null>(null);
  const [levelFilter, setLevelFilter] = useState<number | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);

  const load = useCallback(() => {
    analyticsApi.riskSources().then((collection) => setFeatures(collection.features), () => setFeatures([]));
  }, []);
  useEffect(load, [load]);

  if (mode.kind === 'page') return <RiskSourcePageView id={mode.id} onBack={() => setMode({ kind: 'list' })} onFocus={props.onFocus} mayEdit={props.mayEdit} onEdit={(feature) => setMode({ kind: 'edit', feature })} />;
  if (mode.kind === 'edit') {
    return (
      <RiskSourceForm
        feature={mode.feature}
        onPickLocation={props.onPickLocation}
        pickedLocation={props.pickedLocation}
        onDone={(saved) => {
          props.onPickLocation(false);
          if (saved) {
            load();
            props.onChanged();
          }
          setMode(saved && mode.feature ? { kind: 'page', id: mode.feature.properties.id } : { kind: 'list' });
        }}
      />
    );
  }

  const shown = (features ?? []).filter((feature) => (levelFilter === null || feature.properties.level === levelFilter) && (!overdueOnly || feature.properties.inspectionOverdue))
    .sort((a, b) => a.properties.level - b.properties.level || Number(b.properties.inspectionOverdue) - Number(a.properties.inspectionOverdue));
  const overdueCount = (features ?? []).filter((feature) => feature.properties.inspectionOverdue).length;
  return (
    <div className="risk-register" data-testid="risk-register">
      <div className="control-row">
        <Select<number | null>
          size="small"
          value={levelFilter}
          onChange={setLevelFilter}
          options={[{ value: null, label: t('command.risk.allLevels') }, ...riskLevels.map((level) => ({ value: level, label: t(`riskLevel.${level}`) }))]}
          style={{ width: 96 }}
        />
        <Button size="small" type={overdueOnly ? 'primary' : 'default'} danger={overdueOnly} onClick={() => setOverdueOnly(!overdueOnly)}>
          {t('command.risk.overdueOnly', { count: overdueCount })}
        </Button>
        <span className="spacer" />
        {props.mayEdit && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setMode({ kind: 'edit', feature: null })}>
            {t('command.risk.create')}
          </Button>
        )}
      </div>
      {features === null ? <Spin /> : shown.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
        <ul className="risk-list">
          {shown.map((feature) => {
            const risk = feature.properties;
            return (
              <li key={risk.id} className="risk-item clickable" onClick={() => setMode({ kind: 'page', id: risk.id })}>
                <span className="risk-level" style={{ background: riskLevelColour(risk.level) }}>{t(`riskLevel.${risk.level}`)}</span>
                <span className="risk-main">
                  <span className="risk-name">{risk.name}</span>
                  <span className="muted">{t(`riskKind.${risk.kind}`)} · {t('command.risk.lastInspected')} {formatDate(risk.lastInspectedOn)}</span>
                </span>
                {risk.inspectionOverdue && <Tag color="error" icon={<WarningFilled />}>{t('command.risk.inspectionOverdue')}</Tag>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function RiskSourcePageView(props: { id: number; onBack: () => void; onFocus: (position: [number, number]) => void; mayEdit: boolean; onEdit: (feature: RiskSourcePage) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState<RiskSourcePage | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    analyticsApi.riskSource(props.id, abort.signal).then((answer) => {
      setPage(answer);
      const position = pointOf(answer.geometry);
      if (position) props.onFocus(position);
    }, () => undefined);
    return () => abort.abort();
  }, [props.id]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!page) return <Spin />;
  const risk = page.properties;
  return (
    <div className="risk-page" data-testid="risk-page">
      <div className="control-row">
        <Button size="small" type="text" icon={<ArrowLeftOutlined />} onClick={props.onBack}>{t('command.risk.back')}</Button>
        <span className="spacer" />
        {props.mayEdit && <Button size="small" icon={<EditOutlined />} onClick={() => props.onEdit(page)}>{t('command.risk.edit')}</Button>}
      </div>
      <h3 className="risk-title"><span className="risk-level" style={{ background: riskLevelColour(risk.level) }}>{t(`riskLevel.${risk.level}`)}</span> {risk.name}</h3>
      <dl className="facts">
        <dt>{t('command.risk.kind')}</dt><dd>{t(`riskKind.${risk.kind}`)}</dd>
        <dt>{t('command.risk.owner')}</dt><dd>{risk.ownerName ?? '—'} {risk.ownerPhone ? <span className="mono">{risk.ownerPhone}</span> : null}</dd>
        <dt>{t('command.risk.cycle')}</dt><dd>{risk.inspectionCycleDays ? t('command.risk.everyDays', { days: risk.inspectionCycleDays }) : '—'}</dd>
        <dt>{t('command.risk.lastInspected')}</dt>
        <dd>{formatDate(risk.lastInspectedOn)} {risk.inspectionOverdue && <Tag color="error">{t('command.risk.inspectionOverdue')}</Tag>}</dd>
        <dt>{t('command.risk.plan')}</dt><dd className="plan-text">{risk.emergencyPlan ?? '—'}</dd>
      </dl>
      <h3 className="detail-section">{t('command.risk.nearby', { radius: page.nearbyIncidents.radiusMetres, count: page.nearbyIncidents.count })}</h3>
      <ul className="live-list">
        {page.nearbyIncidents.incidents.slice(0, 30).map((incident) => (
          <li key={incident.id} className="live-item">
            <span className="live-main">
              <span className="live-name">{incident.categoryNameZh}</span>
              <span className="live-meta mono">{incident.trackingCode} · {formatDateTime(incident.reportedAt).slice(5)} · {Math.round(incident.distanceMetres)} m</span>
            </span>
            <Tag color={statusColour(incident.status)} variant="filled">{t(`status.${incident.status}`)}</Tag>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FormValues {
  name: string;
  kind: string;
  level: number;
  ownerName?: string;
  ownerPhone?: string;
  inspectionCycleDays?: number;
  lastInspectedOn?: dayjs.Dayjs;
  emergencyPlan?: string;
}

function RiskSourceForm(props: {
  feature: RiskSourcePage | null;
  onPickLocation: (active: boolean) => void;
  pickedLocation: [number, number] | null;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [picking, setPicking] = useState(false);
  const existing = props.feature?.properties;
  const location = props.pickedLocation ?? pointOf(props.feature?.geometry);
  useEffect(() => {
    if (props.pickedLocation) setPicking(false);
  }, [props.pickedLocation]);

  const submit = async (values: FormValues) => {
    const geometry: GeoJSON.Point | GeoJSON.Geometry | undefined = props.pickedLocation
      ? { type: 'Point', coordinates: props.pickedLocation }
      : props.feature?.geometry;
    if (!geometry) {
      void message.warning(t('command.risk.locationRequired'));
      return;
    }
    const input: RiskSourceInput = {
      name: values.name,
      kind: values.kind,
      level: values.level,
      ownerName: values.ownerName || null,
      ownerPhone: values.ownerPhone || null,
      inspectionCycleDays: values.inspectionCycleDays ?? null,
      lastInspectedOn: values.lastInspectedOn ? values.lastInspectedOn.format('YYYY-MM-DD') : null,
      emergencyPlan: values.emergencyPlan || null,
      geometry: geometry as RiskSourceInput['geometry'],
    };
    setSaving(true);
    try {
      if (props.feature) {
        const changed: Partial<RiskSourceInput> = { ...input };
        if (!props.pickedLocation) delete changed.geometry;
        // a masked contact shown to us must not be written back
        if (existing?.ownerPhone?.includes('*') && changed.ownerPhone === existing.ownerPhone) delete changed.ownerPhone;
        if (existing?.ownerName?.includes('*') && changed.ownerName === existing.ownerName) delete changed.ownerName;
        await analyticsApi.updateRiskSource(props.feature.properties.id, changed);
      } else {
        await analyticsApi.createRiskSource(input);
      }
      void message.success(t('command.risk.saved'));
      props.onDone(true);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      size="small"
      className="risk-form"
      onFinish={(values) => void submit(values)}
      initialValues={existing ? {
        name: existing.name, kind: existing.kind, level: existing.level, ownerName: existing.ownerName ?? undefined, ownerPhone: existing.ownerPhone ?? undefined,
        inspectionCycleDays: existing.inspectionCycleDays ?? undefined, lastInspectedOn: existing.lastInspectedOn ? dayjs(existing.lastInspectedOn) : undefined,
        emergencyPlan: existing.emergencyPlan ?? undefined,
      } : { level: 3, kind: 'market', inspectionCycleDays: 30 }}
    >
      <h3 className="detail-section">{existing ? t('command.risk.editTitle', { name: existing.name }) : t('command.risk.createTitle')}</h3>
      <Form.Item name="name" label={t('command.risk.name')} rules={[{ required: true, message: t('session.required') }]}><Input maxLength={200} /></Form.Item>
      <div className="form-pair">
        <Form.Item name="level" label={t('command.risk.level')} rules={[{ required: true }]}>
          <Select options={riskLevels.map((level) => ({ value: level, label: <span><span className="swatch" style={{ background: riskLevelColour(level) }} /> {t(`riskLevel.${level}`)}</span> }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('command.risk.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((kind) => ({ value: kind, label: t(`riskKind.${kind}`) }))} />
        </Form.Item>
      </div>
      <div className="form-pair">
        <Form.Item name="ownerName" label={t('command.risk.owner')}><Input maxLength={100} /></Form.Item>
        <Form.Item name="ownerPhone" label={t('command.risk.phone')}><Input maxLength={20} /></Form.Item>
      </div>
      <div className="form-pair">
        <Form.Item name="inspectionCycleDays" label={t('command.risk.cycleDays')}><InputNumber min={1} max={3650} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="lastInspectedOn" label={t('command.risk.lastInspected')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </div>
      <Form.Item name="emergencyPlan" label={t('command.risk.plan')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
      <Form.Item label={t('command.risk.location')} required>
        <div className="control-row">
          <Button icon={<AimOutlined />} type={picking ? 'primary' : 'default'} onClick={() => {
            setPicking(!picking);
            props.onPickLocation(!picking);
          }}>
            {picking ? t('command.risk.clickMap') : t('command.risk.pickOnMap')}
          </Button>
          <span className="mono muted">{location ? `${location[0].toFixed(5)}, ${location[1].toFixed(5)}` : t('command.risk.noLocation')}</span>
        </div>
      </Form.Item>
      <div className="control-row">
        <Button type="primary" htmlType="submit" loading={saving}>{t('command.risk.save')}</Button>
        <Button onClick={() => props.onDone(false)}>{t('command.risk.cancel')}</Button>
      </div>
    </Form>
  );
}
