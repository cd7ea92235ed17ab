import { Empty, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../contract/incidents.ts';
import { majorCategoryColours } from '../map/map-palette.ts';
import { statusColour } from '../panels/incident-detail.tsx';
import { formatDateTime } from '../panels/format.ts';
import { isEmergency, isOverdue, pulseMilliseconds, type LiveIncident } from './use-live-incidents.ts';

/** Re-render once a second for the countdowns (only this list, not the map). */
export function useClock(intervalMilliseconds = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMilliseconds);
    return () => window.clearInterval(timer);
  }, [intervalMilliseconds]);
  return now;
}

/** "2小时05分" left, or "超期 3小时" when past the deadline. */
export function countdownText(dueAt: string | null, now: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!dueAt) return t('command.live.noDeadline');
  const difference = Date.parse(dueAt) - now;
  const absolute = Math.abs(difference);
  const days = Math.floor(absolute / 86_400_000);
  const hours = Math.floor((absolute % 86_400_000) / 3_600_000);
  const minutes = Math.floor((absolute % 3_600_000) / 60_000);
  const seconds = Math.floor((absolute % 60_000) / 1000);
  const span = days > 0 ? t('command.live.spanDays', { days, hours }) : hours > 0 ? t('command.live.spanHours', { hours, minutes }) : t('command.live.spanMinutes', { minutes, seconds });
  return difference < 0 ? t('command.live.overdueBy', { span }) : t('command.live.dueIn', { span });
}

export function categoryName(categories: Category[], code: string, english: boolean): string {
  const category = categories.find((candidate) => candidate.code === code);
  return category ? (english ? category.nameEn : category.nameZh) : code;
}

export function LiveIncidentList(props: {
  incidents: LiveIncident[];
  categories: Category[];
  onSelect?: (incident: LiveIncident) => void;
  limit?: number;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const now = useClock();
  const frameNow = performance.now();
  const shown = props.incidents.slice(0, props.limit ?? 60);
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('command.live.empty')} />;
  return (
    <ul className={`live-list ${props.className ?? ''}`} data-testid="live-incident-list">
      {shown.map((incident) => {
        const overdue = isOverdue(incident, now);
        const fresh = incident.arrivedAt !== null && frameNow - incident.arrivedAt < pulseMilliseconds * 2;
        const major = incident.majorCode ?? incident.categoryCode.slice(0, 2);
        return (
          <li
            key={incident.id}
            data-tracking-code={incident.trackingCode}
            className={`live-item ${overdue ? 'live-item-overdue' : ''} ${fresh ? 'live-item-fresh' : ''} ${isEmergency(incident) ? 'live-item-emergency' : ''} ${props.onSelect ? 'clickable' : ''}`}
            onClick={() => props.onSelect?.(incident)}
          >
            <span className="live-swatch" style={{ background: majorCategoryColours[major] }} />
            <span className="live-main">
              <span className="live-name">{categoryName(props.categories, incident.categoryCode, english)}</span>
              <span className="live-meta mono">{incident.trackingCode} · {formatDateTime(incident.reportedAt).slice(5)}</span>
            </span>
            <span className="live-side">
              <Tag color={statusColour(incident.status)} variant="filled">{t(`status.${incident.status}`)}</Tag>
              <span className={`live-countdown ${overdue ? 'live-countdown-overdue' : ''}`}>{countdownText(incident.dueAt, now, t)}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
