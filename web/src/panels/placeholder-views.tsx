import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Collection, CommunityProperties } from '../api/api-types.ts';

/** A note that a view's own tools come later, so the placeholder reads as a plan, not a bug. */
export function ComingSoon({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      className="coming-soon"
      type="info"
      showIcon
      title={<Tag color="blue" variant="filled">{t('overview.comingSoon')}</Tag>}
      description={text}
    />
  );
}

/** Residents first need their community's service hall and duty phone. */
export function CommunityCards({ communities }: { communities: Collection<CommunityProperties> }) {
  const { t } = useTranslation();
  return (
    <div className="community-cards">
      {communities.features.map(({ properties: community }) => (
        <div className="community-card" key={community.id}>
          <div className="community-card-title">
            {community.name}
            <span className="muted">
              {community.gridCount} {t('overview.grids')}
            </span>
          </div>
          {community.serviceHallAddress && (
            <div>
              <EnvironmentOutlined /> {community.serviceHallAddress}
              {community.serviceHallHours ? <span className="muted"> · {community.serviceHallHours}</span> : null}
            </div>
          )}
          {community.dutyPhone && (
            <div>
              <PhoneOutlined /> {community.dutyPhone}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
