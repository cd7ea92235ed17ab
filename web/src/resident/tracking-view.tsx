import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Spin, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import { describeError } from '../api/cases-api.ts';
import { formatDateTime } from '../panels/format.ts';
import type { PublicReport, Satisfaction } from '../../../contract/residents.ts';
import { rememberedTrackingCodes, rememberReporterKey, reporterKeyOf, residentApi } from '../api/resident-api.ts';

const satisfactions: Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

// times in the zone's own time (the server's clock), whatever the phone's time zone
const formatTime = (iso: string) => formatDateTime(iso);

/**
 * The public page of one report: status in plain words, the steps it went through (no staff
 * names, no notes), and — for the reporter, after closure — the satisfaction rating. All text is
 * rendered by React as text.
 */
export function TrackingView(props: { code: string | null; linkKey: string | null; onCode: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [input, setInput] = useState(props.code ?? '');
  const [report, setReport] = useState<PublicReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [rated, setRated] = useState(false);

  useEffect(() => {
    setInput(props.code ?? '');
    setReport(null);
    setProblem(null);
    if (!props.code) return;
    const abort = new AbortController();
    setLoading(true);
    residentApi.report(props.code, props.linkKey ?? reporterKeyOf(props.code), abort.signal).then(setReport, (failure: unknown) => {
      if (abort.signal.aborted) return;
      setProblem(failure instanceof ApiError && failure.status === 404 ? t('resident.track.notFound', { code: props.code }) : describeError(failure));
    }).finally(() => setLoading(false));
    return () => abort.abort();
  }, [props.code, props.linkKey, reload, t]);

  // a tracking link with its key makes this phone the reporter's, for rating later
  useEffect(() => {
    if (props.code && props.linkKey) rememberReporterKey(props.code, props.linkKey);
  }, [props.code, props.linkKey]);
  const reporterKey = props.code ? (props.linkKey ?? reporterKeyOf(props.code)) : null;
  const mine = rememberedTrackingCodes().slice(0, 5);

  const rate = async (value: Satisfaction) => {
    if (!props.code || !reporterKey) return;
    try {
      await residentApi.rate(props.code, reporterKey, value);
      setRated(true);
      setReload((count) => count + 1);
    } catch (failure) {
      setProblem(describeError(failure));
    }
  };

  return (
    <div className="tracking-view" data-testid="tracking-view">
      <form className="tracking-search" onSubmit={(event) => { event.preventDefault(); if (input.trim()) props.onCode(input.trim().toUpperCase()); }}>
        <Input size="large" value={input} onChange={(event) => setInput(event.target.value)} placeholder={t('resident.track.placeholder')}
          aria-label={t('resident.track.placeholder')} data-testid="tracking-input" />
        <Button size="large" type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('resident.track.search')}</Button>
      </form>
      {!props.code && mine.length > 0 && (
        <div className="my-reports">
          <span className="muted small">{t('resident.track.mine')}</span>
          {mine.map((code) => <Button key={code} size="small" type="link" onClick={() => props.onCode(code)}>{code}</Button>)}
        </div>
      )}
      {loading && <Spin />}
      {problem && <Alert type="warning" showIcon title={problem} />}
      {report && (
        <section className="public-report" data-testid="public-report" data-status={report.status}>
          <div className="public-report-head">
            <span className="tracking-code">{report.trackingCode}</span>
            <Tag color={report.publicStatus === 'closed' ? 'green' : 'blue'} data-testid="public-status">
              {report.publicStatus === 'closed' ? t('resident.track.closed') : t('resident.track.open')}
            </Tag>
          </div>
          <div className="public-report-note" data-testid="status-note">{english ? report.statusNote.en : report.statusNote.zh}</div>
          <div className="public-report-category">{english ? report.category.nameEn : report.category.nameZh}
            {report.community && <span className="muted"> · {report.community}</span>}</div>
          {report.overdueSince && (
            <Alert type="error" showIcon data-testid="public-overdue"
              title={t('resident.track.overdueSince', { time: formatTime(report.overdueSince) })} />
          )}
          {report.hiddenFromPublic && <Alert type="info" showIcon title={t('resident.track.hidden')} data-testid="public-hidden" />}
          {report.publicSummary && <p className="public-report-description" data-testid="public-summary">{report.publicSummary}</p>}
          {report.viewerIsReporter && report.description !== null && (
            <div data-testid="own-description">
              <div className="muted small">{t('resident.track.yourWords')}</div>
              {/* plain text: React escapes it, whatever the resident typed */}
              <p className="public-report-description" data-testid="public-description" data-user-text="">{report.description}</p>
              {report.address && <div className="muted small">{report.address}</div>}
            </div>
          )}
          <div className="muted small">
            {t('resident.track.reportedAt')} {formatTime(report.reportedAt)} · {t('resident.track.updatedAt')} {formatTime(report.updatedAt)}
          </div>
          <div className="muted small">
            {report.supporterCount > 0 && <span>{t('resident.track.supporters', { count: report.supporterCount })} · </span>}
            {report.photoCount > 0 && <span>{t('resident.track.photos', { count: report.photoCount })}</span>}
          </div>

          <h3 className="detail-section">{t('resident.track.timeline')}</h3>
          <Timeline className="public-timeline" data-testid="public-timeline"
            items={report.timeline.map((event) => ({
              color: event.step === 'close' ? 'green' : event.step === 'reject' || event.step === 'fail_check' ? 'red' : 'blue',
              content: (
                <div className="timeline-entry">
                  <span>{t(`resident.steps.${event.step}`, { defaultValue: event.step })}</span>
                  <span className="muted small"> {formatTime(event.at)}</span>
                </div>
              ),
            }))} />

          {report.satisfaction && (
            <div className="rating-done" data-testid="rating-done">
              {rated ? t('resident.track.thanks') + ' ' : ''}{t('resident.track.rated', { value: t(`resident.satisfaction.${report.satisfaction}`) })}
            </div>
          )}
          {report.canRate && (
            <div className="rating" data-testid="rating">
              <div className="nearby-title">{t('resident.track.rateTitle')}</div>
              {reporterKey ? (
                <div className="rating-buttons">
                  {satisfactions.map((value) => (
                    <Button key={value} size="large" onClick={() => void rate(value)} data-testid={`rate-${value}`}>{t(`resident.satisfaction.${value}`)}</Button>
                  ))}
                </div>
              ) : (
                <div className="muted small">{t('resident.track.rateNeedsKey')}</div>
              )}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
