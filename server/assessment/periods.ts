import type { PeriodKind } from '../../contract/assessment.ts';
import { startOfLocalDay } from '../time/zone.ts';

/**
 * Assessment periods (按月评述、季总结、年考核): `2026-11`, `2026-Q3`, `2026`. Their bounds are local
 * days of the zone (server/time/zone.ts); a period's data are what happened from its first day up
 * to the first day after it, or up to now while it is still running.
 */
export interface Period {
  code: string;
  kind: PeriodKind;
  year: number;
  /** first local day, and the first local day after the period */
  from: string;
  to: string;
  /** the months it is made of, as month codes */
  months: string[];
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The period a code names, or undefined when the code is not one. */
export function parsePeriod(code: string): Period | undefined {
  let match = /^(\d{4})-(\d{2})$/.exec(code);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month < 1 || month > 12) return undefined;
    return { code, kind: 'month', year, from: `${year}-${pad(month)}-01`, to: firstOfMonthAfter(year, month), months: [code] };
  }
  match = /^(\d{4})-Q([1-4])$/.exec(code);
  if (match) {
    const year = Number(match[1]);
    const first = (Number(match[2]) - 1) * 3 + 1;
    const months = [first, first + 1, first + 2].map((month) => `${year}-${pad(month)}`);
    return { code, kind: 'quarter', year, from: `${year}-${pad(first)}-01`, to: firstOfMonthAfter(year, first + 2), months };
  }
  match = /^(\d{4})$/.exec(code);
  if (match) {
    const year = Number(match[1]);
    const months = Array.from({ length: 12 }, (_, index) => `${year}-${pad(index + 1)}`);
    return { code, kind: 'year', year, from: `${year}-01-01`, to: `${year + 1}-01-01`, months };
  }
  return undefined;
}

function firstOfMonthAfter(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
}

/** The period before, of the same kind (月比 / 季比 / 年比 in the ranking). */
export function previousPeriod(period: Period): string {
  if (period.kind === 'year') return String(period.year - 1);
  if (period.kind === 'quarter') {
    const quarter = Number(period.code.slice(-1));
    return quarter === 1 ? `${period.year - 1}-Q4` : `${period.year}-Q${quarter - 1}`;
  }
  const month = Number(period.code.slice(5));
  return month === 1 ? `${period.year - 1}-12` : `${period.year}-${pad(month - 1)}`;
}

/** The quarter and year a period lies in: signing those off closes it too. */
export function enclosingPeriods(period: Period): string[] {
  if (period.kind === 'year') return [];
  if (period.kind === 'quarter') return [String(period.year)];
  const month = Number(period.code.slice(5));
  return [`${period.year}-Q${Math.ceil(month / 3)}`, String(period.year)];
}

/** The month, quarter and year codes a period contains (itself included): their adjustments count in it. */
export function containedPeriods(period: Period): string[] {
  if (period.kind === 'month') return [period.code];
  if (period.kind === 'quarter') return [period.code, ...period.months];
  return [period.code, ...[1, 2, 3, 4].map((quarter) => `${period.year}-Q${quarter}`), ...period.months];
}

/** Instants bounding the period in the zone, and where its counting stops (`asOf`: now for a running period). */
export function periodInstants(period: Period, timeZone: string, now: Date): { start: Date; end: Date; asOf: Date } {
  const start = startOfLocalDay(period.from, timeZone);
  const end = startOfLocalDay(period.to, timeZone);
  return { start, end, asOf: now < end ? now : end };
}

/** How many months of the period have elapsed by `asOf`, a running month counted by its share of days. */
export function monthsElapsed(period: Period, timeZone: string, asOf: Date): number {
  let months = 0;
  for (const code of period.months) {
    const month = parsePeriod(code)!;
    const start = startOfLocalDay(month.from, timeZone).getTime();
    const end = startOfLocalDay(month.to, timeZone).getTime();
    if (asOf.getTime() >= end) months += 1;
    else if (asOf.getTime() > start) months += (asOf.getTime() - start) / (end - start);
  }
  return Math.round(months * 1000) / 1000;
}
