import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Modal, Pagination, Spin, Tag, Tooltip, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Household, PersonalField } from '../../../contract/households.ts';
import { casesApi, describeError } from '../api/cases-api.ts';

const pageSize = 20;
const fieldOfColumn: Record<PersonalField, 'headName' | 'headPhone' | 'headIdNumber'> = { name: 'headName', phone: 'headPhone', idNumber: 'headIdNumber' };

/**
 * The households of the worker's grid, personal fields masked by the server. Revealing one field
 * asks why and says that it is recorded: the server writes an audit row for every reveal.
 */
export function MyHouseholds(props: { gridId: number | null }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [households, setHouseholds] = useState<Household[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<{ household: Household; field: PersonalField } | null>(null);
  const [reason, setReason] = useState('');
  const [revealError, setRevealError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    setHouseholds(null);
    casesApi.households({ ...(props.gridId ? { gridId: props.gridId } : {}), limit: pageSize, offset: (page - 1) * pageSize }, abort.signal).then(
      (answer) => { setHouseholds(answer.households); setTotal(answer.total); setError(null); },
      (failure: unknown) => { if (!abort.signal.aborted) setError(describeError(failure)); },
    );
    return () => abort.abort();
  }, [page, props.gridId]);

  const reveal = async () => {
    if (!revealing) return;
    setBusy(true);
    setRevealError(null);
    try {
      const shown = await casesApi.revealHousehold(revealing.household.id, [revealing.field], reason.trim());
      const column = fieldOfColumn[revealing.field];
      setHouseholds((current) => current?.map((item) => (item.id === shown.id
        ? { ...item, [column]: shown[column], masked: item.masked.filter((field) => field !== revealing.field) }
        : item)) ?? null);
      setRevealing(null);
      setReason('');
    } catch (failure) {
      setRevealError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const field = (household: Household, name: PersonalField) => {
    const value = household[fieldOfColumn[name]];
    if (!value) return <span className="muted">—</span>;
    const masked = household.masked.includes(name);
    return (
      <span className="personal-field" data-field={name} data-masked={masked}>
        <span className={name === 'name' ? '' : 'mono'}>{value}</span>
        {masked && (
          <Tooltip title={t('worker.reveal')}>
            <Button type="link" size="small" icon={<EyeOutlined />} className="reveal-button" aria-label={t('worker.reveal')}
              data-testid={`reveal-${name}-${household.id}`} onClick={() => { setRevealing({ household, field: name }); setRevealError(null); }} />
          </Tooltip>
        )}
      </span>
    );
  };

  return (
    <div className="my-households" data-testid="my-households">
      <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} className="privacy-note" title={t('worker.privacyNote')} />
      {error && <Alert type="error" showIcon title={t('worker.householdsFailed')} description={error} />}
      <div className="list-header muted">{t('worker.householdTotal', { count: total })}</div>
      {households === null && <div className="panel-loading"><Spin /></div>}
      {households?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      <ul className="plain-list household-list">
        {(households ?? []).map((household) => (
          <li key={household.id} className="household-item" data-testid={`household-${household.id}`}>
            <div className="household-main">
              <div className="household-address">
                {household.complexName} {household.buildingNumber ? t('worker.building', { number: household.buildingNumber }) : ''}
                {household.unit ? t('worker.unit', { unit: household.unit }) : ''}{household.room ? t('worker.room', { room: household.room }) : ''}
              </div>
              <div className="household-people">
                {field(household, 'name')}
                {field(household, 'phone')}
              </div>
              <div className="household-id">{field(household, 'idNumber')}</div>
              <div className="household-tags">
                <Tag>{t('worker.residents', { count: household.residentCount })}</Tag>
                {household.floatingCount > 0 && <Tag color="blue">{t('worker.floating', { count: household.floatingCount })}</Tag>}
                {household.registeredElsewhere && <Tag color="purple">{t('worker.registeredElsewhere')}</Tag>}
                {household.elderlyAlone && <Tag color="orange">{t('worker.elderlyAlone')}</Tag>}
                {household.disability && <Tag color="orange">{t('worker.disability')}</Tag>}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {total > pageSize && <Pagination size="small" simple current={page} pageSize={pageSize} total={total} onChange={setPage} className="household-pages" />}
      <Modal open={revealing !== null} title={t('worker.revealTitle', { field: revealing ? t(`worker.field.${revealing.field}`) : '' })}
        onCancel={() => setRevealing(null)} onOk={() => void reveal()} okText={t('worker.revealConfirm')} cancelText={t('cases.cancel')}
        confirmLoading={busy} okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'reveal-confirm' } as ButtonProps} destroyOnHidden width={400}>
        <Alert type="warning" showIcon title={t('worker.revealAudited')} className="inline-alert" />
        <Input.TextArea rows={2} maxLength={200} value={reason} onChange={(event) => setReason(event.target.value)}
          placeholder={t('worker.revealReasonPlaceholder')} data-testid="reveal-reason" />
        {revealError && <Alert type="error" showIcon title={revealError} className="inline-alert" />}
      </Modal>
    </div>
  );
}
