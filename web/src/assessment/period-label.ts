import type { TFunction } from 'i18next';

/** A period code in words: 2026-11 → 2026年11月, 2026-Q3 → 2026年第3季度, 2026 → 2026年度 (or the English forms). */
export function periodLabel(code: string, t: TFunction): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter) return t('assessment.periodQuarter', { year: quarter[1], quarter: quarter[2] });
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month) {
    const monthName = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(month[2]) - 1, 1)));
    return t('assessment.periodMonth', { year: month[1], month: Number(month[2]), monthName });
  }
  return t('assessment.periodYear', { year: code });
}
