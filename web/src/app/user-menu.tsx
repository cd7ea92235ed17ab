import { KeyOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.tsx';

const ApiKeysDialog = lazy(() => import('../api-keys/api-keys-dialog.tsx'));

/** Sign-in button, or the signed-in user's menu (role, API keys for administrators, sign out). */
export default function UserMenu() {
  const { t } = useTranslation();
  const { session, openSignIn, signOut } = useSession();
  const [apiKeysOpen, setApiKeysOpen] = useState(false);
  const user = session?.user ?? null;
  if (!user) {
    return (
      <Button type="text" size="small" className="user-button" icon={<LoginOutlined />} onClick={openSignIn} data-testid="sign-in">
        <span className="user-name">{t('session.signIn')}</span>
      </Button>
    );
  }
  return (
    <>
      {apiKeysOpen && <Suspense fallback={null}><ApiKeysDialog open={apiKeysOpen} onClose={() => setApiKeysOpen(false)} /></Suspense>}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'role', label: t(`session.role.${user.role}`), disabled: true },
            ...(user.role === 'admin' ? [{ key: 'api-keys', label: t('apiKeys.menu'), icon: <KeyOutlined />, onClick: () => setApiKeysOpen(true) }] : []),
            { key: 'sign-out', label: t('session.signOut'), icon: <LogoutOutlined />, onClick: () => void signOut() },
          ],
        }}
      >
        <Button type="text" size="small" className="user-button" icon={<UserOutlined />} data-testid="user-menu">
          <span className="user-name" data-person-name="">{user.displayName}</span>
        </Button>
      </Dropdown>
    </>
  );
}
