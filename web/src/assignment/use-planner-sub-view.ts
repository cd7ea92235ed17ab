import { useCallback, useEffect, useState } from 'react';

export type PlannerSubView = 'main' | 'assignment';

function subViewFromHash(hash: string): PlannerSubView {
  const [view, sub] = hash.replace(/^#\/?/, '').split(/[/?]/);
  return view === 'planner' && sub === 'assignment' ? 'assignment' : 'main';
}

/** The planner tab's sub-view, kept in the hash (#/planner/assignment) so a link opens it. */
export function usePlannerSubView(): [PlannerSubView, (next: PlannerSubView) => void] {
  const [subView, setSubView] = useState<PlannerSubView>(() => subViewFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setSubView(subViewFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const navigate = useCallback((next: PlannerSubView) => {
    window.location.hash = next === 'assignment' ? '/planner/assignment' : '/planner';
  }, []);
  return [subView, navigate];
}
