import { useCallback, useEffect, useState } from 'react';
import { roleViewFromHash, type RoleView } from './role-views.ts';

/** The current role view, kept in the URL hash so reloads and shared links land on it. */
export function useRoleViewRoute(): [RoleView, (view: RoleView) => void] {
  const [view, setView] = useState<RoleView>(() => roleViewFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setView(roleViewFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const navigate = useCallback((next: RoleView) => {
    window.location.hash = `/${next}`;
  }, []);
  return [view, navigate];
}
