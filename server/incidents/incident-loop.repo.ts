import type { Category } from '../../contract/incidents.ts';
import { randomTrackingSuffix } from './tracking-code.ts';
import type { Queryable } from '../db/connect.ts';
import type { NoteCode, NoteParams } from '../messages/message-catalogue.ts';

/** A note the system writes on a timeline: a code of the catalogue's `notes` and its params. */
export type SystemNote = { [C in NoteCode]: { code: C; params: NoteParams<C> } }[NoteCode];
import type { IncidentStatus } from './incident-statuses.ts';
import { runningStatuses } from './incident-state-machine.ts';

/** A worker sees cases of their current grid, cases assigned to them and cases they reported. */
export type CaseScope = { kind: 'all' } | { kind: 'worker'; workerId: number | null; gridId: number | null; userId: number };

function scopeCondition(sql: Queryable, scope: CaseScope) {
  if (scope.kind === 'all') return sql``;
  return sql`and (i.reporter_user_id = ${scope.userId}
                  ${scope.workerId !== null ? sql`or i.assigned_worker_id = ${scope.workerId}` : sql``}
                  ${scope.gridId !== null ? sql`or i.grid_id = ${scope.gridId}` : sql``})`;
}

export interface IncidentRecord {
  id: number;
  trackingCode: string;
  categoryCode: string;
  source: string;
  status: IncidentStatus;
  description: string;
  longitude: number;
  latitude: number;
  address: string | null;
  gridId: number | null;
  communityId: number | null;
  assignedWorkerId: number | null;
  assignedUserId: number | null;
  assignedDepartment: string | null;
  vacantGrid: boolean;
  reportedAt: Date;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  startedAt: Date | null;
  handledAt: Date | null;
  handledByUserId: number | null;
  checkedAt: Date | null;
  checkedByUserId: number | null;
  closedAt: Date | null;
  dueAt: Date | null;
  escalatedAt: Date | null;
  reworkCount: number;
  rejectionReason: string | null;
  duplicateOf: number | null;
  backlogReason: string | null;
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  hiddenFromPublic: boolean;
  /** a dispatcher published the case whatever the rule says */
  publishedToPublic: boolean;
  /** what the public reads instead of the description (null → the category only) */
  publicSummary: string | null;
  /** incident_public_reason(): why the case is or is not public */
  publicReason: 'hidden' | 'published' | 'not_registered' | 'source' | 'category' | 'public';
  supporterCount: number;
  satisfaction: string | null;
}

const incidentColumns = (sql: Queryable) => sql`
  i.id, i.tracking_code, i.category_code, i.source, i.status, i.description,
  ST_X(i.location) as longitude, ST_Y(i.location) as latitude, i.address, i.grid_id, i.community_id,
  i.assigned_worker_id, i.assigned_user_id, i.assigned_department, i.vacant_grid,
  i.reported_at, i.registered_at, i.dispatched_at, i.accepted_at, i.started_at, i.handled_at, i.handled_by_user_id,
  i.checked_at, i.checked_by_user_id, i.closed_at, i.due_at, i.escalated_at, i.rework_count,
  i.rejection_reason, i.duplicate_of, i.backlog_reason, i.reporter_user_id, i.reporter_name, i.reporter_phone,
  i.hidden_from_public, i.published_at is not null as published_to_public, i.public_summary,
  incident_public_reason(i.source, i.category_code, i.status, i.hidden_from_public, i.published_at) as public_reason,
  i.supporter_count, i.satisfaction`;

/** The case, locked for the rest of the transaction; out of the caller's scope it is not found. */
export async function lockIncident(sql: Queryable, id: number, scope: CaseScope): Promise<IncidentRecord | undefined> {
  const [row] = await sql<IncidentRecord[]>`
    select ${incidentColumns(sql)} from incidents i where i.id = ${id} ${scopeCondition(sql, scope)} for update`;
  return row;
}

export interface CaseRow extends IncidentRecord {
  categoryNameZh: string;
  categoryNameEn: string;
  majorCode: string | null;
  photoRequiredToClose: boolean;
  gridCode: string | null;
  gridName: string | null;
  communityName: string | null;
  assignedWorkerName: string | null;
  assignedUserName: string | null;
  overdue: boolean;
}

function caseSelect(sql: Queryable, now: Date) {
  return sql`
    select ${incidentColumns(sql)},
           category.name_zh as category_name_zh, category.name_en as category_name_en, category.major_code,
           category.photo_required_to_close,
           grid.code as grid_code, grid.name as grid_name, community.name as community_name,
           worker.name as assigned_worker_name, holder.display_name as assigned_user_name,
           (i.status in ${sql(runningStatuses as string[])} and i.due_at < ${now}) as overdue
      from incidents i
      join incident_categories category on category.code = i.category_code
      left join grid_versions grid on grid.grid_id = i.grid_id and grid.valid_to is null
      left join communities community on community.id = i.community_id
      left join workers worker on worker.id = i.assigned_worker_id
      left join users holder on holder.id = i.assigned_user_id`;
}

export async function findCase(sql: Queryable, id: number, scope: CaseScope, now: Date): Promise<CaseRow | undefined> {
  const [row] = await sql<CaseRow[]>`${caseSelect(sql, now)} where i.id = ${id} ${scopeCondition(sql, scope)}`;
  return row;
}

export interface CaseFilter {
  statuses?: string[];
  category?: string;
  gridId?: number;
  overdue?: boolean;
  assignedTo?: { workerId: number | null; userId: number };
  sort: 'due' | 'reported';
  limit: number;
  offset: number;
}

export async function listCases(sql: Queryable, scope: CaseScope, filter: CaseFilter, now: Date): Promise<{ rows: CaseRow[]; total: number }> {
  const conditions = sql`
    ${scopeCondition(sql, scope)}
    ${filter.statuses && filter.statuses.length > 0 ? sql`and i.status in ${sql(filter.statuses)}` : sql``}
    ${filter.category ? sql`and (i.category_code = ${filter.category} or category.major_code = ${filter.category})` : sql``}
    ${filter.gridId !== undefined ? sql`and i.grid_id = ${filter.gridId}` : sql``}
    ${filter.overdue === true ? sql`and i.status in ${sql(runningStatuses as string[])} and i.due_at < ${now}` : sql``}
    ${filter.overdue === false ? sql`and not (i.status in ${sql(runningStatuses as string[])} and coalesce(i.due_at < ${now}, false))` : sql``}
    ${filter.assignedTo
      ? sql`and (i.assigned_user_id = ${filter.assignedTo.userId}
                 ${filter.assignedTo.workerId !== null ? sql`or i.assigned_worker_id = ${filter.assignedTo.workerId}` : sql``})`
      : sql``}`;
  const rows = await sql<CaseRow[]>`
    ${caseSelect(sql, now)} where true ${conditions}
    order by ${filter.sort === 'due' ? sql`i.due_at asc nulls last, i.reported_at desc` : sql`i.reported_at desc`}, i.id desc
    limit ${filter.limit} offset ${filter.offset}`;
  const [count] = await sql<{ total: number }[]>`
    select count(*)::int as total from incidents i join incident_categories category on category.code = i.category_code
     where true ${conditions}`;
  return { rows, total: count!.total };
}

export interface EventRow {
  id: number;
  at: Date;
  action: string | null;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: number | null;
  actorName: string | null;
  actorLabel: string | null;
  /** a person's note, as typed */
  note: string | null;
  /** a note the system wrote: a code of the catalogue's `notes` with its params */
  noteCode: NoteCode | null;
  noteParams: Record<string, string | number> | null;
  photos: string[];
}

export async function listEvents(sql: Queryable, incidentId: number): Promise<EventRow[]> {
  return sql<EventRow[]>`
    select e.id, e.at, e.action, e.from_status, e.to_status, e.actor_user_id, u.display_name as actor_name, e.actor_label, e.note,
           e.note_code, e.note_params, e.photos
      from incident_events e left join users u on u.id = e.actor_user_id
     where e.incident_id = ${incidentId}
     order by e.at, e.id`;
}

export interface NewEvent {
  incidentId: number;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: number | null;
  actorLabel: string | null;
  note: string | null;
  /** what the system adds (routing, a merge): stored as a code, rendered when read */
  systemNote?: SystemNote;
  photos: string[];
}

export async function insertEvent(sql: Queryable, event: NewEvent): Promise<void> {
  await sql`
    insert into incident_events (incident_id, at, action, from_status, to_status, actor_user_id, actor_label, note, note_code, note_params, photos)
    values (${event.incidentId}, ${event.at}, ${event.action}, ${event.fromStatus}, ${event.toStatus}, ${event.actorUserId},
            ${event.actorLabel}, ${event.note}, ${event.systemNote?.code ?? null},
            ${event.systemNote ? sql.json(event.systemNote.params as never) : null}, ${event.photos})`;
}

/** Many events in one statement (an import replaying historic cases); each as `insertEvent` writes it. */
export async function insertEvents(sql: Queryable, events: NewEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 5000) {
    const rows = events.slice(start, start + 5000).map((event, position) => ({
      position, incident_id: event.incidentId, at: event.at.toISOString(), action: event.action, from_status: event.fromStatus, to_status: event.toStatus,
      actor_user_id: event.actorUserId, actor_label: event.actorLabel, note: event.note, note_code: event.systemNote?.code ?? null,
      note_params: event.systemNote?.params ?? null, photos: event.photos,
    }));
    await sql`
      insert into incident_events (incident_id, at, action, from_status, to_status, actor_user_id, actor_label, note, note_code, note_params, photos)
      select e.incident_id, e.at, e.action, e.from_status, e.to_status, e.actor_user_id, e.actor_label, e.note, e.note_code, e.note_params,
             array(select jsonb_array_elements_text(e.photos))
        from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as e (
               position integer, incident_id bigint, at timestamptz, action text, from_status text, to_status text, actor_user_id integer, actor_label text,
               note text, note_code text, note_params jsonb, photos jsonb)
       order by e.position`;
  }
}

export type IncidentPatch = Partial<{
  status: IncidentStatus;
  gridId: number | null;
  communityId: number | null;
  assignedWorkerId: number | null;
  assignedUserId: number | null;
  assignedDepartment: string | null;
  vacantGrid: boolean;
  registeredAt: Date;
  dispatchedAt: Date;
  acceptedAt: Date | null;
  startedAt: Date;
  handledAt: Date | null;
  handledByUserId: number | null;
  checkedAt: Date;
  checkedByUserId: number;
  closedAt: Date;
  dueAt: Date | null;
  escalatedAt: Date | null;
  reworkCount: number;
  rejectionReason: 'invalid' | 'duplicate';
  duplicateOf: number;
  backlogReason: string;
  backloggedAt: Date;
  updatedAt: Date;
}>;

export async function updateIncident(sql: Queryable, id: number, patch: IncidentPatch): Promise<void> {
  await sql`update incidents set ${sql(patch as Record<string, unknown>)} where id = ${id}`;
}

export interface CategoryRecord {
  code: string;
  majorCode: string | null;
  deadlineAmount: number | null;
  deadlineUnit: 'working_hours' | 'working_days' | null;
  photoRequiredToClose: boolean;
  department: string | null;
}

export async function findCategory(sql: Queryable, code: string): Promise<CategoryRecord | undefined> {
  const [row] = await sql<CategoryRecord[]>`
    select code, major_code, deadline_amount, deadline_unit, photo_required_to_close, department
      from incident_categories where code = ${code}`;
  return row;
}

export async function findCategories(sql: Queryable, codes: string[]): Promise<Map<string, CategoryRecord>> {
  if (codes.length === 0) return new Map();
  const rows = await sql<CategoryRecord[]>`
    select code, major_code, deadline_amount, deadline_unit, photo_required_to_close, department
      from incident_categories where code in ${sql(codes)}`;
  return new Map(rows.map((row) => [row.code, row]));
}

export type CategoryPatch = Partial<{
  nameZh: string;
  nameEn: string;
  deadlineAmount: number;
  deadlineUnit: 'working_hours' | 'working_days';
  photoRequiredToClose: boolean;
  department: string | null;
}>;

export async function updateCategory(sql: Queryable, code: string, patch: CategoryPatch): Promise<Category | undefined> {
  const [row] = await sql<Category[]>`
    update incident_categories set ${sql(patch as Record<string, unknown>)} where code = ${code}
    returning code, major_code, kind, name_zh, name_en, deadline_amount, deadline_unit, photo_required_to_close, department`;
  return row;
}

export interface Routing {
  gridId: number | null;
  communityId: number | null;
  workerId: number | null;
  dutyDispatcherUserId: number | null;
}

/** Who serves the place at `at`: the grid whose version was valid then, and its active worker. */
export async function routeLocation(sql: Queryable, longitude: number, latitude: number, at: Date): Promise<Routing> {
  const [row] = await sql<Routing[]>`
    with point as (select ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326) as geometry),
    grid as (
      select gv.grid_id, gv.community_id
        from grid_versions gv, point
       where gv.valid_from <= ${at} and (gv.valid_to is null or gv.valid_to > ${at})
         and gv.geometry && point.geometry and ST_Covers(gv.geometry, point.geometry)
       order by gv.code limit 1
    ),
    community as (
      select c.id from communities c, point
       where c.boundary && point.geometry and ST_Covers(c.boundary, point.geometry)
       order by c.code limit 1
    )
    select grid.grid_id,
           coalesce(grid.community_id, (select id from community)) as community_id,
           (select a.worker_id from grid_assignments a join workers w on w.id = a.worker_id and w.active
             where a.grid_id = grid.grid_id and a.started_at <= ${at} and (a.ended_at is null or a.ended_at > ${at})
             order by a.started_at desc limit 1) as worker_id,
           (select c.duty_dispatcher_user_id from communities c
             where c.id = coalesce(grid.community_id, (select id from community))) as duty_dispatcher_user_id
      from (select 1) as one left join grid on true`;
  return row ?? { gridId: null, communityId: null, workerId: null, dutyDispatcherUserId: null };
}

/**
 * The layout revision, locked FOR SHARE until the transaction ends: grid and community edits bump
 * it (triggers), so none can commit while a placement made at this revision is being written.
 */
export async function lockLayoutRevision(sql: Queryable): Promise<number> {
  const [row] = await sql`select revision from layout_revision for share`;
  return Number(row?.revision ?? 0);
}

/** The community and grid containing each point (index order kept), for validation and recording. */
export async function placesOfPoints(
  sql: Queryable,
  points: { longitude: number; latitude: number }[],
  at: Date,
): Promise<{ communityId: number | null; gridId: number | null }[]> {
  if (points.length === 0) return [];
  const rows = await sql<{ position: number; communityId: number | null; gridId: number | null }[]>`
    with point as (
      select (entry ->> 'position')::int as position,
             ST_SetSRID(ST_MakePoint((entry ->> 'longitude')::float8, (entry ->> 'latitude')::float8), 4326) as geometry
        from jsonb_array_elements(${sql.json(points.map((point, position) => ({ position, ...point })) as never)}::jsonb) as entry
    )
    select point.position,
           (select c.id from communities c where c.boundary && point.geometry and ST_Covers(c.boundary, point.geometry)
             order by c.code limit 1) as community_id,
           (select gv.grid_id from grid_versions gv
             where gv.valid_from <= ${at} and (gv.valid_to is null or gv.valid_to > ${at})
               and gv.geometry && point.geometry and ST_Covers(gv.geometry, point.geometry)
             order by gv.code limit 1) as grid_id
      from point order by point.position`;
  return rows.map(({ communityId, gridId }) => ({ communityId, gridId }));
}

export async function communityOfGrid(sql: Queryable, gridId: number): Promise<number | null> {
  const [row] = await sql<{ communityId: number }[]>`select community_id from grids where id = ${gridId}`;
  return row?.communityId ?? null;
}

export async function activeWorkerExists(sql: Queryable, workerId: number): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from workers where id = ${workerId} and active) as present`;
  return Boolean(row?.present);
}

export async function userHasRole(sql: Queryable, userId: number, roles: readonly string[]): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from users where id = ${userId} and not disabled and role in ${sql(roles as string[])}) as present`;
  return Boolean(row?.present);
}

export async function missingPhotos(sql: Queryable, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await sql<{ name: string }[]>`select name from photos where name in ${sql(names)}`;
  const found = new Set(rows.map((row) => row.name));
  return names.filter((name) => !found.has(name));
}

export async function hasHandlingPhoto(sql: Queryable, incidentId: number): Promise<boolean> {
  const [row] = await sql`
    select exists (select 1 from incident_events where incident_id = ${incidentId} and action = 'handle' and cardinality(photos) > 0) as present`;
  return Boolean(row?.present);
}

export async function readPolicyNumber(sql: Queryable, key: string, fallback: number): Promise<number> {
  const [row] = await sql`select value from policy where key = ${key}`;
  const value = Number(row?.value);
  return Number.isFinite(value) ? value : fallback;
}

export interface NewIncident {
  idempotencyKey: string | null;
  idempotencyBodyHash: string | null;
  categoryCode: string;
  source: string;
  description: string;
  longitude: number;
  latitude: number;
  address: string | null;
  gridId: number | null;
  communityId: number;
  reportedAt: Date;
  reporterUserId: number | null; // null: a resident or an Open311 client
  reporterName: string | null;
  reporterPhone: string | null;
  timeZone: string;
}

/**
 * Insert a reported case; with an idempotency key already used, nothing is inserted (undefined): the
 * incidents_claim_keys trigger (0027) skips the row, as ON CONFLICT did before incidents were partitioned.
 */
export async function insertIncident(sql: Queryable, incident: NewIncident): Promise<{ id: number; trackingCode: string } | undefined> {
  const [row] = await sql<{ id: number; trackingCode: string }[]>`
    insert into incidents (tracking_code, category_code, source, status, description, location, address, grid_id, community_id,
                           reported_at, reporter_user_id, reporter_name, reporter_phone, idempotency_key, idempotency_body_hash)
    values ('E' || to_char(${incident.reportedAt}::timestamptz at time zone ${incident.timeZone}, 'YYYYMMDD') || '-'
              || ${randomTrackingSuffix()},
            ${incident.categoryCode}, ${incident.source}, 'reported', ${incident.description},
            ST_SetSRID(ST_MakePoint(${incident.longitude}, ${incident.latitude}), 4326), ${incident.address},
            ${incident.gridId}, ${incident.communityId}, ${incident.reportedAt}, ${incident.reporterUserId},
            ${incident.reporterName}, ${incident.reporterPhone}, ${incident.idempotencyKey}, ${incident.idempotencyBodyHash})
    returning id, tracking_code`;
  return row;
}

/** A case insertIncidents created: with what its insert trigger set (the emergency clock's due time). */
export interface CreatedIncident {
  id: number;
  trackingCode: string;
  dueAt: Date | null;
  /** emergency_response_minutes of its category: null unless an emergency category */
  responseMinutes: number | null;
}

/**
 * Insert many reported cases in two statements instead of two per case (a batch import holds up
 * to a thousand). Ids and tracking numbers are taken up front in item order, so the result maps
 * back to the items exactly; each tracking code gets its own random part (tracking-code.ts). An item whose
 * idempotency key is already used (earlier, or by an earlier item of the same batch) is not
 * inserted: its position is absent from the result. Each created case gets its 'report' event.
 */
export async function insertIncidents(
  sql: Queryable,
  incidents: (NewIncident & { photos: string[]; eventAt: Date; actorLabel: string | null })[],
): Promise<Map<number, CreatedIncident>> {
  const created = new Map<number, CreatedIncident>();
  if (incidents.length === 0) return created;
  const numbers = await sql<{ id: number }[]>`
    select nextval(pg_get_serial_sequence('incidents', 'id')) as id
      from generate_series(1, ${incidents.length}) as position order by position`;
  const ids = numbers.map((row) => Number(row.id)).sort((a, b) => a - b);
  const rows = incidents.map((incident, position) => ({
    id: ids[position], suffix: randomTrackingSuffix(), category_code: incident.categoryCode, source: incident.source,
    description: incident.description, longitude: incident.longitude, latitude: incident.latitude, address: incident.address,
    grid_id: incident.gridId, community_id: incident.communityId, reported_at: incident.reportedAt.toISOString(),
    reporter_user_id: incident.reporterUserId, reporter_name: incident.reporterName, reporter_phone: incident.reporterPhone,
    idempotency_key: incident.idempotencyKey, idempotency_body_hash: incident.idempotencyBodyHash, time_zone: incident.timeZone,
    event_at: incident.eventAt.toISOString(), actor_label: incident.actorLabel, photos: incident.photos,
  }));
  // the cases and their 'report' events in one statement: an event only for a case inserted (not an idempotent repeat)
  const inserted = await sql<CreatedIncident[]>`
    with item as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as item (
             id bigint, suffix text, category_code text, source text, description text, longitude float8, latitude float8,
             address text, grid_id integer, community_id integer, reported_at timestamptz, reporter_user_id integer,
             reporter_name text, reporter_phone text, idempotency_key text, idempotency_body_hash text, time_zone text,
             event_at timestamptz, actor_label text, photos jsonb)
    ),
    inserted as (
      insert into incidents (id, tracking_code, category_code, source, status, description, location, address, grid_id, community_id,
                             reported_at, reporter_user_id, reporter_name, reporter_phone, idempotency_key, idempotency_body_hash)
      select item.id, 'E' || to_char(item.reported_at at time zone item.time_zone, 'YYYYMMDD') || '-' || item.suffix,
             item.category_code, item.source, 'reported', item.description,
             ST_SetSRID(ST_MakePoint(item.longitude, item.latitude), 4326), item.address, item.grid_id, item.community_id,
             item.reported_at, item.reporter_user_id, item.reporter_name, item.reporter_phone, item.idempotency_key, item.idempotency_body_hash
        from item
       order by item.id
        returning id, tracking_code, due_at, emergency_response_minutes(category_code) as response_minutes
    ),
    report as (
      insert into incident_events (incident_id, at, action, from_status, to_status, actor_user_id, actor_label, note, photos)
      select inserted.id, item.event_at, 'report', null, 'reported', item.reporter_user_id, item.actor_label, null,
             array(select jsonb_array_elements_text(item.photos))
        from inserted join item on item.id = inserted.id
       order by inserted.id
    )
    select id, tracking_code, due_at, response_minutes from inserted`;
  const positionOf = new Map(ids.map((id, position) => [id, position]));
  for (const row of inserted) created.set(positionOf.get(Number(row.id))!, { ...row, id: Number(row.id) });
  return created;
}

/** The cases holding these idempotency keys. */
export async function findByIdempotencyKeys(sql: Queryable, keys: string[]) {
  if (keys.length === 0) return new Map<string, { id: number; trackingCode: string; status: string; idempotencyBodyHash: string | null }>();
  const rows = await sql<{ id: number; trackingCode: string; status: string; idempotencyBodyHash: string | null; idempotencyKey: string }[]>`
    select id, tracking_code, status, idempotency_body_hash, idempotency_key from incidents where idempotency_key in ${sql(keys)}`;
  return new Map(rows.map((row) => [row.idempotencyKey, row]));
}

export async function findByIdempotencyKey(sql: Queryable, key: string) {
  const [row] = await sql<{ id: number; trackingCode: string; status: string; idempotencyBodyHash: string | null }[]>`
    select id, tracking_code, status, idempotency_body_hash from incidents where idempotency_key = ${key}`;
  return row;
}

export interface DuplicateSuggestion {
  incidentId: number;
  id: number;
  trackingCode: string;
  status: string;
  reportedAt: Date;
  distanceMetres: number;
}

/** When the cases being looked at were reported (first and last): bounds that let the monthly partitions be pruned. */
export interface ReportedSpan {
  from: Date;
  to: Date;
}

/** At most this many suggestions per case, nearest first (advice for a dispatcher, not a report). */
export const duplicateSuggestionLimit = 20;

/**
 * Open cases of the same category reported earlier within `radiusMetres` and `windowHours`, nearest
 * first, at most `duplicateSuggestionLimit` per case. `reported` spans the cases' own report times:
 * the cases are found in their months only, and the candidates in the months the window reaches
 * (incidents are partitioned by month, migration 0027). Each case's candidates are searched by its
 * own index scan of the location GiST, ordered by distance: the ORDER BY … LIMIT keeps the planner on
 * that index even when a month's statistics lag behind a burst of inserts (a category-and-time scan
 * of a busy hour took 4 ms a case; this takes 0.04 ms).
 */
export async function suggestDuplicates(
  sql: Queryable,
  incidentIds: number[],
  reported: ReportedSpan,
  radiusMetres: number,
  windowHours: number,
): Promise<DuplicateSuggestion[]> {
  if (incidentIds.length === 0) return [];
  const windowMs = windowHours * 3_600_000;
  const candidatesFrom = new Date(reported.from.getTime() - windowMs);
  const candidatesTo = new Date(reported.to.getTime() + windowMs);
  return sql<DuplicateSuggestion[]>`
    select i.id as incident_id, other.id, other.tracking_code, other.status, other.reported_at,
           round(ST_Distance(i.location::geography, other.location::geography)::numeric, 1)::float8 as distance_metres
      from incidents i
      cross join lateral (
        select o.id, o.tracking_code, o.status, o.reported_at, o.location
          from incidents o
         where o.category_code = i.category_code
           and o.id <> i.id
           and o.status in ('reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework')
           and o.reported_at between ${candidatesFrom} and ${candidatesTo}
           and o.reported_at between i.reported_at - make_interval(hours => ${windowHours}) and i.reported_at + make_interval(hours => ${windowHours})
           and (o.reported_at < i.reported_at or (o.reported_at = i.reported_at and o.id < i.id))
           -- the box lets incidents_location_gist find the candidates; ST_DWithin on geography decides (migration 0025)
           and o.location && geography_search_box(i.location, ${radiusMetres})
           and ST_DWithin(o.location::geography, i.location::geography, ${radiusMetres})
         order by o.location <-> i.location
         limit ${duplicateSuggestionLimit}) other
     where i.id = any(${incidentIds}::bigint[])
       and i.reported_at between ${reported.from} and ${reported.to}
     order by i.id, distance_metres, other.reported_at`;
}

export interface NotificationRow {
  id: number;
  createdAt: Date;
  kind: 'incident_overdue';
  incidentId: number | null;
  trackingCode: string | null;
  code: NoteCode;
  params: Record<string, string | number>;
  readAt: Date | null;
}

export async function listNotifications(sql: Queryable, viewer: { userId: number; role: string }, unreadOnly: boolean, limit: number): Promise<NotificationRow[]> {
  return sql<NotificationRow[]>`
    select n.id, n.created_at, n.kind, n.incident_id, i.tracking_code, n.message_code as code, n.message_params as params, n.read_at
      from notifications n left join incidents i on i.id = n.incident_id
     where (n.recipient_user_id = ${viewer.userId} or (n.recipient_user_id is null and n.recipient_role = ${viewer.role})
            ${viewer.role === 'admin' ? sql`or n.recipient_role = 'dispatcher'` : sql``})
       ${unreadOnly ? sql`and n.read_at is null` : sql``}
     order by n.created_at desc, n.id desc
     limit ${limit}`;
}

export async function markNotificationRead(sql: Queryable, id: number, viewer: { userId: number; role: string }, at: Date): Promise<boolean> {
  const rows = await sql`
    update notifications n set read_at = coalesce(n.read_at, ${at})
     where n.id = ${id}
       and (n.recipient_user_id = ${viewer.userId} or (n.recipient_user_id is null and n.recipient_role = ${viewer.role})
            ${viewer.role === 'admin' ? sql`or n.recipient_role = 'dispatcher'` : sql``})
    returning n.id`;
  return rows.length > 0;
}
