import { ExperimentOutlined, KeyOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Segmented, Tooltip } from 'antd';
import type { SessionUser } from '../api/api-types.ts';
import { useTranslation } from 'react-i18next';
import { rememberLanguage, type Language } from '../i18n/i18n.ts';
import { roleViewsFor, type RoleView } from './role-views.ts';
import { lazy, Suspense, useState } from 'react';

const ApiKeysDialog = lazy(() => import('../api-keys/api-keys-dialog.tsx'));

function GridMark() {
  // a 3×3 grid with one cell lit: the product's mark, drawn inline so it needs no file
  return (
    <svg className="grid-mark" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#2f7bd0" />
      {[0, 1, 2].flatMap((row) =>
        [0, 1, 2].map((column) => (
          <rect key={`${row}${column}`} x={4.5 + column * 5.3} y={4.5 + row * 5.3} width="4.3" height="4.3" rx="1"
            fill={row === 1 && column === 2 ? '#ffd166' : 'rgba(255,255,255,0.88)'} />
        )),
      )}
    </svg>
  );
}

export function AppHeader(props: {
  view: RoleView;
  onViewChange: (view: RoleView) => void;
  user: SessionUser | null;
  onSignIn: () => void;
  onSignOut: () => void;
  /** Phones: the language switch shrinks to one button naming the other language. */
  narrow: boolean;
}) {
  const { view, onViewChange, user } = props;
  const { t, i18n } = useTranslation();
  const [apiKeysOpen, setApiKeysOpen] = useState(false);
  const language = i18n.language as Language;
  return (
    <header className="app-header">
      <div className="brand" data-testid="brand" title="GridAtlas 网格图">
        <GridMark />
        <span className="brand-name" data-testid="product-name">{t('app.productName')}</span>
        <span className="brand-divider" />
        <span className="brand-street">{t('app.streetName')}</span>
      </div>
      <Segmented<RoleView>
        className="role-views"
        value={view}
        onChange={onViewChange}
        options={roleViewsFor(user?.role ?? null).map((name) => ({ value: name, label: <span data-testid={`view-${name}`}>{t(`views.${name}`)}</span> }))}
      />
      <div className="header-end">
        <Tooltip title={t('app.demoBadgeTooltip')} placement="bottomRight">
          <span className="demo-badge" data-testid="demo-badge">
            <ExperimentOutlined /> <span className="demo-badge-text">{t('app.demoBadge')}</span>
          </span>
        </Tooltip>
        {props.narrow ? (
          <Button type="text" size="small" className="user-button language-button"
            data-testid={language === 'en' ? 'language-zh' : 'language-en'}
            onClick={() => rememberLanguage(language === 'en' ? 'zh-CN' : 'en')}>
            {language === 'en' ? '中' : 'EN'}
          </Button>
        ) : (
        <Segmented<Language>
          size="small"
          className="language-switch"
          value={language}
          onChange={(next) => rememberLanguage(next)}
          options={[
            { value: 'zh-CN', label: <span data-testid="language-zh">中文</span> },
            { value: 'en', label: <span data-testid="language-en">EN</span> },
          ]}
        />
        )}
        {apiKeysOpen && <Suspense fallback={null}><ApiKeysDialog open={apiKeysOpen} onClose={() => setApiKeysOpen(false)} /></Suspense>}
        {user ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'role', label: t(`session.role.${user.role}`), disabled: true },
                ...(user.role === 'admin' ? [{ key: 'api-keys', label: t('apiKeys.menu'), icon: <KeyOutlined />, onClick: () => setApiKeysOpen(true) }] : []),
                { key: 'sign-out', label: t('session.signOut'), icon: <LogoutOutlined />, onClick: props.onSignOut },
              ],
            }}
          >
            <Button type="text" size="small" className="user-button" icon={<UserOutlined />} data-testid="user-menu">
              <span className="user-name">{user.displayName}</span>
            </Button>
          </Dropdown>
        ) : (
          <Button type="text" size="small" className="user-button" icon={<LoginOutlined />} onClick={props.onSignIn} data-testid="sign-in">
            <span className="user-name">{t('session.signIn')}</span>
          </Button>
        )}
      </div>
    </header>
  );
}
