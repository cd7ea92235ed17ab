import type { MessageCatalogue } from './message-catalogue.ts';

/** The English catalogue: the same keys and params as zh-cn.ts (the type holds it to that). */
export const en: MessageCatalogue = {
  failures: {
    // common
    invalid_request: (p) => `Invalid request — ${p.problems}`,
    unauthenticated: () => 'Please sign in first',
    forbidden: () => 'Your account may not do this',
    csrf_failed: () => 'The request lacks a valid CSRF token; reload the page and try again',
    not_found: (p) => `${thingEn(p.what)} ${p.id} does not exist`,
    route_not_found: (p) => `No route for ${p.method} ${p.path}`,
    conflict: () => 'This conflicts with the current data; reload and try again',
    payload_too_large: (p) => `The request body exceeds the limit of ${formatBytesEn(p.limitBytes)}`,
    unsupported_media_type: (p) => `Unsupported content type; expected ${p.expected}`,
    unprocessable: () => 'The request cannot be processed',
    locked: () => 'The account is locked for a while; try again later',
    rate_limited: (p) => `Too many requests; try again in ${p.retryAfterSeconds} s`,
    internal_error: () => 'Internal server error; try again later',
    // grids and plans
    invalid_transition: () => 'This action is not allowed in the current state',
    plan_conflict: () => 'The layout this plan is based on has changed; rebase the plan and try again',
    worker_has_grid: () => 'This worker already looks after another grid',
    grid_no_longer_exists: () => 'This grid no longer exists (the layout changed); reload',
    geometry_rejected: () => 'The geometry is not acceptable',
    empty_geometry_result: () => 'The spatial operation gave no result; the geometry may be invalid',
  },
  things: {
    api_key: () => 'API key',
    block: () => 'Block',
    calendar_day: () => 'Calendar day',
    category: () => 'Category',
    collection: () => 'Collection',
    community: () => 'Community',
    feature: () => 'Feature',
    grid: () => 'Grid',
    grid_edit: () => 'Grid edit',
    household: () => 'Household',
    import_job: () => 'Import job',
    incident: () => 'Case',
    notification: () => 'Notification',
    photo: () => 'Photo',
    plan: () => 'Plan',
    report: () => 'Report',
    risk_source: () => 'Risk source',
    service: () => 'Service',
    service_request: () => 'Service request',
    token: () => 'Token',
    user: () => 'User',
    worker: () => 'Worker',
  },
  problems: {
    invalid_type: (p) => `expected ${p.expected}`,
    invalid_value: (p) => `expected one of: ${p.values.map(String).join(', ')}`,
    too_big: (p) => (sizable(p.origin) ? `at most ${p.maximum} ${sizeUnitEn(p.origin)}` : `must not be greater than ${p.maximum}`),
    too_small: (p) =>
      sizable(p.origin) ? (Number(p.minimum) === 1 && p.origin === 'string' ? 'must not be empty' : `at least ${p.minimum} ${sizeUnitEn(p.origin)}`) : `must not be less than ${p.minimum}`,
    invalid_format: (p) => `invalid format (expected ${p.format === 'regex' ? 'the documented pattern' : p.format})`,
    not_multiple_of: (p) => `must be a multiple of ${p.divisor}`,
    unrecognized_keys: (p) => `unknown fields: ${p.keys.join(', ')}`,
    invalid_union: () => 'matches none of the allowed forms',
    invalid_key: () => 'invalid key',
    invalid_element: () => 'contains an invalid element',
    custom: () => 'invalid value',
    required: () => 'required',
    unknown_field: () => 'unknown field',
    not_json: () => 'the body is not valid JSON',
  },
};

function thingEn(what: string): string {
  const things = en.things as Record<string, (() => string) | undefined>;
  return things[what]?.() ?? what;
}

export function formatBytesEn(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

const sizable = (origin: string) => origin === 'string' || origin === 'array' || origin === 'set' || origin === 'file';
const sizeUnitEn = (origin: string) => (origin === 'string' ? 'characters' : origin === 'file' ? 'bytes' : 'items');
