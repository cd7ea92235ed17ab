import { expect } from 'vitest';
import type { Queryable } from '../../server/db/connect.ts';
import type { TestApp } from '../support/test-app.ts';
import { rectangleWkt } from '../support/territory-builder.ts';

/**
 * A community of `columns × rows` rectangular grids (row 0 in the north), each with one building
 * and a lattice of households (none on a grid edge), an open and a closed incident, and a worker
 * on the first grid. Coordinates in degrees near the demo zone.
 */
export interface EditableCommunity {
  communityId: number;
  communityCode: string;
  origin: [number, number];
  cellSize: number;
  /** grid ids, row-major from the north-west */
  gridIds: number[];
  workerId: number;
  householdCount: number;
}

let nextStreet = 500;

export async function buildEditableCommunity(
  sql: Queryable,
  options: { origin: [number, number]; columns?: number; rows?: number; cellSize?: number; householdsPerSide?: number },
): Promise<EditableCommunity> {
  const columns = options.columns ?? 3;
  const rows = options.rows ?? 2;
  const cellSize = options.cellSize ?? 0.005;
  const perSide = options.householdsPerSide ?? 4;
  const [west, south] = options.origin;
  const north = south + rows * cellSize;
  const streetCode = `340122${String(nextStreet++).padStart(3, '0')}`;
  const [street] = await sql`insert into streets (code, name) values (${streetCode}, '编辑测试街道') returning id`;
  const communityCode = `${streetCode}001`;
  const [community] = await sql`
    insert into communities (street_id, code, name, boundary)
    values (${street!.id}, ${communityCode}, '编辑测试社区',
            ST_GeomFromText(${rectangleWkt(west, south, west + columns * cellSize, north)}, 4326))
    returning id`;
  const communityId = community!.id as number;
  await sql`insert into incident_categories (code, major_code, kind, name_zh, name_en)
            values ('98', null, 'incident', '测试大类', 'Test class') on conflict (code) do nothing`;
  await sql`insert into incident_categories (code, major_code, kind, name_zh, name_en, deadline_amount, deadline_unit)
            values ('9801', '98', 'incident', '测试小类', 'Test minor', 2, 'working_days') on conflict (code) do nothing`;
  const gridIds: number[] = [];
  let sequence = 1;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const minLng = west + column * cellSize;
      const maxLat = north - row * cellSize;
      const minLat = maxLat - cellSize;
      const maxLng = minLng + cellSize;
      const [grid] = await sql`insert into grids (community_id) values (${communityId}) returning id`;
      const gridId = grid!.id as number;
      await sql`
        insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
        values (${gridId}, ${communityId}, ${communityCode + String(sequence).padStart(3, '0')}, ${`编辑测试社区第${String(sequence).padStart(2, '0')}网格`},
                ST_GeomFromText(${rectangleWkt(minLng, minLat, maxLng, maxLat)}, 4326), '2025-01-01T00:00:00+08:00')`;
      sequence++;
      const centreLng = (minLng + maxLng) / 2;
      const centreLat = (minLat + maxLat) / 2;
      const [building] = await sql`
        insert into buildings (community_id, complex_name, number, kind, floors, footprint, location)
        values (${communityId}, '编辑测试小区', ${String(gridIds.length + 1)}, 'residential', 6,
                ST_Buffer(ST_SetSRID(ST_MakePoint(${centreLng}, ${centreLat}), 4326), 0.0001, 4),
                ST_SetSRID(ST_MakePoint(${centreLng}, ${centreLat}), 4326))
        returning id`;
      // households on a lattice strictly inside the cell
      await sql`
        insert into households (building_id, grid_id, unit, room, location, registered_count, resident_count)
        select ${building!.id}, ${gridId}, '1', (i * 100 + j)::text,
               ST_SetSRID(ST_MakePoint(${minLng} + (i + 0.5) * ${cellSize / perSide}, ${minLat} + (j + 0.5) * ${cellSize / perSide}), 4326),
               2, 1 + (i + j) % 3
          from generate_series(0, ${perSide - 1}) i, generate_series(0, ${perSide - 1}) j`;
      await sql`
        insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at)
        values (${`T${gridId}-open`}, '9801', 'patrol', 'registered', '测试事件', ST_SetSRID(ST_MakePoint(${minLng + cellSize * 0.3}, ${minLat + cellSize * 0.3}), 4326),
                ${gridId}, ${communityId}, now()),
               (${`T${gridId}-closed`}, '9801', 'patrol', 'closed', '测试事件', ST_SetSRID(ST_MakePoint(${minLng + cellSize * 0.7}, ${minLat + cellSize * 0.7}), 4326),
                ${gridId}, ${communityId}, now())`;
      gridIds.push(gridId);
    }
  }
  const [worker] = await sql`insert into workers (name, duty_phone) values ('编辑测试网格员', '0551-00000000') returning id`;
  await sql`insert into grid_assignments (grid_id, worker_id) values (${gridIds[0]!}, ${worker!.id})`;
  return {
    communityId, communityCode, origin: options.origin, cellSize, gridIds, workerId: worker!.id as number,
    householdCount: columns * rows * perSide * perSide,
  };
}

export interface CurrentGrid {
  gridId: number;
  versionId: number;
  code: string;
  bbox: [number, number, number, number];
}

export async function currentGrids(sql: Queryable, communityId: number): Promise<CurrentGrid[]> {
  return sql<CurrentGrid[]>`
    select grid_id, id as version_id, code,
           array[ST_XMin(geometry), ST_YMin(geometry), ST_XMax(geometry), ST_YMax(geometry)]::float8[] as bbox
      from grid_versions where community_id = ${communityId} and valid_to is null order by code`;
}

/** Everything an edit may touch, to compare before and after a refusal. */
export async function snapshot(sql: Queryable): Promise<string> {
  const versions = await sql`select id, grid_id, code, valid_from, valid_to, ST_AsHEXEWKB(geometry) as g from grid_versions order by id`;
  const households = await sql`select id, grid_id from households order by id`;
  const incidents = await sql`select id, grid_id from incidents order by id`;
  const assignments = await sql`select id, grid_id, worker_id, ended_at from grid_assignments order by id`;
  const edits = await sql`select count(*)::int as n from grid_edits`;
  const grids = await sql`select count(*)::int as n from grids`;
  return JSON.stringify({ versions, households, incidents, assignments, edits, grids });
}

export interface InvariantReport {
  overlaps: { a: string; b: string; area: number }[];
  uncoveredSquareMetres: number;
  householdsInCurrentGrids: number;
  householdsOutsideTheirGrid: number;
  gridsWithSeveralCurrentVersions: number;
  openIncidentsInCeasedGrids: number;
}

/** The invariants of a community's layout, measured independently of the editing code. */
export async function measureInvariants(sql: Queryable, communityId: number): Promise<InvariantReport> {
  const overlaps = await sql<{ a: string; b: string; area: number }[]>`
    select a.code as a, b.code as b, area_square_metres(ST_Intersection(a.geometry, b.geometry, 1e-10))::float8 as area
      from grid_versions a join grid_versions b
        on b.community_id = a.community_id and b.valid_to is null and a.grid_id < b.grid_id and a.geometry && b.geometry
     where a.community_id = ${communityId} and a.valid_to is null
       and area_square_metres(ST_Intersection(a.geometry, b.geometry, 1e-10)) > 0.5`;
  const [coverage] = await sql<{ uncovered: number }[]>`
    select area_square_metres(ST_Difference(c.boundary, (select ST_UnaryUnion(ST_Collect(geometry), 1e-10) from grid_versions
                                                where community_id = c.id and valid_to is null), 1e-10))::float8 as uncovered
      from communities c where c.id = ${communityId}`;
  const [households] = await sql<{ inCurrent: number; outside: number }[]>`
    select count(*)::int as in_current,
           count(*) filter (where not ST_Intersects(gv.geometry, h.location))::int as outside
      from households h join grid_versions gv on gv.grid_id = h.grid_id and gv.valid_to is null
     where gv.community_id = ${communityId}`;
  const [several] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select grid_id from grid_versions where community_id = ${communityId} and valid_to is null group by grid_id having count(*) > 1) x`;
  const [incidents] = await sql<{ n: number }[]>`
    select count(*)::int as n from incidents i
     where i.community_id = ${communityId} and i.status not in ('closed', 'rejected')
       and not exists (select 1 from grid_versions gv where gv.grid_id = i.grid_id and gv.valid_to is null)`;
  return {
    overlaps,
    uncoveredSquareMetres: coverage?.uncovered ?? Number.NaN,
    householdsInCurrentGrids: households!.inCurrent,
    householdsOutsideTheirGrid: households!.outside,
    gridsWithSeveralCurrentVersions: several!.n,
    openIncidentsInCeasedGrids: incidents!.n,
  };
}

/** Asserts the layout invariants of a community holding `households` households. */
export async function expectLayoutInvariants(sql: Queryable, communityId: number, households: number): Promise<void> {
  const report = await measureInvariants(sql, communityId);
  expect(report.overlaps).toEqual([]);
  expect(report.uncoveredSquareMetres).toBeLessThan(1);
  expect(report.householdsInCurrentGrids).toBe(households);
  expect(report.householdsOutsideTheirGrid).toBe(0);
  expect(report.gridsWithSeveralCurrentVersions).toBe(0);
  expect(report.openIncidentsInCeasedGrids).toBe(0);
}

export async function post(app: TestApp, headers: Record<string, string>, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await app.request(path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function plannerHeaders(sql: Queryable, sessionFor: (sql: Queryable, userId: number) => Promise<Record<string, string>>) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const [user] = await sql`insert into users (username, display_name, role) values (${`planner-${suffix}`}, '规划员', 'planner') returning id`;
  return { userId: user!.id as number, headers: await sessionFor(sql, user!.id) };
}

export const rectangle = (minLng: number, minLat: number, maxLng: number, maxLat: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]],
});
