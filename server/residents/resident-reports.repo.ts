import type { Queryable } from '../db/connect.ts';
import { openStatuses } from '../incidents/incident-statuses.ts';

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
export const satisfactionValues: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

/** What anyone may see of a case: no reporter, no staff, no internal notes. */
export interface PublicReportRow {
  id: number;
  trackingCode: string;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  majorCode: string | null;
  majorNameZh: string | null;
  majorNameEn: string | null;
  source: string;
  status: string;
  description: string;
  address: string | null;
  longitude: number;
  latitude: number;
  communityName: string | null;
  gridCode: string | null;
  reportedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  supporterCount: number;
  hiddenFromPublic: boolean;
  satisfaction: Satisfaction | null;
  satisfactionRatedAt: Date | null;
  duplicateOfTrackingCode: string | null;
  rejectionReason: string | null;
  department: string | null;
  photoCount: number;
  /** the dispatcher's public text; null → the category's name only */
  publicSummary: string | null;
  /** why the case is or is not public (incident_public_reason in the database) */
  publicReason: PublicReason;
  /** true when the caller presented this case's reporter key */
  isReporter: boolean;
}

/** incident_public_reason(): 'published' and 'public' are public; the rest say why not. */
export type PublicReason = 'hidden' | 'published' | 'not_registered' | 'source' | 'category' | 'public';

/** The one public rule, as SQL over `incidents i` (data/migrations: incident_is_public). */
export function isPublic(sql: Queryable) {
  return sql`incident_is_public(i.source, i.category_code, i.status, i.hidden_from_public, i.published_at)`;
}

function publicSelect(sql: Queryable, reporterKeyHash: Buffer | null = null) {
  return sql`
    select i.id, i.tracking_code, i.category_code, category.name_zh as category_name_zh, category.name_en as category_name_en,
           category.major_code, major.name_zh as major_name_zh, major.name_en as major_name_en,
           i.source, i.status, i.description, i.address, ST_X(i.location) as longitude, ST_Y(i.location) as latitude,
           community.name as community_name, grid.code as grid_code,
           i.reported_at, greatest(i.updated_at, i.reported_at) as updated_at, i.closed_at, i.due_at, i.supporter_count,
           i.hidden_from_public, i.satisfaction, i.satisfaction_rated_at, original.tracking_code as duplicate_of_tracking_code,
           i.rejection_reason, category.department,
           (select coalesce(sum(cardinality(e.photos)), 0)::int from incident_events e where e.incident_id = i.id and e.action = 'report') as photo_count,
           i.public_summary, incident_public_reason(i.source, i.category_code, i.status, i.hidden_from_public, i.published_at) as public_reason,
           ${reporterKeyHash ? sql`coalesce(i.reporter_key_hash = ${reporterKeyHash}, false)` : sql`false`} as is_reporter
      from incidents i
      join incident_categories category on category.code = i.category_code
      left join incident_categories major on major.code = category.major_code
      left join communities community on community.id = i.community_id
      left join grid_versions grid on grid.grid_id = i.grid_id and grid.valid_to is null
      left join incidents original on original.id = i.duplicate_of`;
}

/**
 * A case by its tracking code, for the tracking page: only when it is public, or when the caller
 * holds its reporter key (the reporter follows their own case from the moment it is filed). Anyone
 * else gets nothing — the same answer as for a code that does not exist.
 */
export async function findPublicReport(sql: Queryable, trackingCode: string, reporterKeyHash: Buffer | null): Promise<PublicReportRow | undefined> {
  const [row] = await sql<PublicReportRow[]>`
    ${publicSelect(sql, reporterKeyHash)}
     where i.tracking_code = ${trackingCode}
       and (${isPublic(sql)} ${reporterKeyHash ? sql`or i.reporter_key_hash = ${reporterKeyHash}` : sql``})`;
  return row;
}

export interface PublicReportFilter {
  trackingCodes?: string[];
  categoryCodes?: string[];
  from: Date;
  to: Date;
  status?: 'open' | 'closed';
  limit: number;
}

/** Reports the public may list (Open311 GET requests.json): public by the one rule only. Newest first. */
export async function listPublicReports(sql: Queryable, filter: PublicReportFilter): Promise<PublicReportRow[]> {
  const open = sql(openStatuses.concat(['backlog']) as string[]);
  return sql<PublicReportRow[]>`
    ${publicSelect(sql)}
     where ${isPublic(sql)}
       ${filter.trackingCodes ? sql`and i.tracking_code in ${sql(filter.trackingCodes)}` : sql`and i.reported_at >= ${filter.from} and i.reported_at < ${filter.to}`}
       ${filter.categoryCodes ? sql`and i.category_code in ${sql(filter.categoryCodes)}` : sql``}
       ${filter.status === 'open' ? sql`and i.status in ${open}` : filter.status === 'closed' ? sql`and i.status not in ${open}` : sql``}
     order by i.reported_at desc, i.id desc
     limit ${filter.limit}`;
}

export interface PublicEventRow {
  at: Date;
  action: string | null;
  fromStatus: string | null;
  toStatus: string;
}

/** The timeline without who and without notes: staff notes may name people; the public sees steps. */
export async function listPublicEvents(sql: Queryable, incidentId: number): Promise<PublicEventRow[]> {
  return sql<PublicEventRow[]>`
    select e.at, e.action, e.from_status, e.to_status from incident_events e
     where e.incident_id = ${incidentId}
       and (e.from_status is distinct from e.to_status or e.action in ('report', 'support', 'rate'))
     order by e.at, e.id`;
}

export interface NearbyReport {
  trackingCode: string;
  categoryCode: string;
  majorCode: string | null;
  status: string;
  /** the public summary (never the reporter's own description) */
  publicSummary: string | null;
  longitude: number;
  latitude: number;
  reportedAt: Date;
  distanceMetres: number;
  supporterCount: number;
}

/**
 * Open, public cases of the same minor class near a point: offered as "me too" before a duplicate is
 * filed. Distances are to the exact point; callers show the point rounded (public-location.ts).
 */
export async function findNearbyOpenReports(
  sql: Queryable,
  input: { longitude: number; latitude: number; categoryCode: string; radiusMetres: number; since: Date; limit: number },
): Promise<NearbyReport[]> {
  return sql<NearbyReport[]>`
    with point as (select ST_SetSRID(ST_MakePoint(${input.longitude}, ${input.latitude}), 4326) as geometry)
    select i.tracking_code, i.category_code, category.major_code, i.status, i.public_summary, i.reported_at, i.supporter_count,
           ST_X(i.location) as longitude, ST_Y(i.location) as latitude,
           round(ST_Distance(i.location::geography, point.geometry::geography)::numeric, 0)::float8 as distance_metres
      from incidents i join incident_categories category on category.code = i.category_code, point
     where i.category_code = ${input.categoryCode}
       and i.status in ${sql(openStatuses as string[])}
       and ${isPublic(sql)}
       and i.reported_at >= ${input.since}
       -- the box lets incidents_location_gist find the candidates; ST_DWithin on geography decides (migration 0025)
       and i.location && geography_search_box(point.geometry, ${input.radiusMetres})
       and ST_DWithin(i.location::geography, point.geometry::geography, ${input.radiusMetres})
     order by distance_metres, i.reported_at desc
     limit ${input.limit}`;
}

/** "Me too": one more supporter on an open public case; false when it is not open or not public. */
export async function addSupporter(sql: Queryable, trackingCode: string, at: Date): Promise<{ id: number; supporterCount: number } | undefined> {
  const [row] = await sql<{ id: number; supporterCount: number; status: string }[]>`
    update incidents set supporter_count = supporter_count + 1, updated_at = ${at}
     where tracking_code = ${trackingCode}
       and status in ${sql(openStatuses as string[])}
       and incident_is_public(source, category_code, status, hidden_from_public, published_at)
     returning id, supporter_count, status`;
  if (!row) return undefined;
  await sql`
    insert into incident_events (incident_id, at, action, from_status, to_status, actor_label)
    values (${row.id}, ${at}, 'support', ${row.status}, ${row.status}, 'resident')`;
  return { id: row.id, supporterCount: row.supporterCount };
}

/** Records the rating once, for a closed case, when the reporter's key matches. */
export async function rateReport(
  sql: Queryable,
  input: { trackingCode: string; keyHash: Buffer; satisfaction: Satisfaction; at: Date },
): Promise<'rated' | 'not_found' | 'wrong_key' | 'not_closed' | 'already_rated'> {
  const [row] = await sql<{ id: number; status: string; satisfaction: string | null; matches: boolean }[]>`
    select id, status, satisfaction, coalesce(reporter_key_hash = ${input.keyHash}, false) as matches
      from incidents where tracking_code = ${input.trackingCode} for update`;
  if (!row) return 'not_found';
  if (!row.matches) return 'wrong_key';
  if (row.status !== 'closed') return 'not_closed';
  if (row.satisfaction !== null) return 'already_rated';
  await sql`update incidents set satisfaction = ${input.satisfaction}, satisfaction_rated_at = ${input.at} where id = ${row.id}`;
  await sql`
    insert into incident_events (incident_id, at, action, from_status, to_status, actor_label, note)
    values (${row.id}, ${input.at}, 'rate', 'closed', 'closed', 'resident', ${input.satisfaction})`;
  return 'rated';
}

/** A dispatcher's decision about what the public sees: hide, publish, or leave it to the rule. */
export type PublicDecision = 'hidden' | 'published' | 'rule';

/**
 * Records the decision (hiding and publishing exclude each other, as the table's check says) and,
 * when given, the public summary. Answers the case's previous decision and summary for the audit
 * row, or undefined when there is no such case.
 */
export async function setPublicDecision(
  sql: Queryable,
  input: { incidentId: number; decision: PublicDecision; publicSummary: string | null | undefined; userId: number; at: Date },
): Promise<{ decision: PublicDecision; publicSummary: string | null } | undefined> {
  const [before] = await sql<{ hidden: boolean; published: boolean; publicSummary: string | null }[]>`
    select hidden_from_public as hidden, published_at is not null as published, public_summary
      from incidents where id = ${input.incidentId} for update`;
  if (!before) return undefined;
  const hidden = input.decision === 'hidden';
  const published = input.decision === 'published';
  await sql`
    update incidents
       set hidden_from_public = ${hidden},
           hidden_by_user_id = ${hidden ? input.userId : null},
           hidden_at = ${hidden ? input.at : null},
           published_by_user_id = ${published ? input.userId : null},
           published_at = ${published ? input.at : null}
           ${input.publicSummary !== undefined ? sql`, public_summary = ${input.publicSummary}` : sql``}
     where id = ${input.incidentId}`;
  return { decision: before.hidden ? 'hidden' : before.published ? 'published' : 'rule', publicSummary: before.publicSummary };
}

/** The public-exposure policy values the public views need (location precision). */
export interface PublicExposurePolicy {
  precisionMetres: number;
  exactLocationMajors: string[];
}

export async function readPublicExposurePolicy(sql: Queryable): Promise<PublicExposurePolicy> {
  const rows = await sql<{ key: string; value: unknown }[]>`
    select key, value from policy where key in ('public_location_precision_metres', 'public_exact_location_majors')`;
  const values = new Map(rows.map((row) => [row.key, row.value]));
  const precision = Number(values.get('public_location_precision_metres'));
  const exact = values.get('public_exact_location_majors');
  return {
    precisionMetres: Number.isFinite(precision) && precision > 0 ? precision : 50,
    exactLocationMajors: Array.isArray(exact) ? exact.map(String) : [],
  };
}
