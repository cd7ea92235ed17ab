import { useEffect, useState } from 'react';
import { territoryApi } from '../api/territory-api.ts';
import type { GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import { formatDate } from '../panels/format.ts';

const dayMilliseconds = 86_400_000;
/** The time slider reaches back 24 months. */
export const sliderDays = 730;

/** The zone's calendar date (UTC+8) `offsetDays` from today, as YYYY-MM-DD. */
export function zoneDate(offsetDays: number, now = Date.now()): string {
  return formatDate(new Date(now + offsetDays * dayMilliseconds).toISOString());
}

/** Whole days from today back to a YYYY-MM-DD date (negative in the past). */
export function offsetOfDate(date: string, now = Date.now()): number {
  const today = Date.parse(`${zoneDate(0, now)}T00:00:00+08:00`);
  return Math.round((Date.parse(`${date}T00:00:00+08:00`) - today) / dayMilliseconds);
}

/**
 * The layout of a past day is the one in force at the close of that day (23:59:59 in the zone),
 * so "yesterday" includes yesterday's edits and nothing of today's.
 */
export function instantOfDate(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/** Grids as they were on `date` (null: the current layout, nothing loaded here). */
export function usePastGrids(date: string | null): { grids: Collection<GridProperties> | null; loading: boolean; error: string | null } {
  const [state, setState] = useState<{ date: string | null; grids: Collection<GridProperties> | null; error: string | null }>({
    date: null, grids: null, error: null,
  });
  useEffect(() => {
    if (date === null) {
      setState({ date: null, grids: null, error: null });
      return undefined;
    }
    const abort = new AbortController();
    territoryApi.grids({ at: instantOfDate(date) }, abort.signal).then(
      (grids) => setState({ date, grids, error: null }),
      (failure: unknown) => {
        if (!abort.signal.aborted) setState({ date, grids: null, error: failure instanceof Error ? failure.message : String(failure) });
      },
    );
    return () => abort.abort();
  }, [date]);
  const current = state.date === date;
  return { grids: current ? state.grids : null, loading: date !== null && (!current || (!state.grids && !state.error)), error: current ? state.error : null };
}

/** The date the map shows: null is "now". */
export function useLayoutDate(): [string | null, (date: string | null) => void] {
  const [date, setDate] = useState<string | null>(null);
  return [date, (next) => setDate(next === null || next >= zoneDate(0) ? null : next)];
}
