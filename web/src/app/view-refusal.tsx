import { LoginOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ViewRoute } from './route-table.ts';
import { useSession } from './session.tsx';

/** A view the viewer's role may not open: whom it is for, and a sign-in button when nobody is signed in. */
export default function ViewRefusal(props: { route: ViewRoute }) {
  const { t } = useTranslation();
  const { session, openSignIn } = useSession();
  const user = session?.user ?? null;
  const access = props.route.access!;
  const text = !user && access.signedOutKey ? t(access.signedOutKey) : t(access.refusalKey, { role: user ? t(`session.role.${user.role}`) : '' });
  return (
    <main className="app-body role-page">
      <Result status="403" className="role-refusal" data-testid="role-refusal" title={text}
        extra={!user && <Button type="primary" icon={<LoginOutlined />} onClick={openSignIn} data-testid="role-page-sign-in">{t('deskAccess.signIn')}</Button>} />
    </main>
  );
}
