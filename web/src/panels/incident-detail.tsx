import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Category, IncidentProperties } from '../../../contract/incidents.ts';
import { majorCategoryColours } from '../map/map-palette.ts';
import { DetailFrame } from './detail-frame.tsx';
import { formatDateTime } from './format.ts';

const openStatuses = new Set(['reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework']);

export function statusColour(status: string): string {
  if (status === 'closed') return 'green';
  if (status === 'rejected') return 'default';
  if (status === 'backlog' || status === 'rework') return 'volcano';
  return 'blue';
}

export function isOpenIncident(status: string): boolean {
  return openStatuses.has(status);
}

/** An incident as the map knows it; the full case file belongs to the command view of a later issue. */
export function IncidentDetail(props: { incident: IncidentProperties; categories: Category[]; gridName: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { incident } = props;
  const english = i18n.language === 'en';
  const major = props.categories.find((category) => category.code === incident.majorCode);
  const overdue = incident.dueAt !== null && incident.closedAt === null && Date.parse(incident.dueAt) < Date.now() && isOpenIncident(incident.status);
  return (
    <DetailFrame
      kind={t('detail.incident')}
      title={english ? incident.categoryNameEn : incident.categoryNameZh}
      onClose={props.onClose}
      testId="incident-detail"
      extra={
        <>
          <Tag color={statusColour(incident.status)}>{t(`status.${incident.status}`)}</Tag>
          {overdue && <Tag color="red">{english ? 'Overdue' : '已超期'}</Tag>}
        </>
      }
    >
      <Descriptions size="small" column={1} bordered className="detail-descriptions">
        <Descriptions.Item label={t('detail.trackingCode')}>
          <span className="mono">{incident.trackingCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.category')}>
          <span className="swatch" style={{ background: majorCategoryColours[incident.majorCode] }} />
          {major ? (english ? major.nameEn : major.nameZh) : t(`majorCategory.${incident.majorCode}`)} ·{' '}
          {english ? incident.categoryNameEn : incident.categoryNameZh} <span className="muted mono">{incident.categoryCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.source')}>{t(`source.${incident.source}`, { defaultValue: incident.source })}</Descriptions.Item>
        <Descriptions.Item label={t('detail.grid')}>{props.gridName ?? t('detail.none')}</Descriptions.Item>
        <Descriptions.Item label={t('detail.reportedAt')}>{formatDateTime(incident.reportedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.dueAt')}>{formatDateTime(incident.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.closedAt')}>{formatDateTime(incident.closedAt)}</Descriptions.Item>
      </Descriptions>
    </DetailFrame>
  );
}
