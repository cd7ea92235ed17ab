import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case, IncidentAction, IncidentStatus } from '../../../contract/incidents.ts';
import type { TFunction } from 'i18next';

const statusColours: Record<IncidentStatus, string> = {
  reported: 'blue',
  registered: 'geekblue',
  dispatched: 'cyan',
  handling: 'gold',
  handled: 'purple',
  checked: 'lime',
  closed: 'green',
  rework: 'orange',
  backlog: 'default',
  rejected: 'default',
};

export function StatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]} variant="filled" data-testid="case-status" data-status={status}>{t(`cases.status.${status}`)}</Tag>;
}

export function categoryName(item: Pick<Case, 'categoryNameZh' | 'categoryNameEn'>, language: string): string {
  return language === 'en' ? item.categoryNameEn : item.categoryNameZh;
}

/**
 * The current time, ticking every `intervalMs`, corrected by the server's clock (its `now` from the
 * last answer) so a phone whose clock is off still counts down to the right moment.
 */
export function useNow(serverNow: string | null, intervalMs = 1000): number {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (serverNow) setOffset(new Date(serverNow).getTime() - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now + offset;
}

const finishedStatuses: IncidentStatus[] = ['closed', 'rejected'];

/** "2 h 05 min left" or "overdue 1 d 3 h": the deadline as a person reads it. */
export function Countdown({ dueAt, status, now }: { dueAt: string | null; status: IncidentStatus; now: number }) {
  const { t } = useTranslation();
  if (!dueAt || finishedStatuses.includes(status)) return <span className="muted">—</span>;
  const remaining = new Date(dueAt).getTime() - now;
  const overdue = remaining < 0;
  const minutes = Math.floor(Math.abs(remaining) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const seconds = Math.floor(Math.abs(remaining) / 1000) % 60;
  const span =
    days > 0 ? t('cases.duration.daysHours', { days, hours })
    : hours > 0 ? t('cases.duration.hoursMinutes', { hours, minutes: String(rest).padStart(2, '0') })
    : t('cases.duration.minutesSeconds', { minutes: rest, seconds: String(seconds).padStart(2, '0') });
  const soon = !overdue && remaining < 2 * 3600_000;
  return (
    <span className={`countdown ${overdue ? 'countdown-overdue' : soon ? 'countdown-soon' : ''}`} data-testid="countdown" data-overdue={overdue}>
      {overdue ? t('cases.overdueBy', { span }) : t('cases.remaining', { span })}
    </span>
  );
}

/** A case already with someone is not dispatched again but reassigned (改派): the button says so. */
export function actionLabel(action: IncidentAction, status: string, t: TFunction): string {
  if (action === 'dispatch' && status !== 'registered') return t('display.redispatch');
  return t(`cases.action.${action}`);
}

