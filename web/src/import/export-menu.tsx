import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { exportUrl } from './import-api.ts';

const formats = ['xlsx', 'csv', 'geojson', 'shapefile', 'kml'] as const;

/** An export button for a dataset the user is looking at; the filters of the view travel along. */
export function ExportMenu(props: { datasets: string[]; filters?: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  const items = props.datasets.map((dataset) => ({
    key: dataset,
    label: t(`import.export.datasets.${dataset}`),
    children: formats.map((format) => ({
      key: `${dataset}.${format}`,
      label: <a href={exportUrl(dataset, format, props.filters, format === 'shapefile' ? 'GBK' : undefined)} download>{t(`import.export.formats.${format}`)}</a>,
    })),
  }));
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button size="small" icon={<DownloadOutlined />} title={t('import.export.note')} data-testid="export-menu">{t('import.export.button')}</Button>
    </Dropdown>
  );
}
