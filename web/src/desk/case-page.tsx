import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { PublicExposure } from './public-exposure.tsx';
import { Alert, Button, Descriptions, Empty, Image, Spin, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CaseEvent, CasePage as CasePageData, IncidentAction } from '../../../contract/incidents.ts';
import { casesApi, describeError, photoUrl } from '../api/cases-api.ts';
import { formatDateTime } from '../panels/format.ts';
import { CaseActionDialog } from './case-action-dialog.tsx';
import { actionLabel, categoryName, Countdown, StatusTag, useNow } from './case-format.tsx';

/** Actions that move the case forward are primary; refusals are danger; the rest are plain. */
const primaryActions: IncidentAction[] = ['register', 'accept', 'start', 'handle', 'pass_check', 'close'];
const dangerActions: IncidentAction[] = ['reject', 'fail_check'];

function timelineColour(event: CaseEvent): string {
  if (event.action === 'reject' || event.action === 'fail_check' || event.action === 'escalate') return 'red';
  if (event.toStatus === 'closed') return 'green';
  if (event.action === 'backlog') return 'gray';
  return 'blue';
}

/**
 * What happened, in words: the action when there is one; an escalation stored before actions were
 * recorded (the status stays, the system's note says so) is still an escalation, not the status's step.
 */
function eventStepLabel(event: CaseEvent, t: TFunction): string {
  const action = event.action ?? (event.noteCode === 'overdue_escalated' ? 'escalate' : null);
  if (action) return t(`cases.event.${action}`, { defaultValue: t('cases.system') });
  return t(`cases.eventTo.${event.toStatus}`);
}

/** Who acted: the user's name; for channels (热线, 系统 …) their proper name, never the stored code. */
function actorText(event: CaseEvent, t: TFunction): string {
  if (event.actorName) return event.actorName;
  if (!event.actorLabel) return t('display.actor.system');
  // stored codes are lower-case words; the demo and imports also store names ("指挥中心 王芳") as they are
  return /^[a-z0-9_]+$/.test(event.actorLabel) ? t(`display.actor.${event.actorLabel}`, { defaultValue: t('display.actor.system') }) : event.actorLabel;
}

export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation();
  return (
    <Timeline className="case-timeline" data-testid="case-timeline"
      items={events.map((event) => ({
        color: timelineColour(event),
        content: (
          <div className="timeline-entry" data-action={event.action ?? event.toStatus}>
            <div className="timeline-head">
              <span className="timeline-action">{eventStepLabel(event, t)}</span>
              <span className="muted">{formatDateTime(event.at)}</span>
            </div>
            <div className="muted">
              {/* a person's name (or a free-text actor label such as 网格员 李辉) stays as written in every language */}
              {event.actorName || (event.actorLabel && !/^[a-z0-9_]+$/.test(event.actorLabel))
                ? <span data-person-name="">{actorText(event, t)}</span>
                : actorText(event, t)}
              {event.fromStatus && event.fromStatus !== event.toStatus ? ` · ${t(`cases.status.${event.fromStatus}`)} → ${t(`cases.status.${event.toStatus}`)}` : ''}
            </div>
            {event.note && <div className="timeline-note" data-user-text="">{event.note}</div>}
            {event.photos.length > 0 && (
              <div className="photo-strip">
                <Image.PreviewGroup>
                  {event.photos.map((name) => <Image key={name} src={photoUrl(name)} width={64} height={64} className="photo-image" alt="" />)}
                </Image.PreviewGroup>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

/**
 * A case with everything that happened to it and the buttons the server allows this caller
 * (`allowedActions`); used on the phone (compact) and on the desk.
 */
export function CasePage(props: {
  caseId: number;
  onBack?: () => void;
  /** Something changed: lists should reload. */
  onChanged?: () => void;
  onOpenCase?: (id: number) => void;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<CasePageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<IncidentAction | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const now = useNow(page?.now ?? null);

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    casesApi.get(props.caseId, abort.signal).then(setPage, (failure: unknown) => {
      if (!abort.signal.aborted) setError(describeError(failure));
    });
    return () => abort.abort();
  }, [props.caseId, reloadKey]);

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  const header = (
    <div className="case-page-bar">
      {props.onBack && <Button type="text" icon={<ArrowLeftOutlined />} onClick={props.onBack} data-testid="case-back">{t('cases.back')}</Button>}
      <span className="case-page-code mono">{page?.case.trackingCode ?? ''}</span>
      <Button type="text" size="small" icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.reload')} />
    </div>
  );
  if (error) return <div className="case-page">{header}<Alert type="error" showIcon title={t('cases.loadFailed')} description={error} /></div>;
  if (!page || page.case.id !== props.caseId) return <div className="case-page">{header}<div className="panel-loading"><Spin /></div></div>;
  const item = page.case;
  const reportPhotos = page.timeline.filter((event) => event.fromStatus === null).flatMap((event) => event.photos);
  const assignee = item.assignedWorkerName ?? item.assignedUserName ?? item.assignedDepartment;

  return (
    <div className={`case-page ${props.compact ? 'case-page-compact' : ''}`} data-testid="case-page" data-case-id={item.id} data-status={item.status}>
      {header}
      <div className="case-page-title">
        <h2>{categoryName(item, i18n.language)}</h2>
        <div className="detail-tags">
          <StatusTag status={item.status} />
          {item.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
          {item.vacantGrid && <Tag color="orange">{t('cases.vacantGrid')}</Tag>}
          {item.reworkCount > 0 && <Tag color="orange">{t('cases.reworkCount', { count: item.reworkCount })}</Tag>}
          {item.supporterCount > 0 && <Tag color="blue">{t('cases.public.supporters', { count: item.supporterCount })}</Tag>}
          {item.satisfaction && <Tag color={item.satisfaction === 'dissatisfied' ? 'red' : 'green'}>{t(`cases.public.satisfaction.${item.satisfaction}`)}</Tag>}
          {item.dueAt && item.status !== 'closed' && item.status !== 'rejected' && <Countdown dueAt={item.dueAt} status={item.status} now={now} />}
        </div>
      </div>
      <p className="case-description" data-user-text="">{item.description}</p>
      <PublicExposure item={item}
        onChanged={() => { reload(); props.onChanged?.(); }} onError={(failure) => setError(describeError(failure))} />
      {reportPhotos.length > 0 && (
        <div className="photo-strip">
          <Image.PreviewGroup>
            {reportPhotos.map((name) => <Image key={name} src={photoUrl(name)} width={76} height={76} className="photo-image" alt="" />)}
          </Image.PreviewGroup>
        </div>
      )}

      {item.allowedActions.length > 0 && (
        <div className="case-actions" data-testid="case-actions">
          {item.allowedActions.map((name) => (
            <Button key={name} type={primaryActions.includes(name) ? 'primary' : 'default'} danger={dangerActions.includes(name)}
              onClick={() => setAction(name)} data-testid={`action-${name}`}>
              {actionLabel(name, item.status, t)}
            </Button>
          ))}
        </div>
      )}

      {page.duplicateSuggestions.length > 0 && (
        <Alert type="warning" showIcon className="duplicates" data-testid="duplicate-suggestions" title={t('cases.duplicatesTitle')}
          description={
            <ul className="duplicate-list">
              {page.duplicateSuggestions.map((suggestion) => (
                <li key={suggestion.id}>
                  {props.onOpenCase
                    ? <a onClick={() => props.onOpenCase?.(suggestion.id)} className="mono">{suggestion.trackingCode}</a>
                    : <span className="mono">{suggestion.trackingCode}</span>}
                  {' '}· {t(`cases.status.${suggestion.status}`)} · {Math.round(suggestion.distanceMetres)} m · {formatDateTime(suggestion.reportedAt)}
                </li>
              ))}
            </ul>
          } />
      )}

      <Descriptions size="small" column={1} bordered className="detail-descriptions case-facts"
        items={[
          { key: 'code', label: t('cases.field.category'), children: <span><span className="mono">{item.categoryCode}</span> {categoryName(item, i18n.language)}</span> },
          { key: 'address', label: t('cases.field.address'), children: item.address ? <span data-user-text="">{item.address}</span> : `${item.location.longitude.toFixed(5)}, ${item.location.latitude.toFixed(5)}` },
          { key: 'grid', label: t('cases.field.grid'), children: item.gridName ? `${item.gridName}${item.communityName ? ` · ${item.communityName}` : ''}` : '—' },
          { key: 'assignee', label: t('cases.field.assignee'), children: assignee ? <span data-person-name="">{assignee}</span> : '—' },
          { key: 'source', label: t('cases.field.source'), children: t(`cases.source.${item.source}`, { defaultValue: item.source }) },
          { key: 'reported', label: t('cases.field.reportedAt'), children: formatDateTime(item.reportedAt) },
          { key: 'due', label: t('cases.field.dueAt'), children: formatDateTime(item.dueAt) },
          ...(item.reporterName || item.reporterPhone
            ? [{ key: 'reporter', label: t('cases.field.reporter'), children: (
              <>
                {item.reporterName && <span data-person-name="">{item.reporterName}</span>}
                {item.reporterName && item.reporterPhone ? ' · ' : ''}
                {item.reporterPhone}
              </>
            ) }]
            : []),
          ...(item.rejectionReason ? [{ key: 'rejection', label: t('cases.field.rejectionReason'), children: item.rejectionReason }] : []),
          ...(item.backlogReason ? [{ key: 'backlog', label: t('cases.field.backlogReason'), children: item.backlogReason }] : []),
          ...(item.duplicateOf ? [{ key: 'duplicate', label: t('cases.field.duplicateOf'), children: `#${item.duplicateOf}` }] : []),
        ]} />

      <h3 className="detail-section">{t('cases.timeline')}</h3>
      {page.timeline.length > 0 ? <CaseTimeline events={page.timeline} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}

      <CaseActionDialog page={page} action={action} onCancel={() => setAction(null)}
        onDone={() => {
          setAction(null);
          reload();
          props.onChanged?.();
        }} />
    </div>
  );
}
