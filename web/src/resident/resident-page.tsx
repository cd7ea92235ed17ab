import { Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import type { ViewProps } from '../app/route-table.ts';
import { PlaceFinder, type Place } from './place-finder.tsx';
import { ReportForm, SubmittedView } from './report-form.tsx';
import { residentPath, residentRouteOf, type ResidentRoute } from './resident-route.ts';
import { TrackingView } from './tracking-view.tsx';
import { WorkerCardView } from './worker-card.tsx';
import { WarningBanner } from '../emergency/warning-banner.tsx';
import './resident.css';

/**
 * The public resident page (no account, phone first): find my grid worker, report a problem,
 * follow it. Each part has its own hash route so a shared link opens it directly.
 */
export default function ResidentPage(props: ViewProps) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const route = residentRouteOf(props.params, useSearch());
  const [place, setPlace] = useState<Place | null>(null);
  const [submitted, setSubmitted] = useState<{ code: string; key: string } | null>(null);

  const go = (next: ResidentRoute) => navigate(residentPath(next));

  return (
    <main className="app-body role-page role-page-phone resident-main">
    <div className="resident-page" data-testid="resident-page">
      <header className="resident-head">
        <h1>{t('resident.title')}</h1>
        <div className="muted small">{t('resident.subtitle')}</div>
      </header>
      <Segmented block size="large" className="resident-tabs" value={route.tab} data-testid="resident-tabs"
        onChange={(tab) => go(tab === 'track' ? { tab: 'track', code: null, key: null } : { tab: tab as 'find' | 'report' })}
        options={(['find', 'report', 'track'] as const).map((tab) => ({ value: tab, label: t(`resident.tabs.${tab}`) }))} />

      {route.tab === 'find' && (
        <section className="resident-section">
          <h2>{t('resident.find.heading')}</h2>
          <PlaceFinder place={place} onPlace={setPlace} />
          {place && <WarningBanner place={place} />}
          {place && <WorkerCardView label={place.label} named={place.named} card={place.card} onReport={() => go({ tab: 'report' })} />}
        </section>
      )}
      {route.tab === 'report' && (
        <section className="resident-section">
          <h2>{t('resident.report.heading')}</h2>
          {submitted ? (
            <SubmittedView code={submitted.code} reporterKey={submitted.key}
              onTrack={() => go({ tab: 'track', code: submitted.code, key: null })}
              onAnother={() => setSubmitted(null)} />
          ) : (
            <ReportForm place={place} onPlace={setPlace}
              onSubmitted={(code, key) => setSubmitted({ code, key })} />
          )}
        </section>
      )}
      {route.tab === 'track' && (
        <section className="resident-section">
          <h2>{t('resident.track.heading')}</h2>
          <TrackingView code={route.code} linkKey={route.key}
            onCode={(code) => go({ tab: 'track', code, key: null })} />
        </section>
      )}
    </div>
    </main>
  );
}
