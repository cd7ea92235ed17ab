import { LockOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../contract/incidents.ts';
import type { MapIncidentProperties } from '../app/use-territory-data.ts';
import type { RiskSourceProperties } from '../../../contract/risks.ts';
import type { Collection } from '../api/collection.ts';
import { majorCategoryCodes, majorCategoryColours, riskLevelColours, riskLevels } from '../map/map-palette.ts';
import { Figure } from './detail-frame.tsx';
import { formatDateTime } from './format.ts';
import { isOpenIncident, statusColour } from './incident-detail.tsx';

/** The dispatcher's first glance: what came in this week, what is open, where the risks are. */
export function CommandOverview(props: {
  signedIn: boolean;
  onSignIn: () => void;
  incidents: Collection<MapIncidentProperties>;
  riskSources: Collection<RiskSourceProperties>;
  categories: Category[];
  onSelectIncident: (incident: MapIncidentProperties) => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const incidents = props.incidents.features.map((feature) => feature.properties);
  const recent = incidents.filter((incident) => incident.recent);
  const open = incidents.filter((incident) => isOpenIncident(incident.status));
  const risks = props.riskSources.features.map((feature) => feature.properties);
  const overdue = risks.filter((risk) => risk.inspectionOverdue);

  const byMajor = useMemo(() => {
    const counts = new Map<string, number>();
    for (const incident of recent) counts.set(incident.majorCode, (counts.get(incident.majorCode) ?? 0) + 1);
    return majorCategoryCodes.map((code) => ({ code, count: counts.get(code) ?? 0 }));
  }, [recent]);
  const largest = Math.max(1, ...byMajor.map((entry) => entry.count));
  const majorName = (code: string) => {
    const category = props.categories.find((candidate) => candidate.code === code);
    return category ? (english ? category.nameEn : category.nameZh) : t(`majorCategory.${code}`);
  };

  if (!props.signedIn) {
    return (
      <Result icon={<LockOutlined className="muted" />} subTitle={t('session.signInHint')}
        extra={<Button type="primary" onClick={props.onSignIn}>{t('session.signIn')}</Button>} />
    );
  }
  return (
    <div className="overview">
      <div className="figures figures-territory">
        <Figure label={t('overview.incidentsRecent')} value={recent.length} />
        <Figure label={t('overview.incidentsOpen')} value={open.length} />
        <Figure label={t('overview.incidentsShown')} value={incidents.length} />
        <Figure label={t('overview.riskSources')} value={risks.length} />
        <Figure label={t('overview.overdueInspections')} value={<span className={overdue.length > 0 ? 'alert-value' : ''}>{overdue.length}</span>} />
      </div>

      <h3 className="detail-section">{t('overview.byCategory')}</h3>
      <div className="bars">
        {byMajor.map(({ code, count }) => (
          <div className="bar-row" key={code}>
            <span className="bar-label">{majorName(code)}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(count / largest) * 100}%`, background: majorCategoryColours[code] }} />
            </span>
            <span className="bar-value">{count}</span>
          </div>
        ))}
      </div>

      <h3 className="detail-section">{t('overview.byLevel')}</h3>
      <div className="level-chips">
        {riskLevels.map((level) => (
          <span className="level-chip" key={level}>
            <span className="swatch" style={{ background: riskLevelColours[level] }} />
            {t(`riskLevel.${level}`)} <b>{risks.filter((risk) => risk.level === level).length}</b>
          </span>
        ))}
      </div>

      <h3 className="detail-section">{t('overview.latestIncidents')}</h3>
      <ul className="incident-list">
        {incidents.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noIncidents')} />}
        {incidents.slice(0, 12).map((incident) => (
          <li key={incident.id} className="incident-item clickable" onClick={() => props.onSelectIncident(incident)}>
            <span className="swatch" style={{ background: majorCategoryColours[incident.majorCode] }} />
            <span className="incident-name">{english ? incident.categoryNameEn : incident.categoryNameZh}</span>
            <span className="muted incident-time">{formatDateTime(incident.reportedAt).slice(5)}</span>
            <Tag color={statusColour(incident.status)} variant="filled">
              {t(`status.${incident.status}`)}
            </Tag>
          </li>
        ))}
      </ul>
    </div>
  );
}
