import './import.css';
import { Alert, Button, Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api/api-types.ts';
import { ExportMenu } from './export-menu.tsx';
import { ImportWizard } from './import-wizard.tsx';

/** The import/export page: the wizard for planners and administrators, exports beside it. */
export function ImportPage(props: { session: Session | null; checked: boolean; onSignIn: () => void }) {
  const { t } = useTranslation();
  const user = props.session?.user ?? null;
  if (!props.checked) return <main className="app-body import-page" />;
  if (!user || (user.role !== 'planner' && user.role !== 'admin')) {
    return (
      <main className="app-body import-page">
        <Alert type="info" showIcon title={t('import.refused')} action={!user ? <Button size="small" onClick={props.onSignIn}>{t('session.signIn')}</Button> : undefined} />
      </main>
    );
  }
  return (
    <main className="app-body import-page">
      <Card size="small" title={t('import.title')} extra={
        <Space><span className="muted">{t('import.export.note')}</span><ExportMenu datasets={['communities', 'grids', 'workers', 'households', 'incidents', 'risk-sources'].filter((dataset) => dataset !== 'households' || user.role === 'admin')} /></Space>
      }>
        <ImportWizard csrfToken={props.session?.csrfToken ?? null} />
      </Card>
    </main>
  );
}
