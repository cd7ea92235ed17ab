import { ExperimentOutlined } from '@ant-design/icons';
import { Segmented, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { rememberLanguage, type Language } from '../i18n/i18n.ts';
import { GridMark } from './grid-mark.tsx';
import { LanguageButton } from './phone-header.tsx';
import { headerRoutes, viewPath, type ViewRoute } from './route-table.ts';
import { useSession } from './session.tsx';
import UserMenu from './user-menu.tsx';

/**
 * The staff header: brand, a tab per view the signed-in role uses (from the route table), the
 * language switch and the user menu. Loaded with the first staff page, never on a phone page.
 */
export default function StaffHeader(props: { route: ViewRoute; narrow: boolean }) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const { session } = useSession();
  const language = i18n.language as Language;
  const tabs = headerRoutes(session?.user?.role ?? null);
  const goTo = (view: string) => {
    const target = tabs.find((route) => route.view === view);
    if (target) navigate(viewPath(target));
  };
  return (
    <header className="app-header">
      <div className="brand" data-testid="brand" title="GridAtlas 网格图">
        <GridMark />
        <span className="brand-name" data-testid="product-name" data-brand="">{t('app.productName')}</span>
        <span className="brand-divider" />
        <span className="brand-street">{t('app.streetName')}</span>
      </div>
      {props.narrow ? (
        // a phone-width screen has no room for a tab per view (English names were cut to one letter):
        // one picker naming the current view, the others in its list
        <Select<string>
          className="role-views-picker"
          classNames={{ popup: { root: 'role-views-picker-popup' } }}
          aria-label={t('app.views')}
          data-testid="view-picker"
          value={props.route.view}
          popupMatchSelectWidth={false}
          onChange={goTo}
          options={tabs.map((route) => ({ value: route.view, label: <span data-testid={`view-${route.view}`}>{t(route.titleKey)}</span> }))}
        />
      ) : (
        <Segmented<string>
          className="role-views"
          value={props.route.view}
          onChange={goTo}
          options={tabs.map((route) => ({ value: route.view, label: <span data-testid={`view-${route.view}`}>{t(route.titleKey)}</span> }))}
        />
      )}
      <div className="header-end">
        <Tooltip title={t('app.demoBadgeTooltip')} placement="bottomRight">
          <span className="demo-badge" data-testid="demo-badge">
            <ExperimentOutlined /> <span className="demo-badge-text">{t('app.demoBadge')}</span>
          </span>
        </Tooltip>
        {props.narrow ? (
          <LanguageButton />
        ) : (
          <Segmented<Language>
            size="small"
            className="language-switch"
            value={language}
            onChange={(next) => rememberLanguage(next)}
            options={[
              { value: 'zh-CN', label: <span data-testid="language-zh" lang="zh-CN">中文</span> },
              { value: 'en', label: <span data-testid="language-en" lang="en">EN</span> },
            ]}
          />
        )}
        <UserMenu />
      </div>
    </header>
  );
}
