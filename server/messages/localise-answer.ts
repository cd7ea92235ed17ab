import { importProblemMessage, isImportProblemCode, isLayoutProblemCode, isWarningCode, layoutProblemMessage, warningMessage, type Locale } from './message-catalogue.ts';

/**
 * Rule warnings and layout problems are made deep inside pure code (grid-rules.ts,
 * materialize-plan-layout.ts) that knows no request; they carry `code` + `params` and a zh-CN
 * `message`. At the edge — the route answering, or app.onError writing a failure's details — this
 * renders every such message again in the request's language. Geometry is not walked.
 */
export function localiseAnswer<T>(value: T, locale: Locale): T {
  if (locale === 'zh-CN') return value;
  visit(value, locale, 0);
  return value;
}

function visit(value: unknown, locale: Locale, depth: number): void {
  if (depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (typeof value[0] === 'number') return;
    for (const item of value) visit(item, locale, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.code === 'string' && typeof record.message === 'string' && record.params && typeof record.params === 'object') {
    const params = record.params as Record<string, unknown>;
    if (isWarningCode(record.code)) record.message = warningMessage(locale, record.code, params as never);
    else if (isLayoutProblemCode(record.code)) record.message = layoutProblemMessage(locale, record.code, params as never);
    else if (isImportProblemCode(record.code)) record.message = importProblemMessage(locale, record.code, params as never);
  }
  for (const [key, child] of Object.entries(record)) {
    if (key === 'geometry' || key === 'coordinates' || key === 'params') continue;
    visit(child, locale, depth + 1);
  }
}
