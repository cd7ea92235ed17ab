import type { Queryable } from '../db/connect.ts';
import { editTolerances } from '../grids/edit-tolerances.ts';
import { Failure } from '../http/failure.ts';
import { importProblemMessage, type ImportProblemCode, type ImportProblemParams } from '../messages/message-catalogue.ts';
import { streetTerritorySql } from '../plans/import-communities-into-plan.ts';
import type { RowProblem } from './prepare-rows.ts';

/**
 * Where imported polygons may lie: grids in their community, communities in their street's
 * territory (its boundary; a street drawn without one is the union of its communities). This is
 * the one rule, run by the validation report; the commit writes the geometry the report computed
 * (server/import/validate-import.ts → ReadyRow.geometry), and the plan writers clip again to the
 * same boundary, which changes nothing when the territory has not moved meanwhile.
 *
 *   - inside (at most `outsideCommunitySquareMetres` outside): kept as drawn;
 *   - partly outside: clipped (ST_Intersection at the editor's precision), a warning;
 *   - wholly outside, or what is left is empty, invalid or smaller than the sliver tolerance: an error.
 */
export type Territory = { kind: 'community'; id: number } | { kind: 'street'; id: number };

export type TerritoryFit =
  | { row: number; verdict: 'inside' }
  | { row: number; verdict: 'clipped'; outsideSquareMetres: number; geometry: GeoJSON.MultiPolygon }
  | { row: number; verdict: 'outside'; outsideSquareMetres: number };

const precision = editTolerances.precisionDegrees;

export async function fitToTerritory(
  sql: Queryable,
  rows: Map<number, GeoJSON.Geometry>,
  territory: Territory,
  sliverToleranceSquareMetres: number,
): Promise<TerritoryFit[]> {
  if (rows.size === 0) return [];
  const boundary = territory.kind === 'community'
    ? sql`(select boundary from communities where id = ${territory.id})`
    : streetTerritorySql(sql, territory.id);
  if (territory.kind === 'street') {
    const [street] = await sql<{ name: string; present: boolean }[]>`select name, ${boundary} is not null as present from streets where id = ${territory.id}`;
    if (street && !street.present) throw new Failure('import_street_without_territory', { name: street.name }, { field: 'streetId' });
  }
  const payload = JSON.stringify([...rows.entries()].map(([row, geometry]) => ({ row, geometry })));
  const measured = await sql<{ row: number; outside: number | null; clipped: GeoJSON.MultiPolygon | null; valid: boolean | null; remaining: number | null }[]>`
    with t as (select ${boundary} as t),
    g as (select (e->>'row')::int as row, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload}::text::json) e),
    fit as (
      select g.row, ST_Area(ST_Difference(g.g, t.t)::geography) as outside,
             ST_Multi(ST_CollectionExtract(ST_Intersection(g.g, t.t, ${precision}), 3)) as clipped
        from g, t
    )
    select row, outside, ST_AsGeoJSON(clipped, 15)::json as clipped, ST_IsValid(clipped) as valid,
           case when ST_IsEmpty(clipped) then 0 else ST_Area(clipped::geography) end as remaining
      from fit order by row`;
  const minimum = Math.max(editTolerances.outsideCommunitySquareMetres, sliverToleranceSquareMetres);
  return measured.map((entry): TerritoryFit => {
    const outside = Math.round(entry.outside ?? 0);
    if ((entry.outside ?? 0) <= editTolerances.outsideCommunitySquareMetres) return { row: entry.row, verdict: 'inside' };
    if (!entry.clipped || entry.valid !== true || (entry.remaining ?? 0) < minimum) return { row: entry.row, verdict: 'outside', outsideSquareMetres: outside };
    return { row: entry.row, verdict: 'clipped', outsideSquareMetres: outside, geometry: entry.clipped };
  });
}

/** Imported communities that overlap a live community of the street (beyond the editor's overlap tolerance). */
export async function overlapsWithLiveCommunities(
  sql: Queryable,
  rows: Map<number, GeoJSON.Geometry>,
  streetId: number,
): Promise<{ row: number; name: string; areaSquareMetres: number; location: [number, number] | null }[]> {
  if (rows.size === 0) return [];
  const payload = JSON.stringify([...rows.entries()].map(([row, geometry]) => ({ row, geometry })));
  const found = await sql<{ row: number; name: string; area: number; spot: GeoJSON.Point | null }[]>`
    with g as (select (e->>'row')::int as row, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload}::text::json) e),
    pairs as (
      select g.row, c.name, c.code, ST_CollectionExtract(ST_Intersection(g.g, c.boundary), 3) as shared
        from g join communities c on c.street_id = ${streetId} and c.boundary && g.g and ST_Relate(g.g, c.boundary, '2********')
    )
    select row, name, ST_Area(shared::geography) as area, ST_AsGeoJSON(ST_PointOnSurface(shared), 7)::json as spot
      from pairs order by row, code`;
  return found
    .filter((entry) => entry.area > editTolerances.overlapSquareMetres)
    .map((entry) => ({ row: entry.row, name: entry.name, areaSquareMetres: Math.round(entry.area * 10) / 10, location: entry.spot ? (entry.spot.coordinates as [number, number]) : null }));
}

/** A row problem of the report with a catalogue code: `message` in zh-CN, rendered again for the reader (localise-answer.ts). */
export function catalogueProblem<C extends ImportProblemCode>(
  row: number,
  severity: RowProblem['severity'],
  code: C,
  params: ImportProblemParams<C>,
  extra: { field?: string; location?: [number, number] | null } = {},
): RowProblem {
  return {
    row, severity, code, message: importProblemMessage('zh-CN', code, params), params: params as Record<string, unknown>,
    ...(extra.field ? { field: extra.field } : {}), ...(extra.location ? { location: extra.location } : {}),
  } as RowProblem;
}

/** The report's problems for each fit, and the clipped geometries put in place of the drawn ones. */
export function applyTerritoryFit(fits: TerritoryFit[], territory: Territory, geometries: Map<number, GeoJSON.Geometry>): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const fit of fits) {
    if (fit.verdict === 'clipped') {
      geometries.set(fit.row, fit.geometry);
      problems.push(catalogueProblem(fit.row, 'warning', territory.kind === 'community' ? 'import_clipped_to_community' : 'import_clipped_to_street', { areaSquareMetres: fit.outsideSquareMetres }));
    } else if (fit.verdict === 'outside') {
      problems.push(catalogueProblem(fit.row, 'error', territory.kind === 'community' ? 'import_outside_community' : 'import_outside_street', {}, { field: 'geometry' }));
    }
  }
  return problems;
}
