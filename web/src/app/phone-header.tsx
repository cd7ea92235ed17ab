import { ExperimentOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { rememberLanguage, type Language } from '../i18n/i18n.ts';
import { GridMark } from './grid-mark.tsx';
import type { ViewRoute } from './route-table.ts';

const UserMenu = lazy(() => import('./user-menu.tsx'));

/** One button naming the other language (phones have no room for a two-way switch). */
export function LanguageButton() {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <Button type="text" size="small" className="user-button language-button"
      data-testid={language === 'en' ? 'language-zh' : 'language-en'}
      onClick={() => rememberLanguage(language === 'en' ? 'zh-CN' : 'en')}>
      {/* each language is named in itself */}
      <span lang={language === 'en' ? 'zh-CN' : 'en'}>{language === 'en' ? '中' : 'EN'}</span>
    </Button>
  );
}

/**
 * The header of a phone page (resident, grid worker): the brand, the demo notice and the language —
 * no staff navigation. A page for signed-in users (the worker's) also gets the sign-in / user menu.
 */
export function PhoneHeader(props: { route: ViewRoute }) {
  const { t } = useTranslation();
  return (
    <header className="app-header phone-header">
      <div className="brand" data-testid="brand" title="GridAtlas 网格图">
        <GridMark />
        <span className="brand-name" data-testid="product-name" data-brand="">{t('app.productName')}</span>
      </div>
      <div className="header-end">
        <span className="demo-badge" data-testid="demo-badge" title={t('app.demoBadgeTooltip')}>
          <ExperimentOutlined /> <span className="demo-badge-text">{t('app.demoBadge')}</span>
        </span>
        <LanguageButton />
        {props.route.access && <Suspense fallback={null}><UserMenu /></Suspense>}
      </div>
    </header>
  );
}
