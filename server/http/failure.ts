import type { z } from '@hono/zod-openapi';
import type { HTTPException } from 'hono/http-exception';
import { assessmentFailureStatuses } from '../assessment/assessment-failure-statuses.ts';
import { localiseAnswer } from '../messages/localise-answer.ts';
import { dutiesFailureStatuses } from '../messages/zh-cn-duties.ts';
import { importFailureStatusesZh, importReportFailureStatuses } from '../messages/zh-cn-import.ts';
import { populationFailureStatus } from '../population/population-failures.ts';
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
  ...populationFailureStatus,
  ...importReportFailureStatuses,
  // common
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  stream_limit: 429,
  internal_error: 500,
  // answered with the HTTP exception's own status (app.onError); 400 is the usual one
  http_error: 400,
  /** @deprecated generic (server/import) */
  geometry_rejected: 422,
  // shared input rules (server/messages/zh-cn-hardening.ts)
  unknown_reference: 422,
  unknown_community: 422,
  unpacked_too_large: 413,
  compression_ratio_too_high: 422,
  too_many_zip_entries: 422,
  // accounts and access
  wrong_credentials: 401,
  locked: 423,
  password_change_required: 403,
  cross_origin_refused: 403,
  no_access_rule: 403,
  role_forbidden: 403,
  username_taken: 422,
  reveal_forbidden: 403,
  // open data
  api_key_required: 401,
  api_key_invalid: 403,
  open311_api_key_required: 403,
  // territory: geometry a user sent
  geometry_unreadable: 422,
  geometry_empty: 422,
  geometry_invalid: 422,
  empty_geometry_result: 422,
  // grids
  grid_no_longer_exists: 409,
  versions_not_found: 404,
  grids_in_different_communities: 422,
  grids_changed_since_loaded: 409,
  neighbour_changed_since_loaded: 409,
  line_does_not_cross_grid: 422,
  split_piece_too_small: 422,
  grids_not_adjacent: 422,
  outline_outside_community: 422,
  receiver_required: 422,
  receiver_not_adjacent: 422,
  outline_covers_grid: 422,
  grid_not_in_community: 422,
  fill_covers_nothing: 422,
  block_not_in_grid: 422,
  block_not_adjacent: 422,
  block_is_whole_grid: 422,
  edit_leaves_grid_empty: 422,
  edit_result_invalid: 422,
  grid_below_minimum_area: 422,
  grid_outside_community: 422,
  grids_would_overlap: 422,
  edit_leaves_gap: 422,
  households_not_conserved: 422,
  grid_sequence_exhausted: 422,
  grid_has_no_current_version: 409,
  undo_published_plan: 409,
  undo_blocked: 409,
  // plans
  plan_conflict: 409,
  plan_status_forbids: 409,
  plan_already_current: 409,
  plan_empty: 422,
  plan_layout_invalid: 422,
  plan_not_published: 409,
  plan_changed_communities: 422,
  plan_not_comparable: 409,
  plan_publication_failed: 409,
  effective_before_last_change: 400,
  community_not_in_plan: 400,
  nothing_to_undo: 409,
  versions_not_in_plan: 404,
  community_name_taken: 409,
  community_sequence_exhausted: 422,
  community_cut_failed: 422,
  // incidents
  invalid_transition: 409,
  not_assignee: 403,
  role_may_not_act: 403,
  checker_is_handler: 403,
  merge_into_rejected: 409,
  photos_not_uploaded: 422,
  photo_required_to_close: 422,
  no_dispatch_target: 422,
  worker_reports_patrol_only: 403,
  incidents_unprocessable: 422,
  idempotency_key_reused: 409,
  photo_type_unsupported: 415,
  photo_undecodable: 415,
  // residents
  outside_service_area: 422,
  rating_key_wrong: 403,
  rating_case_not_closed: 409,
  rating_already_given: 409,
  // workers
  worker_has_grid: 409,
  worker_inactive: 422,
  // risks
  risk_geometry_type: 422,
  // basemap
  pmtiles_not_configured: 404,
  ...assessmentFailureStatuses,
  ...dutiesFailureStatuses,
  ...importFailureStatusesZh,
  // emergency (issue 20)
  emergency_plan_retired: 409, emergency_plan_draft: 409, emergency_closed: 409, linkage_signature_invalid: 403,
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
  /** A code of the catalogue with its params: the message is rendered in the reader's language when answered. */
  constructor(
    readonly code: C,
    readonly params: FailureParams<C>,
    readonly details?: unknown,
  ) {
    super(safeRender('en', code, params));
    this.name = 'Failure';
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
  const message = safeRender(locale, failure.code, failure.params as FailureParams<FailureCode>);
  return { code: failure.code, message, details };
}

/**
 * Hono's own HTTP exceptions as failures: a 400 is a body Hono could not read (malformed JSON), a
 * 413 a body over a limit. Others (undefined) are answered with their status as `http_error`.
 */
export function failureOfHttpException(error: HTTPException): Failure | undefined {
  if (error.status === 400) return invalidRequest([problem('body', 'not_json', {})]);
  return undefined;
}

function renderDetails(details: unknown, locale: Locale): unknown {
  if (details === undefined) return null;
  // layout problems and rule warnings inside details carry a zh-CN message: rendered again here
  localiseAnswer(details, locale);
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
