import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LookupResult } from '../../../contract/residents.ts';

const formatDistance = (metres: number) => (metres >= 1000 ? `${(metres / 1000).toFixed(1)} km` : `${Math.round(metres)} m`);

/**
 * The answer to "who is my grid worker?": community, grid, the worker's public card and the
 * community service hall — and nothing about any household.
 */
export function WorkerCardView(props: { label: string; named?: boolean; card: LookupResult; onReport: () => void }) {
  const { t } = useTranslation();
  const { card } = props;
  if (!card.inServiceArea || !card.grid || !card.community) {
    return (
      <Alert type="warning" showIcon data-testid="outside-area" title={t('resident.find.outside')}
        description={card.nearestCommunity ? t('resident.find.nearest', { name: card.nearestCommunity.name, distance: formatDistance(card.nearestCommunity.distanceMetres) }) : null} />
    );
  }
  const worker = card.worker;
  return (
    <section className="worker-card" data-testid="worker-card" data-grid-code={card.grid.code} aria-label={t('resident.card.worker')}>
      <div className="worker-card-place">
        <EnvironmentOutlined /> <span className="worker-card-label">{props.label}</span>
      </div>
      {/* why this worker: the place lies in this grid ("凤梅家园 3栋 位于 凤梅社区第01网格") */}
      <div className="worker-card-why" data-testid="worker-card-why">
        {props.named ? t('resident.card.why', { place: props.label, grid: card.grid.name }) : t('resident.card.whyPoint', { grid: card.grid.name })}
      </div>
      <div className="worker-card-area">
        <span>{t('resident.card.community')} <b>{card.community.name}</b></span>
        <span>{t('resident.card.grid')} <b>{card.grid.name}</b> <span className="muted mono">{card.grid.code}</span></span>
      </div>
      {worker ? (
        <div className="worker-card-person">
          <Avatar size={64} icon={<UserOutlined />} className="worker-avatar" alt="">{worker.name.slice(0, 1)}</Avatar>
          <div className="worker-card-who">
            <div className="muted">{t('resident.card.worker')}</div>
            <div className="worker-name" data-testid="worker-name">{worker.name}</div>
            {worker.dutyHours && <div className="muted"><ClockCircleOutlined /> {t('resident.card.dutyHours')} {worker.dutyHours}</div>}
          </div>
        </div>
      ) : (
        <Alert type="info" showIcon title={t('resident.card.vacant')} />
      )}
      {worker?.dutyPhone && (
        <Button type="primary" size="large" block icon={<PhoneOutlined />} href={`tel:${worker.dutyPhone.replace(/[^0-9+]/g, '')}`} data-testid="duty-phone">
          {t('resident.card.call')} {worker.dutyPhone}
        </Button>
      )}
      {card.community.serviceHallAddress && (
        <div className="worker-card-hall">
          <div className="muted">{t('resident.card.hall')}</div>
          <div>{card.community.serviceHallAddress}</div>
          {card.community.serviceHallHours && <div className="muted">{card.community.serviceHallHours}</div>}
        </div>
      )}
      <Button block size="large" onClick={props.onReport} data-testid="report-here">{t('resident.card.reportHere')}</Button>
      <div className="muted small">{t('resident.card.privacy')}</div>
    </section>
  );
}
