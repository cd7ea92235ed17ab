import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PublicWarning } from '../../../contract/emergency.ts';
import { emergencyApi, emergencyKeys } from '../api/emergency-api.ts';
import { formatDateTime } from '../panels/format.ts';
import './emergency.css';

const alertType = { red: 'error', orange: 'warning', yellow: 'warning', blue: 'info' } as const;
const refreshMilliseconds = 60_000;

/** Warnings in force, read again every minute: a warning ends by itself when its validity does. */
export function usePublicWarnings(place: { lng: number; lat: number } | null) {
  return useQuery({
    queryKey: emergencyKeys.publicWarnings(place?.lng ?? null, place?.lat ?? null),
    queryFn: ({ signal }) => emergencyApi.publicWarnings(place, signal),
    refetchInterval: refreshMilliseconds,
  });
}

/**
 * The resident page's banner (issue 20): the warnings (预警) in force whose area covers the
 * address the resident looked up. Nothing is shown when none covers it.
 */
export function WarningBanner(props: { place: { lng: number; lat: number } }) {
  const { t } = useTranslation();
  const { data } = usePublicWarnings(props.place);
  const warnings = data?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div className="warning-banners" data-testid="warning-banner">
      {warnings.map((warning) => <WarningAlert key={warning.identifier} warning={warning} />)}
    </div>
  );

  function WarningAlert({ warning }: { warning: PublicWarning }) {
    return (
      <Alert
        showIcon
        type={alertType[warning.level]}
        className={`warning-banner warning-${warning.level}`}
        title={<b>{warning.headline}</b>}
        description={
          <>
            <div>{warning.body}</div>
            <div className="muted small">
              {t('emergency.banner.title', { level: t(`emergency.warnings.level.${warning.level}`) })} · {t('emergency.banner.validUntil', { time: formatDateTime(warning.validTo) })}
            </div>
          </>
        }
      />
    );
  }
}

/** The wall screen's list of warnings in force (all areas), most severe first. */
export function WallWarnings() {
  const { t } = useTranslation();
  const { data } = usePublicWarnings(null);
  const warnings = data?.warnings ?? [];
  return (
    <div className="wall-warnings" data-testid="wall-warnings">
      <h2>{t('emergency.wall.title')}</h2>
      {warnings.length === 0 ? <div className="muted">{t('emergency.warnings.none')}</div> : (
        <ol>
          {warnings.map((warning) => (
            <li key={warning.identifier} className={`wall-warning warning-${warning.level}`}>
              <span className={`warning-dot warning-dot-${warning.level}`} aria-hidden />
              <span>{warning.headline}</span>
              <span className="muted">{formatDateTime(warning.validTo).slice(5)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
