import { Alert, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePage, IncidentAction } from '../../../contract/incidents.ts';
import type { WorkerListItem } from '../../../contract/workers.ts';
import { casesApi, describeError, type TransitionRequest } from '../api/cases-api.ts';
import { PhotoPicker } from './photo-picker.tsx';
import { actionLabel } from './case-format.tsx';

/** Actions the server refuses without a note (the state machine's `needsNote`). */
const noteRequired: IncidentAction[] = ['reject', 'fail_check', 'backlog'];

type DispatchMode = 'auto' | 'worker' | 'department';

/**
 * One dialog for every action of the loop: a note (required where the server requires it), photos
 * for "handled", the original for a merge, the target for a dispatch. The server has the last word;
 * its refusal is shown in the dialog as it said it.
 */
export function CaseActionDialog(props: {
  page: CasePage;
  action: IncidentAction | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { action, page } = props;
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [duplicateOf, setDuplicateOf] = useState<number | null>(null);
  const [dispatchMode, setDispatchMode] = useState<DispatchMode>('auto');
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [department, setDepartment] = useState('');
  const [workers, setWorkers] = useState<WorkerListItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setNote('');
    setPhotos([]);
    setDuplicateOf(page.duplicateSuggestions[0]?.id ?? null);
    setDispatchMode('auto');
    setWorkerId(null);
    setDepartment('');
    setError(null);
  }, [action, page]);

  useEffect(() => {
    if (action !== 'dispatch' || workers) return;
    const abort = new AbortController();
    casesApi.workers(abort.signal).then((answer) => setWorkers(answer.workers.filter((worker) => worker.active)), () => setWorkers([]));
    return () => abort.abort();
  }, [action, workers]);

  if (!action) return null;
  const needsNote = noteRequired.includes(action);
  const missing =
    (needsNote && note.trim() === '')
    || (action === 'merge' && !duplicateOf)
    || (action === 'dispatch' && dispatchMode === 'worker' && !workerId)
    || (action === 'dispatch' && dispatchMode === 'department' && department.trim() === '')
    || (action === 'handle' && page.case.photoRequiredToClose && photos.length === 0);

  const submit = async () => {
    const request: TransitionRequest = { action };
    if (note.trim()) request.note = note.trim();
    if (photos.length > 0) request.photos = photos;
    if (action === 'merge' && duplicateOf) request.duplicateOf = duplicateOf;
    if (action === 'dispatch' && dispatchMode === 'worker' && workerId) request.target = { workerId };
    if (action === 'dispatch' && dispatchMode === 'department') request.target = { department: department.trim() };
    setBusy(true);
    setError(null);
    try {
      await casesApi.transition(page.case.id, request);
      props.onDone();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${actionLabel(action, page.case.status, t)} · ${page.case.trackingCode}`} onCancel={props.onCancel} onOk={() => void submit()}
      okText={actionLabel(action, page.case.status, t)} cancelText={t('cases.cancel')} confirmLoading={busy} okButtonProps={{ disabled: missing, danger: action === 'reject' || action === 'fail_check' }}
      destroyOnHidden width={440} className="case-action-dialog" data-testid="case-action-dialog">
      <p className="muted action-hint">{t(`cases.actionHint.${action}`)}</p>
      <Form layout="vertical" size="middle">
        {action === 'merge' && (
          <Form.Item label={t('cases.mergeInto')} required>
            {page.duplicateSuggestions.length > 0 ? (
              <Select value={duplicateOf ?? undefined} onChange={setDuplicateOf}
                options={page.duplicateSuggestions.map((item) => ({ value: item.id, label: `${item.trackingCode} · ${t(`cases.status.${item.status}`)} · ${Math.round(item.distanceMetres)} m` }))} />
            ) : (
              <InputNumber min={1} style={{ width: '100%' }} value={duplicateOf ?? undefined} onChange={(value) => setDuplicateOf(value ?? null)} placeholder={t('cases.mergeIdPlaceholder')} />
            )}
          </Form.Item>
        )}
        {action === 'dispatch' && (
          <Form.Item label={t('cases.dispatchTo')}>
            <Radio.Group value={dispatchMode} onChange={(event) => setDispatchMode(event.target.value as DispatchMode)} optionType="button" size="small"
              options={[
                { value: 'auto', label: t('cases.dispatchAuto') },
                { value: 'worker', label: t('cases.dispatchWorker') },
                { value: 'department', label: t('cases.dispatchDepartment') },
              ]} />
            {dispatchMode === 'worker' && (
              <Select className="dispatch-target" showSearch optionFilterProp="label" loading={!workers} value={workerId ?? undefined} onChange={setWorkerId}
                placeholder={t('cases.dispatchWorkerPlaceholder')}
                options={(workers ?? []).map((worker) => ({ value: worker.id, label: `${worker.name}${worker.gridName ? ` · ${worker.gridName}` : ''}` }))} />
            )}
            {dispatchMode === 'department' && (
              <Input className="dispatch-target" value={department} onChange={(event) => setDepartment(event.target.value)} placeholder={t('cases.dispatchDepartmentPlaceholder')} maxLength={100} />
            )}
          </Form.Item>
        )}
        {action === 'handle' && (
          <Form.Item label={t('cases.handlePhotos')} required={page.case.photoRequiredToClose}>
            <PhotoPicker names={photos} onChange={setPhotos} testId="action-photos" />
          </Form.Item>
        )}
        <Form.Item label={needsNote ? t('cases.noteRequired') : t('cases.noteOptional')} required={needsNote}>
          <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} data-testid="action-note" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={t('cases.actionFailed')} description={error} data-testid="action-error" />}
    </Modal>
  );
}
