import { useCallback, useEffect, useState } from 'react';
import type { PlanDetail } from '../../../contract/plans.ts';
import { plansApi } from '../api/plans-api.ts';

/** The open plan's detail, reloaded after each step; the id survives reloads in sessionStorage. */
export function usePlan(): {
  planId: number | null;
  detail: PlanDetail | null;
  error: string | null;
  openPlan: (planId: number | null) => void;
  reloadPlan: () => void;
} {
  const [planId, setPlanId] = useState<number | null>(() => {
    const stored = Number(window.sessionStorage.getItem('gridatlas.plan'));
    return Number.isInteger(stored) && stored > 0 ? stored : null;
  });
  const [detail, setDetail] = useState<PlanDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (planId === null) {
      setDetail(null);
      return;
    }
    const abort = new AbortController();
    setError(null);
    plansApi.detail(planId, abort.signal).then(
      (answer) => setDetail(answer),
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        // a plan that no longer opens (deleted database, no permission) closes quietly
        setError(failure instanceof Error ? failure.message : String(failure));
        setPlanId(null);
        window.sessionStorage.removeItem('gridatlas.plan');
      },
    );
    return () => abort.abort();
  }, [planId, version]);

  const openPlan = useCallback((next: number | null) => {
    if (next === null) window.sessionStorage.removeItem('gridatlas.plan');
    else window.sessionStorage.setItem('gridatlas.plan', String(next));
    setDetail(null);
    setPlanId(next);
    setVersion((value) => value + 1);
  }, []);
  const reloadPlan = useCallback(() => setVersion((value) => value + 1), []);
  return { planId, detail: planId === null ? null : detail, error, openPlan, reloadPlan };
}
