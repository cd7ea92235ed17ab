import { yearsEarlier } from '../time/zone.ts';
import { kpiNames, type KpiValues } from './kpis.repo.ts';

export interface Period {
  from: Date;
  to: Date;
}

/** 环比: the period of the same length just before. */
export function previousPeriod({ from, to }: Period): Period {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: new Date(from) };
}

/** 同比: the same local dates and times one year earlier in the zone's calendar (29 February becomes 28 February). */
export function sameTimeLastYear({ from, to }: Period, timeZone: string): Period {
  return { from: yearsEarlier(from, 1, timeZone), to: yearsEarlier(to, 1, timeZone) };
}

export interface KpiComparison {
  name: (typeof kpiNames)[number];
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  /** (value − previous) / previous; null when there is nothing to compare with (previous null or 0). */
  monthOnMonth: number | null;
  yearOnYear: number | null;
}

export function compareKpis(current: KpiValues, previous: KpiValues, lastYear: KpiValues): KpiComparison[] {
  return kpiNames.map((name) => ({
    name,
    value: current[name],
    previous: previous[name],
    lastYear: lastYear[name],
    monthOnMonth: relativeChange(current[name], previous[name]),
    yearOnYear: relativeChange(current[name], lastYear[name]),
  }));
}

function relativeChange(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return (value - base) / base;
}
