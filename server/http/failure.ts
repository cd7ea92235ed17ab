import type { z } from '@hono/zod-openapi';
import {
  failureMessage,
  isProblemCode,
  problemMessage,
  type FailureCode,
  type FailureParams,
  type Locale,
  type ProblemCode,
  type ProblemParams,
  type ThingCode,
} from '../messages/message-catalogue.ts';

export type { FailureCode } from '../messages/message-catalogue.ts';

/**
 * Expected failures — bad input, a missing object, a conflict — are values of this type.
 * Domain code throws them with a stable `code` and the `params` its message needs; only
 * `app.onError` turns a code into an HTTP status and renders the message in the request's language
 * (server/messages). Anything else that is thrown is a bug and answers 500.
 */
export const statusOfFailure: { readonly [C in FailureCode]: number } = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  plan_conflict: 409,
  worker_has_grid: 409,
  grid_no_longer_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  geometry_rejected: 422,
  empty_geometry_result: 422,
  locked: 423,
  rate_limited: 429,
  internal_error: 500,
};

/**
 * One problem with one field of a request: `field` is the dotted path (`items.1.location`), `code`
 * a field-problem code of the catalogue (zod's issue codes included) and `params` what its message
 * needs. `message` is filled in when the answer is rendered.
 */
export interface FieldProblem {
  field: string;
  /** Required once every site has a code (transitional: prose-only problems from before the catalogue lack one). */
  code?: string;
  params?: Record<string, unknown>;
  /** @deprecated transitional: English prose from before the catalogue; give the problem a code instead */
  message?: string;
}

export class Failure<C extends FailureCode = FailureCode> extends Error {
  readonly params: FailureParams<C> | Record<string, never>;
  /** Set only by the transitional constructor: prose that predates the catalogue, shown as is. */
  readonly legacyMessage: string | undefined;

  constructor(code: C, params: FailureParams<C>, details?: unknown);
  /** @deprecated transitional: English prose. Give the failure its own code and params in server/messages instead. */
  constructor(code: C, legacyMessage: string, details?: unknown);
  constructor(
    readonly code: C,
    paramsOrMessage: FailureParams<C> | string,
    readonly details?: unknown,
  ) {
    const legacy = typeof paramsOrMessage === 'string' ? paramsOrMessage : undefined;
    const params = typeof paramsOrMessage === 'string' ? {} : paramsOrMessage;
    super(legacy ?? safeRender('en', code, params as FailureParams<C>));
    this.name = 'Failure';
    this.params = params as FailureParams<C>;
    this.legacyMessage = legacy;
  }
}

function safeRender<C extends FailureCode>(locale: Locale, code: C, params: FailureParams<C>): string {
  try {
    return failureMessage(locale, code, params);
  } catch {
    return code;
  }
}

/** A field problem with a typed code: `problem('bbox', 'bbox_format', {})`. */
export function problem<C extends ProblemCode>(field: string, code: C, params: ProblemParams<C>): FieldProblem {
  return { field, code, params: params as Record<string, unknown> };
}

export function invalidRequest(problems: FieldProblem[]): Failure<'invalid_request'> {
  return new Failure('invalid_request', { problems: problems.map((entry) => entry.field).join(', ') }, { fields: problems });
}

/** `what` names the thing by its key in the catalogues' `things` (grid, incident, risk_source…). */
export function notFound(what: ThingCode, id: string | number): Failure<'not_found'> {
  return new Failure('not_found', { what, id }, { [what]: id });
}

/**
 * A zod issue as a field problem. A custom issue names its problem in `params.problem` (a code of
 * the catalogue) with the rest of its params beside it; zod's own issues keep zod's code and the
 * figures its message needs (never the input, which may be anything the caller sent).
 */
export function problemFromZodIssue(issue: z.core.$ZodIssue, fallbackField: string): FieldProblem {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : fallbackField;
  if (issue.code === 'custom') {
    const { problem: code, ...params } = (issue.params ?? {}) as Record<string, unknown>;
    if (isProblemCode(code)) return { field, code, params };
    return { field, code: 'custom', params: {}, message: issue.message };
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return { field, code: 'required', params: {} };
  const { code, path: _path, message: _message, input: _input, ...params } = issue as z.core.$ZodIssue & { input?: unknown };
  return { field, code, params: params as Record<string, unknown> };
}

/** The error body `{error:{code,message,details}}` of a failure, in `locale`. */
export function renderFailure(failure: Failure, locale: Locale): { code: string; message: string; details: unknown } {
  const details = renderDetails(failure.details, locale);
  const fields = (details as { fields?: { field: string; message: string }[] } | null)?.fields;
  if (failure.code === 'invalid_request' && fields) {
    // the headline names every field with its problem, so a client that shows only `message` still says what to fix
    const separator = locale === 'zh-CN' ? '；' : '; ';
    const colon = locale === 'zh-CN' ? '：' : ': ';
    const problems = fields.map((entry) => `${entry.field}${colon}${entry.message}`).join(separator);
    return { code: failure.code, message: failureMessage(locale, 'invalid_request', { problems }), details };
  }
  const message = failure.legacyMessage ?? safeRender(locale, failure.code, failure.params as FailureParams<FailureCode>);
  return { code: failure.code, message, details };
}

function renderDetails(details: unknown, locale: Locale): unknown {
  if (details === undefined) return null;
  const fields = (details as { fields?: FieldProblem[] } | null)?.fields;
  if (!Array.isArray(fields)) return details;
  return {
    ...(details as object),
    fields: fields.map((entry) => ({
      field: entry.field,
      code: entry.code ?? 'custom',
      params: entry.params ?? {},
      message: entry.code && entry.code !== 'custom' ? problemMessage(locale, entry.code, entry.params) : (entry.message ?? problemMessage(locale, 'custom', {})),
    })),
  };
}
