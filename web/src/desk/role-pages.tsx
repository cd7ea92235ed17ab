import { LoginOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api/api-types.ts';
import { AuditLogView } from '../audit/audit-log-view.tsx';
import { WorkerView } from '../worker/worker-view.tsx';
import { CaseDesk } from './case-desk.tsx';
import './case-views.css';

// the public resident page loads only when someone opens it
const ResidentPage = lazy(() => import('../resident/resident-page.tsx'));

/** The views that are whole pages rather than the dashboard's panel and map. */
export type RolePageName = 'cases' | 'worker' | 'audit' | 'resident';

export function isRolePage(view: string): view is RolePageName {
  return view === 'cases' || view === 'worker' || view === 'audit' || view === 'resident';
}

/**
 * The case desk, the worker's phone view and the audit log, each shown only to the roles that use
 * it (the server enforces the same); anyone else is told plainly whom the page is for.
 */
export function RolePage(props: { view: RolePageName; session: Session | null; checked: boolean; narrow: boolean; onSignIn: () => void }) {
  const { t } = useTranslation();
  const user = props.session?.user ?? null;
  const csrfToken = props.session?.csrfToken ?? null;
  if (props.view === 'resident') {
    // for everyone, no account needed; a staff session only adds its CSRF token to the writes
    return (
      <main className="app-body role-page role-page-phone resident-main">
        <Suspense fallback={<div className="panel-loading"><Spin /></div>}><ResidentPage csrfToken={csrfToken} /></Suspense>
      </main>
    );
  }
  if (!props.checked) return <main className="app-body role-page" />;

  const refuse = (text: string) => (
    <main className="app-body role-page">
      <Result status="403" className="role-refusal" data-testid="role-refusal" title={text}
        extra={!user && <Button type="primary" icon={<LoginOutlined />} onClick={props.onSignIn} data-testid="role-page-sign-in">{t('deskAccess.signIn')}</Button>} />
    </main>
  );

  if (props.view === 'worker') {
    if (!user) return refuse(t('worker.signInNeeded'));
    if (user.role !== 'worker') return refuse(t('worker.notWorker', { role: t(`session.role.${user.role}`) }));
    return <main className="app-body role-page role-page-phone"><WorkerView user={user} csrfToken={csrfToken} /></main>;
  }
  if (props.view === 'cases') {
    if (!user || (user.role !== 'dispatcher' && user.role !== 'admin')) return refuse(t('deskAccess.needRole'));
    return <main className="app-body role-page"><CaseDesk csrfToken={csrfToken} narrow={props.narrow} /></main>;
  }
  if (!user || (user.role !== 'auditor' && user.role !== 'admin')) return refuse(t('audit.needRole'));
  return <main className="app-body role-page role-page-scroll"><AuditLogView /></main>;
}
