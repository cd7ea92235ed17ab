import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assessmentApi, assessmentKeys } from '../api/assessment-api.ts';
import { describeError } from '../api/http-client.ts';
import './assessment.css';
import { periodLabel } from './period-label.ts';
import { Scorecard, ScorecardEmpty } from './scorecard.tsx';

/**
 * A grid worker's own scorecard on the phone (the worker page's 考核 tab): the months and quarters
 * of this year, the latest finished month first; each item opens the records it counted, and an
 * adjustment can be objected to once.
 */
export function MyScorecard() {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  const [period, setPeriod] = useState<string | null>(null);
  const periods = useQuery({ queryKey: assessmentKeys.periods(year), queryFn: ({ signal }) => assessmentApi.periods(year, signal) });
  useEffect(() => {
    const list = periods.data?.periods;
    if (!list || period) return;
    setPeriod((list.find((entry) => entry.kind === 'month' && entry.countedTo === entry.to) ?? list[0])?.code ?? null);
  }, [periods.data, period]);
  const scores = useQuery({
    queryKey: assessmentKeys.scores(period ?? '', 'worker'),
    queryFn: ({ signal }) => assessmentApi.scores(period!, 'worker', signal),
    enabled: period !== null,
  });
  const row = scores.data?.rows[0];
  return (
    <div className="my-scorecard" data-testid="my-scorecard">
      <div className="section-heading"><h3>{t('assessment.myTitle')}</h3></div>
      <Select value={period ?? undefined} onChange={setPeriod} className="assessment-period" data-testid="my-period" loading={periods.isPending}
        options={(periods.data?.periods ?? []).filter((entry) => entry.kind !== 'year').map((entry) => ({ value: entry.code, label: periodLabel(entry.code, t) }))} />
      {scores.isError && <Alert type="error" showIcon title={describeError(scores.error)} />}
      {scores.isPending && period !== null ? <Spin /> : row && period && scores.data
        ? <Scorecard row={row} period={period} level="worker" closed={scores.data.period.closed} role="worker" ownWorker compact />
        : <ScorecardEmpty />}
    </div>
  );
}
