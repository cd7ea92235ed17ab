import { en } from './en.ts';
import { zhCN } from './zh-cn.ts';

/**
 * What a user reads of a failure is rendered here, at the edge, in the request's language: domain
 * code throws a stable `code` with `params`, and rows that are stored (notifications, audit) keep
 * codes and params too, never prose.
 */

type Widen<T> = {
  -readonly [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : Widen<T[K]>;
};
/** The shape of a language's catalogue: zh-cn.ts's keys and params. */
export type MessageCatalogue = Widen<typeof zhCN>;

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
const catalogues: Record<Locale, MessageCatalogue> = { 'zh-CN': zhCN, en };

export type FailureCode = keyof MessageCatalogue['failures'];
export type ProblemCode = keyof MessageCatalogue['problems'];
export type ThingCode = keyof MessageCatalogue['things'];
type ParamsOf<F> = F extends (params: infer P) => string ? P : F extends () => string ? Record<string, never> : never;
export type FailureParams<C extends FailureCode> = ParamsOf<MessageCatalogue['failures'][C]>;
export type ProblemParams<C extends ProblemCode> = ParamsOf<MessageCatalogue['problems'][C]>;
export type WarningCode = keyof MessageCatalogue['warnings'];
export type WarningParams<C extends WarningCode> = ParamsOf<MessageCatalogue['warnings'][C]>;
export type LayoutProblemCode = keyof MessageCatalogue['layoutProblems'];
export type LayoutProblemParams<C extends LayoutProblemCode> = ParamsOf<MessageCatalogue['layoutProblems'][C]>;
export type ImportProblemCode = keyof MessageCatalogue['importProblems'];
export type ImportProblemParams<C extends ImportProblemCode> = ParamsOf<MessageCatalogue['importProblems'][C]>;
export type NoteCode = keyof MessageCatalogue['notes'];
export type NoteParams<C extends NoteCode> = ParamsOf<MessageCatalogue['notes'][C]>;

/**
 * The language of a request from its `Accept-Language` header (RFC 9110 weights): the first
 * supported language by weight; zh-CN when none is supported or the header is absent.
 */
export function localeOf(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranges = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const weight = parameters.map((parameter) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), weight: weight === undefined ? 1 : Number(weight), index };
    })
    .filter((range) => range.tag !== '' && Number.isFinite(range.weight) && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === 'zh' || range.tag.startsWith('zh-') || range.tag === '*') return 'zh-CN';
    if (range.tag === 'en' || range.tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}

export function failureMessage<C extends FailureCode>(locale: Locale, code: C, params: FailureParams<C>): string {
  const render = catalogues[locale].failures[code] as (params: unknown) => string;
  return render(params);
}

export function problemMessage(locale: Locale, code: string, params: Record<string, unknown> | undefined): string {
  const problems = catalogues[locale].problems as Record<string, ((params: unknown) => string) | undefined>;
  const render = problems[code] ?? problems.custom!;
  return render(params ?? {});
}

/** True when `code` names a field problem in the catalogue (a custom zod issue's `params.problem`). */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && code in zhCN.problems;
}

/** A sizing-rule warning (server/grids/grid-rules.ts) in `locale`. */
export function warningMessage<C extends WarningCode>(locale: Locale, code: C, params: WarningParams<C>): string {
  return (catalogues[locale].warnings[code] as (params: unknown) => string)(params);
}

/** A problem of a plan's layout (server/plans/materialize-plan-layout.ts) in `locale`. */
export function layoutProblemMessage<C extends LayoutProblemCode>(locale: Locale, code: C, params: LayoutProblemParams<C>): string {
  return (catalogues[locale].layoutProblems[code] as (params: unknown) => string)(params);
}

/** A stored note (timeline, notification) in `locale`; a code this catalogue does not know is shown as itself. */
export function noteMessage(locale: Locale, code: string, params: Record<string, unknown>): string {
  const render = (catalogues[locale].notes as Record<string, ((params: unknown) => string) | undefined>)[code];
  return render ? render(params) : code;
}

/** Why a scheduled plan was not published (plans.status_reason holds a failure code). */
export function planStatusReasonMessage(locale: Locale, code: string): string {
  const reasons = catalogues[locale].planStatusReasons as Record<string, (() => string) | undefined>;
  return (reasons[code] ?? reasons.plan_publication_failed!)();
}

export function isWarningCode(code: unknown): code is WarningCode {
  return typeof code === 'string' && code in zhCN.warnings;
}

export function isLayoutProblemCode(code: unknown): code is LayoutProblemCode {
  return typeof code === 'string' && code in zhCN.layoutProblems;
}

/** Why a grid assignment ended (grid_assignments.end_code), in `locale`; an unknown code reads as the generic end. */
export function assignmentEndMessage(locale: Locale, code: string, params: Record<string, unknown>): string {
  const ends = catalogues[locale].assignmentEnds as Record<string, ((params: unknown) => string) | undefined>;
  return (ends[code] ?? ends.other!)(params);
}

export type ImportReportCode = keyof MessageCatalogue['importReport'];
export type ImportReportParams<C extends ImportReportCode> = ParamsOf<MessageCatalogue['importReport'][C]>;

/** A problem of an import's validation report (server/import), or its CRS question, in `locale`; an unknown code reads as itself. */
export function importReportMessage(locale: Locale, code: string, params: Record<string, unknown> | undefined): string {
  type Renderers = Record<string, ((params: unknown) => string) | undefined>;
  // the commit's territory and status problems (importProblems) are report rows too
  const render = (catalogues[locale].importReport as Renderers)[code] ?? (catalogues[locale].importProblems as Renderers)[code];
  return render ? render(params ?? {}) : code;
}

/** A row problem of an import's validation report, in `locale`. */
export function importProblemMessage<C extends ImportProblemCode>(locale: Locale, code: C, params: ImportProblemParams<C>): string {
  return (catalogues[locale].importProblems[code] as (params: unknown) => string)(params);
}

export function isImportProblemCode(code: unknown): code is ImportProblemCode {
  return typeof code === 'string' && code in zhCN.importProblems;
}
