import type { MessageCatalogue } from './message-catalogue.ts';
import { zoneTimeZoneForMessages } from '../time/zone.ts';
import { enAssessmentFailures, enAssessmentProblems, enAssessmentThings } from './en-assessment.ts';
import { dutiesFailuresEn, dutiesProblemsEn, dutiesThingsEn, dutiesWarningsEn } from './en-duties.ts';
import { emergencyFailuresEn, emergencyProblemsEn, emergencyThingsEn } from './en-emergency.ts';
import { populationFailuresEn, populationNotesEn } from './en-population.ts';
import { enHardeningFailures, enHardeningProblems } from './en-hardening.ts';
import { importFailuresEn, importNotesEn, importProblemsEn, importReportEn, importReportFailuresEn, importSettingsProblemsEn } from './en-import.ts';

/** The English catalogue: the same keys and params as zh-cn.ts (the type holds it to that). */
export const en: MessageCatalogue = {
  failures: {
    ...populationFailuresEn,
    ...enHardeningFailures,
    ...importReportFailuresEn,
    ...importFailuresEn,
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
    stream_limit: (p) => `This session already has ${p.limit} live streams open; close some tabs and try again`,
    rate_limited: (p) => `Too many requests; try again in ${p.retryAfterSeconds} s`,
    internal_error: () => 'Internal server error; try again later',
    http_error: (p) => `The request cannot be processed (HTTP ${p.status})`,
    geometry_rejected: () => 'The geometry is not acceptable',
    // accounts and access
    wrong_credentials: () => 'Wrong user name or password',
    locked: (p) => `Too many failed sign-ins: the account is locked until ${timeEn(p.lockedUntil)}`,
    password_change_required: () => 'Change your one-time password before doing anything else',
    cross_origin_refused: () => 'Cross-origin request refused',
    no_access_rule: (p) => `No access rule covers ${p.method} ${p.path}: refused by default`,
    role_forbidden: (p) => `The ${roleEn(p.role)} role may not do this`,
    username_taken: (p) => `The user name ${p.username} is already taken`,
    reveal_forbidden: (p) => `The ${roleEn(p.role)} role may not reveal personal data`,
    // open data
    api_key_required: (p) => `An API key with the ${p.scope} scope is required`,
    api_key_invalid: (p) => `The API key is unknown, revoked or lacks the ${p.scope} scope`,
    open311_api_key_required: () => 'An api_key (scope open311_submit) is required to submit a request',
    // territory: geometry a user sent
    geometry_unreadable: (p) => `${p.field}: the geometry cannot be read`,
    geometry_empty: (p) => `${p.field}: the geometry is empty`,
    geometry_invalid: (p) => `${p.field}: invalid geometry (${geometryProblemEn(p.problem)})`,
    empty_geometry_result: () => 'The spatial operation gave no result; the geometry may be invalid',
    // grids
    grid_no_longer_exists: (p) => `Grid ${p.gridId} no longer exists in the current layout; reload`,
    versions_not_found: (p) => `Grid version ${p.ids} does not exist`,
    grids_in_different_communities: () => 'The grids belong to different communities; an edit stays inside one community',
    grids_changed_since_loaded: (p) => `Another edit changed ${p.count === 1 ? 'a grid' : `${p.count} grids`} since the editor loaded them; reload and try again`,
    neighbour_changed_since_loaded: () => 'Another edit changed a neighbouring grid since the editor loaded it; reload and try again',
    line_does_not_cross_grid: (p) => `The line does not cut across grid ${p.code}: draw it from one edge of the grid to another`,
    split_piece_too_small: (p) => `The split leaves a piece of ${p.areaSquareMetres} m², below the minimum grid area of ${p.minimumSquareMetres} m²`,
    grids_not_adjacent: (p) => `Grids ${p.codes} do not all share a boundary; only neighbours can be merged`,
    outline_outside_community: (p) => `The new outline reaches ${p.areaSquareMetres} m² outside the community; community boundaries are changed separately`,
    receiver_required: () => 'The new outline gives up area; name the neighbouring grid that receives it',
    receiver_not_adjacent: (p) => `Grid ${p.code} does not border the area given up; it cannot receive it`,
    outline_covers_grid: (p) => `The new outline covers all of grid ${p.code}; merge the grids instead`,
    grid_not_in_community: (p) => `Grid ${p.code} is not in community ${p.communityId}`,
    fill_covers_nothing: () => 'The polygon covers no part of the community that is outside every grid',
    block_not_in_grid: (p) => `Block ${p.block} is not in grid ${p.code}`,
    block_not_adjacent: (p) => `Block ${p.block} does not border grid ${p.code}`,
    block_is_whole_grid: (p) => `Block ${p.block} is all of grid ${p.code}; merge the grids instead`,
    edit_leaves_grid_empty: (p) => `The edit leaves ${gridEn(p.grid)} empty`,
    edit_result_invalid: (p) => `The new shape of ${gridEn(p.grid)} is invalid (${geometryProblemEn(p.problem)})`,
    grid_below_minimum_area: (p) => `The edit leaves ${gridEn(p.grid)} with ${p.areaSquareMetres} m², below the minimum grid area of ${p.minimumSquareMetres} m²`,
    grid_outside_community: (p) => `The new shape of ${gridEn(p.grid)} reaches ${p.areaSquareMetres} m² outside its community`,
    grids_would_overlap: (p) =>
      p.areaSquareMetres === null ? `Grid ${p.code} would overlap grid ${p.otherCode}` : `Grid ${p.code} would overlap grid ${p.otherCode} by ${p.areaSquareMetres} m²`,
    edit_leaves_gap: (p) => `The edit would leave ${p.areaSquareMetres} m² of the community in no grid`,
    households_not_conserved: (p) => `Households are not conserved: ${p.before} before, ${p.after} after (${p.orphaned} in no current grid)`,
    grid_sequence_exhausted: (p) => `Community ${p.code} has used all 999 grid sequence numbers`,
    grid_has_no_current_version: (p) => `Grid ${p.gridId} has no current version to change`,
    undo_published_plan: (p) => `Edit ${p.editId} published a plan: roll the plan back instead`,
    undo_blocked: (p) => `Edit ${p.editId} cannot be undone: ${p.codes} changed since (or the edit was already undone)`,
    // plans
    plan_conflict: (p) => `The layout plan “${p.name}” is based on has changed (${p.count} grid${p.count === 1 ? '' : 's'}); rebase the plan or discard it`,
    plan_status_forbids: (p) => `Plan “${p.name}” is ${planStatusEn(p.status)}; it cannot be changed this way`,
    plan_already_current: () => 'The plan is already based on the live layout',
    plan_empty: (p) => `Plan “${p.name}” changes nothing: edit it before publishing`,
    plan_layout_invalid: (p) => `The plan's layout has ${p.count} problem${p.count === 1 ? '' : 's'} and cannot be published (see the list)`,
    plan_not_published: (p) => `Plan “${p.name}” is ${planStatusEn(p.status)}; only a published plan can be rolled back`,
    plan_changed_communities: (p) => `Plan “${p.name}” changed community boundaries; reverse it with a new plan instead`,
    plan_not_comparable: (p) => `Plan “${p.name}” is ${planStatusEn(p.status)}: its comparison is with a layout that no longer applies`,
    plan_publication_failed: () => 'The plan could not be published when it was due',
    effective_before_last_change: (p) => `The effective date must be after the last change of grid ${p.code} (${timeEn(p.changedAt)})`,
    community_not_in_plan: (p) => `The grids edited belong to community ${p.communityId}, which the plan does not cover`,
    nothing_to_undo: () => 'Nothing to undo: the plan is as it was opened',
    versions_not_in_plan: (p) => `Grid version ${p.ids} is not part of the plan's layout`,
    community_name_taken: (p) => `The street already has a community named ${p.name}`,
    community_sequence_exhausted: () => 'The street has used all 999 community numbers',
    community_cut_failed: () => 'The new community boundary could not be cut cleanly out of the old one',
    // incidents
    invalid_transition: (p) => `The case is ${statusEn(p.currentState)}: it cannot be ${actionEn(p.action)} now`,
    not_assignee: (p) => `Only the one the case is assigned to may ${actionVerbEn(p.action)}`,
    role_may_not_act: (p) => `The ${roleEn(p.role)} role may not ${actionVerbEn(p.action)}`,
    checker_is_handler: (p) => `The checker must be someone other than the handler (${actionVerbEn(p.action)})`,
    merge_into_rejected: (p) => `Case ${p.trackingCode} is itself rejected: nothing can be merged into it`,
    photos_not_uploaded: (p) => `Photo ${p.names} does not exist: upload it first`,
    photo_required_to_close: () => 'This category needs a photo of the result before it can be closed',
    no_dispatch_target: () => 'Nobody serves this place: name a worker, department or dispatcher',
    worker_reports_patrol_only: () => 'A grid worker reports patrol findings only',
    incidents_unprocessable: (p) => `The report has ${p.count} problem${p.count === 1 ? '' : 's'} (see the fields)`,
    idempotency_key_reused: (p) => `Idempotency key ${p.key} was used before with a different body`,
    photo_type_unsupported: () => 'Only JPEG, PNG and WebP photos are accepted (checked from the file content)',
    photo_undecodable: (p) => `The ${p.contentType} file could not be decoded as an image`,
    // residents
    outside_service_area: (p) => (p.nearestCommunity ? `The location is not in our service area (nearest community: ${p.nearestCommunity})` : 'The location is not in our service area'),
    rating_key_wrong: () => 'Only the resident who reported this case can rate it (with the key from the confirmation)',
    rating_case_not_closed: () => 'The case can be rated once it is closed',
    rating_already_given: () => 'This case has already been rated',
    // workers
    worker_has_grid: (p) => `${p.name} already serves grid ${p.gridCode} ${p.gridName}`.trim(),
    worker_inactive: (p) => `Worker ${p.name} is not active`,
    // risks
    risk_geometry_type: (p) => `A risk source is a point or a polygon, not ${p.type}`,
    // basemap
    pmtiles_not_configured: () => 'No PMTiles basemap is configured (BASEMAP_PMTILES)',
    ...enAssessmentFailures,
    ...dutiesFailuresEn,
    ...emergencyFailuresEn,
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
    ...enAssessmentThings,
    ...dutiesThingsEn,
    ...emergencyThingsEn,
  },
  problems: {
    ...enHardeningProblems,
    ...importSettingsProblemsEn,
    unknown_time_zone: () => 'not a known IANA time zone (such as Asia/Shanghai)',
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
    named_twice: () => 'an item is named twice',
    not_a_date: () => 'not a real date (YYYY-MM-DD)',
    not_an_instant: () => 'not an ISO 8601 date or date-time (e.g. 2027-01-01 or 2027-01-01T00:00:00+08:00)',
    not_an_instant_with_zone: () => 'an ISO 8601 date-time with a zone, e.g. 2026-05-01T08:00:00+08:00',
    out_of_range: (p) => `must be from ${p.minimum} to ${p.maximum}`,
    not_after_from: () => 'must be later than from',
    not_after: (p) => `must be after ${timeEn(p.instant)}`,
    in_future: () => 'must not be in the future',
    period_too_long: (p) => `the period may be at most ${p.maximumDays} days`,
    nothing_to_change: () => 'give at least one field to change',
    text_too_long: (p) => `at most ${p.maximum} characters`,
    already_used: () => 'already used',
    not_a_positive_integer: () => 'must be a positive integer',
    not_a_non_negative_integer: () => 'must be a non-negative integer',
    unknown_status: (p) => `unknown status ${p.statuses}`,
    unknown_category: (p) => `unknown category ${p.code}`,
    major_category: (p) => `${p.code} is a major class: choose a minor class (e.g. ${p.code}99)`,
    unknown_photo: (p) => `unknown photo ${p.name}: upload it first`,
    too_many_photos: (p) => `at most ${p.maximum} photos`,
    password_too_short: (p) => `at least ${p.minimum} characters`,
    password_too_long: (p) => `at most ${p.maximum} characters`,
    password_too_simple: () => 'at least three of: lower-case, upper-case, digit, symbol',
    password_contains_username: () => 'must not contain the user name',
    password_unchanged: () => 'must differ from the current password',
    current_password_wrong: () => 'the current password is wrong',
    worker_account_needs_worker: () => 'a worker account needs workerId, and only a worker account has one',
    unknown_worker: (p) => `worker ${p.id} does not exist`,
    coordinates_not_finite: () => 'coordinates must be finite numbers',
    longitude_out_of_range: () => 'longitude must be between -180 and 180',
    latitude_out_of_range: () => 'latitude must be between -90 and 90',
    ring_not_closed: () => 'a ring must be closed: its last position equals its first',
    too_many_vertices: (p) => `at most ${p.maximum} vertices (got ${p.count})`,
    geometry_unreadable: () => 'the geometry cannot be read',
    geometry_empty: () => 'the geometry is empty',
    point_or_polygon: () => 'a point or a polygon',
    self_intersection: () => 'self-intersection',
    ring_self_intersection: () => 'ring self-intersection',
    too_few_points: () => 'too few points',
    hole_outside_shell: () => 'a hole lies outside its shell',
    nested_holes: () => 'holes are nested',
    interior_disconnected: () => 'the interior is disconnected',
    nested_shells: () => 'nested shells',
    duplicate_rings: () => 'duplicate rings',
    invalid_coordinate: () => 'invalid coordinate',
    geometry_invalid_other: () => 'invalid geometry',
    one_version_per_grid: () => 'one version per grid',
    same_grid_twice: () => 'must name another grid',
    grid_of_plan_communities: () => "a grid of one of the plan's communities",
    grids_of_one_community: () => 'the grids of a new community come from one community',
    community_would_keep_no_grid: (p) => `community ${p.name} would keep no grid: rename it instead of creating a new one`,
    unknown_communities: (p) => `community ${p.ids} does not exist`,
    backdated_too_far: (p) => `at most ${p.maximumDays} days in the past (policy plan_backdate_max_days)`,
    nothing_to_import: () => 'no grids to import',
    too_many_grids: (p) => `at most ${p.maximum} grids per community`,
    grid_outside_community: (p) => `grid ${p.name} lies outside community ${p.community}`,
    note_required: (p) => `a note (the reason) is required to ${actionVerbEn(p.action)}`,
    major_class_has_no_deadline: () => 'a major class has no deadline: set it on its minor classes',
    result_photo_required: () => 'this category needs a photo of the result',
    no_active_worker: (p) => `no active worker ${p.id}`,
    not_a_dispatcher: (p) => `user ${p.id} is not an active dispatcher`,
    duplicate_of_itself: () => 'a case cannot duplicate itself',
    unknown_incident: (p) => `case ${p.id} does not exist`,
    patrol_source_only: () => 'a grid worker reports patrol findings (source patrol) only',
    outside_every_community: () => 'the location is outside every community',
    outside_own_community: () => 'a grid worker reports within their own community',
    reused_with_different_body: () => 'reused with a different body',
    photo_field_missing: () => 'send the image as a file field named "photo"',
    photo_empty: () => 'the photo is empty',
    description_required: () => 'describe the problem',
    outside_service_area: () => 'not in our service area',
    ends_before_start: () => 'must be later than startsAt',
    periods_overlap: (p) => `periods of weekday ${p.weekday} overlap`,
    not_a_w3c_datetime: () => 'a W3C date-time with a zone, e.g. 2026-06-01T00:00:00+08:00',
    open_or_closed: () => 'open or closed',
    after_end_date: () => 'start_date is after end_date',
    not_wgs84_degrees: () => 'lat and long must be WGS84 decimal degrees',
    lat_and_long_together: () => 'send both lat and long',
    location_required: () => 'a location is required: lat and long, or address_string',
    address_not_found: (p) => `no building matches "${p.address}"; send lat and long`,
    unknown_parameter: (p) => `unknown parameter; use ${p.known}`,
    only_crs84: () => 'only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported',
    ogc_bbox_format: () => 'bbox must be four numbers: minLon,minLat,maxLon,maxLat',
    ogc_bbox_range: () => 'bbox is outside -180..180 / -90..90 or its latitudes are reversed',
    not_an_rfc3339_interval: () => 'an RFC 3339 date-time (e.g. 2026-05-01T00:00:00Z) or interval (a/b, ../b, a/..)',
    interval_reversed: () => 'the interval ends before it starts',
    unknown_basemap_layer: (p) => `one of ${p.layers}`,
    ...enAssessmentProblems,
    ...dutiesProblemsEn,
    ...emergencyProblemsEn,
  },
  warnings: {
    grid_households_below_target: (p) => `${p.name} has ${p.households} households, below the ${p.minimum}–${p.maximum} target; consider merging it with a neighbour`,
    grid_households_above_target: (p) => `${p.name} has ${p.households} households, above the ${p.minimum}–${p.maximum} target; consider splitting it`,
    grid_vacant: (p) => `${p.name} has no grid worker yet (one grid, one worker)`,
    grid_in_several_parts: (p) => `${p.name} consists of ${p.parts} separate parts`,
    community_households_above_maximum: (p) =>
      `${p.name} has ${p.households} households, above the community maximum of ${p.maximum}; consider dividing it`,
    station_staff_required: (p) =>
      `${p.name} has ${p.residents} residents: its urban-management station needs at least ${p.staff} staff` +
      (p.hasMarket ? `, plus ${p.extraLow}–${p.extraHigh} for its farmers' market or vendor cluster` : ''),
    ...dutiesWarningsEn,
  },
  /** Row problems of an import's validation report (server/import/territory-fit.ts, server/incidents/import-historic-incidents.ts). */
  importProblems: {
    ...importProblemsEn,
  },
  layoutProblems: {
    overlap: (p) => `Grid ${p.code} overlaps grid ${p.otherCode} by ${p.areaSquareMetres} m²`,
    gap: (p) => `${p.areaSquareMetres} m² of community ${p.name} (${p.code}) would be in no grid (tolerance ${p.toleranceSquareMetres} m²)`,
    households_orphaned: (p) => `${p.households} households would be in no current grid`,
    community_without_grids: (p) => `Community ${p.name} (${p.code}) would have no grid`,
  },
  notes: {
    ...populationNotesEn,
    ...importNotesEn,
    incident_overdue: (p) => `Case ${p.trackingCode} is overdue`,
    overdue_escalated: (p: { dueAt?: string }) => (p.dueAt ? `Past its deadline since ${timeEn(p.dueAt)}: escalated` : 'Past its deadline: escalated'),
    routed_to_department: (p) => `Routed to department ${p.department}`,
    routed_to_worker: () => "Routed to the grid's worker",
    routed_to_duty_dispatcher: () => "Vacant grid: routed to the community's duty dispatcher",
    routing_failed: () => 'Vacant grid and no duty dispatcher: waiting for a manual dispatch',
    merged_into: (p) => `A duplicate: merged into ${p.trackingCode}`,
    duplicate_merged: (p) => `Duplicate ${p.trackingCode} merged into this case`,
  },
  assignmentEnds: {
    moved: (p) => `Moved to grid ${p.gridCode}`,
    replaced: (p) => `Replaced by ${p.workerName}`,
    vacated: () => 'Relieved; the grid became vacant',
    grid_ceased: (p) => `The grid ceased (${gridOperationEn(p.operation)})`,
    grid_ceased_in_plan: (p) => `The grid ceased when plan ${p.planId} was published`,
    other: () => 'Assignment ended',
  },
  planStatusReasons: {
    plan_conflict: () => 'The live layout changed before publication: the plan needs a rebase',
    plan_layout_invalid: () => "The plan's layout had problems at publication",
    plan_status_forbids: () => "The plan's status did not allow publication",
    plan_publication_failed: () => 'The plan could not be published when it was due',
  },
  importReport: importReportEn,
};

const roleNamesEn: Record<string, string> = { admin: 'administrator', planner: 'planner', dispatcher: 'dispatcher', worker: 'grid worker', auditor: 'auditor', leader: 'leader', anonymous: 'anonymous' };
const roleEn = (role: string) => roleNamesEn[role] ?? role;
const statusEn = (status: string) => status.replace(/_/g, ' ');
const actionNamesEn: Record<string, [string, string]> = {
  register: ['registered', 'register'], reject: ['rejected', 'reject'], merge: ['merged as a duplicate', 'merge'], dispatch: ['dispatched', 'dispatch'],
  accept: ['accepted', 'accept'], start: ['started', 'start handling'], handle: ['reported as handled', 'report as handled'],
  pass_check: ['passed the check', 'pass the check'], fail_check: ['failed the check', 'fail the check'], close: ['closed', 'close'], backlog: ['moved to the backlog', 'move to the backlog'],
};
const actionEn = (action: string) => actionNamesEn[action]?.[0] ?? action;
const actionVerbEn = (action: string) => actionNamesEn[action]?.[1] ?? action;
const planStatusEn = (status: string) => status;
const gridEn = (grid: string | null) => (grid === null ? 'the new grid' : `grid ${grid}`);
function geometryProblemEn(problem: string): string {
  const problems = en.problems as Record<string, ((params: never) => string) | undefined>;
  return problems[problem]?.({} as never) ?? problem;
}
function timeEn(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { timeZone: zoneTimeZoneForMessages(), dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(instant);
}

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

function gridOperationEn(operation: string): string {
  const labels: Record<string, string> = {
    split: 'split', merge: 'merge', reshape: 'reshape', fill: 'fill', 'move-block': 'block moved', move_block: 'block moved',
    publish: 'plan published', undo: 'undo', import: 'import',
  };
  return labels[operation] ?? 'boundary change';
}
