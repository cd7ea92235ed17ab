import type { Queryable } from '../db/connect.ts';
import type { Bbox } from '../http/query-parameters.ts';
import { zoneTodaySql } from '../time/zone.ts';

/** SQL of the back-street register: sections, coverage, the people who carry duties. */

/** A person serves while they have not left, judged on the zone's today. */
const serving = (sql: Queryable, alias: string) => sql`(${sql(alias)}.left_on is null or ${sql(alias)}.left_on > ${zoneTodaySql(sql)})`;

export interface SectionRow {
  id: number;
  backStreetId: number;
  backStreetName: string;
  communityId: number | null;
  name: string;
  grade: number;
  fromMetres: number;
  toMetres: number;
  post: string;
  duties: string;
  fixedPoints: { type: 'MultiPoint'; coordinates: [number, number][] } | null;
  geometry: { type: 'LineString'; coordinates: number[][] };
  personId: number | null;
  personName: string | null;
  personKind: string | null;
  personOrganisation: string | null;
  personActive: boolean | null;
  createdAt: Date;
  lastInspectedAt: Date | null;
}

export async function listSections(sql: Queryable, filter: { bbox?: Bbox | undefined; communityId?: number | undefined; sectionId?: number; personId?: number } = {}): Promise<SectionRow[]> {
  return sql<SectionRow[]>`
    select s.id, s.back_street_id, b.name as back_street_name, b.community_id, s.name, s.grade, s.from_metres, s.to_metres, s.post, s.duties,
           ST_AsGeoJSON(s.fixed_points, 7)::json as fixed_points, ST_AsGeoJSON(s.geometry, 7)::json as geometry,
           p.id as person_id, p.name as person_name, p.kind as person_kind, p.organisation as person_organisation,
           case when p.id is null then null else ${serving(sql, 'p')} end as person_active,
           s.created_at,
           (select max(i.finished_at) from back_street_inspections i where i.section_id = s.id and i.kind = 'scheduled') as last_inspected_at
      from back_street_sections s
      join back_streets b on b.id = s.back_street_id
      left join duty_people p on p.id = s.responsible_person_id
     where true
       ${filter.bbox ? sql`and s.geometry && ST_MakeEnvelope(${filter.bbox.minLng}, ${filter.bbox.minLat}, ${filter.bbox.maxLng}, ${filter.bbox.maxLat}, 4326)` : sql``}
       ${filter.communityId !== undefined ? sql`and b.community_id = ${filter.communityId}` : sql``}
       ${filter.sectionId !== undefined ? sql`and s.id = ${filter.sectionId}` : sql``}
       ${filter.personId !== undefined ? sql`and s.responsible_person_id = ${filter.personId}` : sql``}
     order by b.name, s.back_street_id, s.from_metres`;
}

export interface UnassignedRow {
  backStreetId: number;
  backStreetName: string;
  fromMetres: number;
  toMetres: number;
  lengthMetres: number;
  reason: 'no_section' | 'no_active_person';
  sectionId: number | null;
  personName: string | null;
  geometry: { type: 'LineString'; coordinates: number[][] };
}

/**
 * Stretches held by nobody, in PostGIS and range arithmetic: the part of each street no section
 * covers (the street's [0, length) minus the union of its sections' ranges), and the sections
 * whose person is missing or has left. Slivers under half a metre are rounding, not gaps.
 */
export async function unassignedStretches(sql: Queryable): Promise<UnassignedRow[]> {
  return sql<UnassignedRow[]>`
    with covered as (
      select back_street_id, range_agg(numrange(from_metres::numeric, to_metres::numeric, '[)')) as ranges
        from back_street_sections group by back_street_id
    ), gaps as (
      select b.id, b.name, b.length_metres, b.geometry,
             unnest(nummultirange(numrange(0, b.length_metres::numeric, '[)')) - coalesce(c.ranges, '{}'::nummultirange)) as gap
        from back_streets b left join covered c on c.back_street_id = b.id
    ), stretches as (
      select id as back_street_id, name as back_street_name, lower(gap)::float8 as from_metres, upper(gap)::float8 as to_metres,
             'no_section' as reason, null::int as section_id, null::text as person_name, geometry as street_geometry, length_metres
        from gaps where upper(gap) - lower(gap) > 0.5
      union all
      select b.id, b.name, s.from_metres, s.to_metres, 'no_active_person', s.id, p.name, b.geometry, b.length_metres
        from back_street_sections s
        join back_streets b on b.id = s.back_street_id
        left join duty_people p on p.id = s.responsible_person_id
       where p.id is null or not ${serving(sql, 'p')}
    )
    select back_street_id, back_street_name, from_metres, to_metres, to_metres - from_metres as length_metres, reason, section_id, person_name,
           ST_AsGeoJSON(ST_LineSubstring(street_geometry, least(1, from_metres / length_metres), least(1, to_metres / length_metres)), 7)::json as geometry
      from stretches
     order by back_street_name, back_street_id, from_metres`;
}

export interface DoubleAssignedRow {
  sectionIds: number[];
  sectionNames: string[];
  lengthMetres: number;
  geometry: GeoJSON.Geometry;
}

/**
 * Stretches lying in two sections at once. Within one street the exclusion constraint forbids it;
 * across streets (a lane drawn twice) the trigger does, so this finds what older data or an import left.
 */
export async function doubleAssignedStretches(sql: Queryable): Promise<DoubleAssignedRow[]> {
  return sql<DoubleAssignedRow[]>`
    select array[a.id, b.id] as section_ids, array[a.name, b.name] as section_names,
           ST_Length(shared::geography) as length_metres, ST_AsGeoJSON(shared, 7)::json as geometry
      from back_street_sections a
      join back_street_sections b on a.id < b.id and a.geometry && b.geometry
      cross join lateral (select ST_CollectionExtract(ST_Intersection(a.geometry, b.geometry), 2) as shared) overlap
     where ST_Length(shared::geography) > 1
     order by a.id, b.id`;
}

export async function coverageTotals(sql: Queryable): Promise<{ backStreetCount: number; sectionCount: number; totalMetres: number }> {
  const [row] = await sql<{ backStreetCount: number; sectionCount: number; totalMetres: number }[]>`
    select (select count(*)::int from back_streets) as back_street_count,
           (select count(*)::int from back_street_sections) as section_count,
           (select coalesce(sum(length_metres), 0)::float8 from back_streets) as total_metres`;
  return row!;
}

export interface BackStreetRow {
  id: number;
  name: string;
  lengthMetres: number;
}

export async function findBackStreet(sql: Queryable, id: number, lock = false): Promise<BackStreetRow | undefined> {
  const [row] = await sql<BackStreetRow[]>`
    select id, name, length_metres from back_streets where id = ${id} ${lock ? sql`for update` : sql``}`;
  return row;
}

/** Sections of the street that share a stretch with [from, to), and sections of other streets lying on the same ground. */
export async function overlappingSections(
  sql: Queryable,
  input: { backStreetId: number; fromMetres: number; toMetres: number; exceptSectionId?: number },
): Promise<{ id: number; name: string }[]> {
  return sql<{ id: number; name: string }[]>`
    with candidate as (
      select ST_LineSubstring(b.geometry, least(1, ${input.fromMetres}::float8 / b.length_metres), least(1, ${input.toMetres}::float8 / b.length_metres)) as geometry
        from back_streets b where b.id = ${input.backStreetId}
    )
    select s.id, s.name from back_street_sections s, candidate c
     where s.id <> ${input.exceptSectionId ?? 0}
       and ((s.back_street_id = ${input.backStreetId}
             and numrange(s.from_metres::numeric, s.to_metres::numeric, '[)') && numrange(${input.fromMetres}::numeric, ${input.toMetres}::numeric, '[)'))
         or (s.back_street_id <> ${input.backStreetId} and s.geometry && c.geometry
             and ST_Length(ST_Intersection(s.geometry, c.geometry)::geography) > 1))
     order by s.id`;
}

export interface SectionInsert {
  backStreetId: number;
  name: string;
  grade: number;
  fromMetres: number;
  toMetres: number;
  responsiblePersonId: number | null;
  post: string;
  duties: string;
  fixedPoints: [number, number][];
}

export async function insertSection(sql: Queryable, input: SectionInsert): Promise<number> {
  const points = input.fixedPoints.length > 0 ? JSON.stringify({ type: 'MultiPoint', coordinates: input.fixedPoints }) : null;
  const [row] = await sql<{ id: number }[]>`
    insert into back_street_sections (back_street_id, name, grade, from_metres, to_metres, geometry, responsible_person_id, post, fixed_points, duties)
    select b.id, ${input.name}, ${input.grade}, ${input.fromMetres}, ${input.toMetres},
           ST_LineSubstring(b.geometry, least(1, ${input.fromMetres}::float8 / b.length_metres), least(1, ${input.toMetres}::float8 / b.length_metres)),
           ${input.responsiblePersonId}, ${input.post},
           ${points === null ? null : sql`ST_SetSRID(ST_GeomFromGeoJSON(${points}), 4326)`}, ${input.duties}
      from back_streets b where b.id = ${input.backStreetId}
    returning id`;
  return row!.id;
}

export async function updateSectionPerson(sql: Queryable, sectionId: number, fields: { responsiblePersonId?: number | null; post?: string; duties?: string; grade?: number; name?: string }): Promise<boolean> {
  const rows = await sql`
    update back_street_sections set
      responsible_person_id = ${fields.responsiblePersonId === undefined ? sql`responsible_person_id` : fields.responsiblePersonId},
      post = coalesce(${fields.post ?? null}, post),
      duties = coalesce(${fields.duties ?? null}, duties),
      grade = coalesce(${fields.grade ?? null}::smallint, grade),
      name = coalesce(${fields.name ?? null}, name),
      updated_at = now()
     where id = ${sectionId}
    returning id`;
  return rows.length > 0;
}

export interface DutyPersonRow {
  id: number;
  name: string;
  kind: string;
  organisation: string | null;
  workerId: number | null;
  communityId: number | null;
  dutyPhone: string | null;
  leftOn: string | null;
  active: boolean;
  sectionCount: number;
  sectionMetres: number;
}

export async function listDutyPeople(sql: Queryable, filter: { id?: number; communityId?: number | undefined; active?: boolean | undefined } = {}): Promise<DutyPersonRow[]> {
  return sql<DutyPersonRow[]>`
    select * from (
      select p.id, p.name, p.kind, p.organisation, p.worker_id, p.community_id, p.duty_phone,
             to_char(p.left_on, 'YYYY-MM-DD') as left_on, ${serving(sql, 'p')} as active,
             (select count(*)::int from back_street_sections s where s.responsible_person_id = p.id) as section_count,
             (select coalesce(sum(s.to_metres - s.from_metres), 0)::float8 from back_street_sections s where s.responsible_person_id = p.id) as section_metres
        from duty_people p
       where true
         ${filter.id !== undefined ? sql`and p.id = ${filter.id}` : sql``}
         ${filter.communityId !== undefined ? sql`and p.community_id = ${filter.communityId}` : sql``}
    ) listed
    ${filter.active !== undefined ? sql`where active = ${filter.active}` : sql``}
    order by community_id nulls last, kind, name, id`;
}

export async function lockDutyPerson(sql: Queryable, id: number): Promise<{ id: number; name: string; active: boolean } | undefined> {
  const [row] = await sql<{ id: number; name: string; active: boolean }[]>`
    select p.id, p.name, ${serving(sql, 'p')} as active from duty_people p where p.id = ${id} for update`;
  return row;
}

export async function markPersonLeft(sql: Queryable, id: number, leftOn: string): Promise<void> {
  await sql`update duty_people set left_on = ${leftOn} where id = ${id}`;
}

/**
 * PostGIS reads and checks a drawn back street: a valid, non-empty line of some length, and the
 * street office whose territory holds its middle. Undefined fields mean it could not be read.
 */
export async function inspectLine(sql: Queryable, geometry: GeoJSON.Geometry): Promise<{
  valid: boolean | null; reason: string | null; empty: boolean | null; type: string | null; lengthMetres: number | null; streetId: number | null; communityId: number | null;
} | undefined> {
  const [row] = await sql<{ valid: boolean | null; reason: string | null; empty: boolean | null; type: string | null; lengthMetres: number | null; streetId: number | null; communityId: number | null }[]>`
    with parsed as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) as g)
    select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason, ST_IsEmpty(g) as empty, GeometryType(g) as type,
           ST_Length(g::geography)::float8 as length_metres,
           (select c.street_id from communities c where ST_Intersects(c.boundary, ST_LineInterpolatePoint(g, 0.5)) order by c.code limit 1) as street_id,
           (select c.id from communities c where ST_Intersects(c.boundary, ST_LineInterpolatePoint(g, 0.5)) order by c.code limit 1) as community_id
      from parsed`;
  return row;
}

export async function insertBackStreet(sql: Queryable, input: { streetId: number; communityId: number | null; name: string; geometry: GeoJSON.Geometry }): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into back_streets (street_id, community_id, name, geometry, length_metres)
    select ${input.streetId}, ${input.communityId}, ${input.name}, g, ST_Length(g::geography)
      from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(input.geometry)}), 4326) as g) parsed
    returning id`;
  return row!.id;
}

export async function findBackStreetRecord(sql: Queryable, id: number): Promise<{
  id: number; name: string; communityId: number | null; lengthMetres: number; sectionCount: number; geometry: { type: 'LineString'; coordinates: number[][] };
} | undefined> {
  const [row] = await sql<{ id: number; name: string; communityId: number | null; lengthMetres: number; sectionCount: number; geometry: { type: 'LineString'; coordinates: number[][] } }[]>`
    select b.id, b.name, b.community_id, b.length_metres, (select count(*)::int from back_street_sections s where s.back_street_id = b.id) as section_count,
           ST_AsGeoJSON(b.geometry, 7)::json as geometry
      from back_streets b where b.id = ${id}`;
  return row;
}
