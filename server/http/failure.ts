/**
 * Expected failures — bad input, a missing object, a conflict — are values of this type.
 * Domain code returns or throws them; only `app.onError` turns a code into an HTTP status.
 * Anything else that is thrown is a bug and answers 500.
 */
export const statusOfFailure = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  plan_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  geometry_rejected: 422,
  empty_geometry_result: 422,
  locked: 423,
  rate_limited: 429,
} as const;

export type FailureCode = keyof typeof statusOfFailure;

export interface FieldProblem {
  field: string;
  message: string;
}

export class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'Failure';
  }
}

export function invalidRequest(problems: FieldProblem[]): Failure {
  const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  return new Failure('invalid_request', `Invalid request — ${summary}`, { fields: problems });
}

export function notFound(what: string, id: string | number): Failure {
  return new Failure('not_found', `${what} ${id} does not exist`, { [what]: id });
}
