import './duties.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dutiesApi, dutiesKeys } from '../api/duties-api.ts';
import { useSession } from '../app/session.tsx';

const refreshMilliseconds = 60_000;

/**
 * The wall screen's duty line (issue 18): stations short of the staffing rule, shifts missed today
 * at the duty posts, and back-street length with nobody responsible. Read only for a signed-in
 * staff member; refreshed every minute.
 */
export function WallDutyStatus() {
  const { t } = useTranslation();
  const { session } = useSession();
  const staff = Boolean(session?.user && session.user.role !== 'worker');
  const stations = useQuery({ queryKey: dutiesKeys.stations, queryFn: ({ signal }) => dutiesApi.stations(signal), enabled: staff, refetchInterval: refreshMilliseconds });
  const posts = useQuery({ queryKey: dutiesKeys.posts(), queryFn: ({ signal }) => dutiesApi.posts(undefined, signal), enabled: staff, refetchInterval: refreshMilliseconds });
  const coverage = useQuery({ queryKey: dutiesKeys.coverage, queryFn: ({ signal }) => dutiesApi.coverage(signal), enabled: staff, refetchInterval: refreshMilliseconds });
  if (!staff || !stations.data) return null;
  const short = stations.data.stations.filter((station) => station.shortfall > 0);
  return (
    <div className="wall-duties" data-testid="wall-duties">
      <h2>{t('duties.wall.title')}</h2>
      <ol>
        {short.map((station) => (
          <li key={station.id}><span>{station.communityName}</span><b>{t('duties.wall.staff', { actual: station.actualStaff, required: station.requiredStaff })}</b></li>
        ))}
      </ol>
      <div className="wall-duties-figures">
        <span className={(posts.data?.missedCount ?? 0) > 0 ? 'wall-overdue' : ''}>{t('duties.wall.missed')} <b>{posts.data?.missedCount ?? '—'}</b></span>
        <span className={(coverage.data?.unassignedMetres ?? 0) > 0 ? 'wall-overdue' : ''}>{t('duties.wall.unassigned')} <b>{coverage.data ? Math.round(coverage.data.unassignedMetres) : '—'}</b></span>
      </div>
    </div>
  );
}
