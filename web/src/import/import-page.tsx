import './import.css';
import { Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { ExportMenu } from './export-menu.tsx';
import { ImportWizard } from './import-wizard.tsx';

/** The import/export page (`#/import`): the wizard for planners and administrators (the route table checks the role), exports beside it. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const user = session?.user;
  if (!user) return null;
  return (
    <main className="app-body import-page">
      <Card size="small" title={t('import.title')} extra={
        <Space><span className="muted">{t('import.export.note')}</span><ExportMenu datasets={['communities', 'grids', 'workers', 'households', 'incidents', 'risk-sources'].filter((dataset) => dataset !== 'households' || user.role === 'admin')} /></Space>
      }>
        <ImportWizard />
      </Card>
    </main>
  );
}
