import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskSourceProperties } from '../../../contract/risks.ts';
import { riskLevelColour } from '../map/map-palette.ts';
import { DetailFrame } from './detail-frame.tsx';
import { formatDate } from './format.ts';

export function RiskSourceDetail({ riskSource, onClose }: { riskSource: RiskSourceProperties; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <DetailFrame
      kind={t('detail.riskSource')}
      title={riskSource.name}
      onClose={onClose}
      testId="risk-source-detail"
      extra={
        <>
          <Tag color={riskLevelColour(riskSource.level)} className="level-tag">
            {t(`riskLevel.${riskSource.level}`)}
          </Tag>
          <Tag color={riskSource.inspectionOverdue ? 'red' : 'green'} variant="filled">
            {riskSource.inspectionOverdue ? t('detail.inspectionOverdue') : t('detail.inspectionOk')}
          </Tag>
        </>
      }
    >
      <Descriptions size="small" column={1} bordered className="detail-descriptions">
        <Descriptions.Item label={t('detail.kind')}>{t(`riskKind.${riskSource.kind}`, { defaultValue: riskSource.kind })}</Descriptions.Item>
        <Descriptions.Item label={t('detail.level')}>
          <span className="swatch" style={{ background: riskLevelColour(riskSource.level) }} />
          {t(`riskLevel.${riskSource.level}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.lastInspected')}>
          {formatDate(riskSource.lastInspectedOn)}
          {riskSource.inspectionCycleDays ? <span className="muted"> · {riskSource.inspectionCycleDays} d</span> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.emergencyPlan')}>{riskSource.emergencyPlan ?? t('detail.none')}</Descriptions.Item>
      </Descriptions>
    </DetailFrame>
  );
}
