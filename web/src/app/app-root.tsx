import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Router, useLocation } from 'wouter';
import { createQueryClient } from '../api/query-client.ts';
import { http } from '../api/http-client.ts';
import { setZoneTimeZone } from '../panels/format.ts';
import type { Clock } from '../../../contract/system.ts';
import { appTheme } from './app-theme.ts';
import { useHashPath } from './hash-location.ts';
import { PhoneHeader } from './phone-header.tsx';
import { defaultRoute, matchViewRoute, mayOpen, viewPath, type ViewRoute } from './route-table.ts';
import { SessionProvider, useSession } from './session.tsx';
import { useNarrowScreen } from './use-narrow-screen.ts';

// the staff header, the refusal and the sign-in dialog are chunks of their own: a resident's phone never loads them
const StaffHeader = lazy(() => import('./staff-header.tsx'));
const ViewRefusal = lazy(() => import('./view-refusal.tsx'));
const SignInDialog = lazy(() => import('./sign-in-dialog.tsx'));

export const pageLoading = <div className="panel-loading"><Spin /></div>;

/** A view that needs a role: nothing until the session is known, then the view or a refusal. */
function GatedView(props: { route: ViewRoute; params: Record<string, string | undefined> }) {
  const { session, checked } = useSession();
  const { route } = props;
  if (route.access && !checked) return <main className="app-body role-page" />;
  if (!mayOpen(route, session?.user?.role ?? null)) return <ViewRefusal route={route} />;
  return <route.component route={route} params={props.params} />;
}

/** The sign-in dialog, loaded the first time someone asks to sign in. */
function SignInSlot() {
  const { signInOpen } = useSession();
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (signInOpen) setWanted(true);
  }, [signInOpen]);
  return wanted ? <Suspense fallback={null}><SignInDialog /></Suspense> : null;
}

/**
 * The one router outlet: the hash path picks a view from the route table; the view's shell (staff
 * header, phone header or full screen) goes around it; an unknown path goes to the first view.
 */
function ViewOutlet() {
  const [path] = useLocation();
  const { t, i18n } = useTranslation();
  const narrow = useNarrowScreen();
  const match = matchViewRoute(path);
  const titleKey = match?.route.titleKey;
  useEffect(() => {
    if (titleKey) document.title = `${t(titleKey)} · ${t('app.productName')}`;
  }, [titleKey, t]);
  if (!match) return <Redirect to={viewPath(defaultRoute)} replace />;
  const { route, params } = match;
  const view = <Suspense fallback={pageLoading}><GatedView route={route} params={params} /></Suspense>;
  if (route.shell === 'wall') return view;
  return (
    <div className={`app ${narrow ? 'app-narrow' : ''} app-${route.shell}`} data-view={route.view} data-language={i18n.language}>
      {route.shell === 'staff'
        ? <Suspense fallback={<header className="app-header" />}><StaffHeader route={route} narrow={narrow} /></Suspense>
        : <PhoneHeader route={route} />}
      {view}
    </div>
  );
}

const queryClient = createQueryClient();

/** Everything around the views: server state (TanStack Query), the hash router, antd's locale and theme, the session. */
export function AppRoot() {
  const { i18n } = useTranslation();
  const [, setZoneRead] = useState(false);
  // every time a person reads is in the zone's time: ask the server which zone that is, once
  useEffect(() => {
    http.get<Clock>('/api/clock').then((clock) => {
      setZoneTimeZone(clock.timeZone);
      setZoneRead(true);
    }, () => undefined);
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={useHashPath} searchHook={useHashPath.searchHook} hrefs={useHashPath.hrefs}>
        {/* no space inserted between two Chinese characters on buttons (现在, 派遣, 提交 — not 现 在) */}
        <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={appTheme} button={{ autoInsertSpace: false }}>
          <SessionProvider>
            <ViewOutlet />
            <SignInSlot />
          </SessionProvider>
        </ConfigProvider>
      </Router>
    </QueryClientProvider>
  );
}
