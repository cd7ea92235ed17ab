import gcoord from 'gcoord';
import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest } from '../http/failure.ts';
import { riskSourceKinds } from '../risks/risk-sources.repo.ts';
import { targetFields, type CrsChoice, type ImportSettings, type ImportTarget } from './import-settings.ts';
import { firstCoordinate, type ImportRow, type SourceCrs } from './read-upload.ts';
import { geometryShapeProblem, prepareRows, toWgs84ByGcoord, type RowProblem } from './prepare-rows.ts';
import { applyTerritoryFit, catalogueProblem, fitToTerritory, overlapsWithLiveCommunities } from './territory-fit.ts';
import { communityCodeClashes } from '../plans/import-communities-into-plan.ts';
import { importedStatusProblems } from '../incidents/import-historic-incidents.ts';

/**
 * The validation report: everything that would go wrong, row by row, before anything is
 * written — and the rows that are ready, as they would be written. The commit runs this again
 * and writes only the ready rows, so what was reported is what happens.
 */
export interface ReadyRow {
  row: number;
  geometry: GeoJSON.Geometry | null;
  values: Record<string, unknown>;
  gridId: number | null;
  communityId: number | null;
}

export interface ValidationReport {
  target: ImportTarget;
  crs: SourceCrs;
  rowCount: number;
  skippedRows: number;
  readyRows: number;
  rowsWithErrors: number;
  problems: RowProblem[];
  overlaps: { rows: [number, number]; areaSquareMetres: number; location: [number, number] | null }[];
  gap: { areaSquareMetres: number; geometry: GeoJSON.Geometry | null } | null;
  /** Geographic input: how many sample points fall inside the territory under each reading. */
  crsFit: { kind: 'wgs84' | 'gcj02' | 'bd09'; inside: number; sample: number }[] | null;
  suggestedCrs: 'wgs84' | 'gcj02' | 'bd09' | null;
  problemCounts: Record<string, number>;
  preview: GeoJSON.FeatureCollection;
}

const polygonTargets: ImportTarget[] = ['communities', 'grids'];
const pointTargets: ImportTarget[] = ['incidents', 'households'];
const riskLevelWords: Record<string, number> = { 重大: 1, 红: 1, 红色: 1, 较大: 2, 橙: 2, 橙色: 2, 一般: 3, 黄: 3, 黄色: 3, 低: 4, 蓝: 4, 蓝色: 4 };
const riskKindWords: Record<string, (typeof riskSourceKinds)[number]> = {
  加油站: 'gas_station', 液化气用户: 'lpg_user', 燃气用户: 'lpg_user', 工地: 'construction_site', 建筑工地: 'construction_site', 市场: 'market',
  农贸市场: 'market', 学校: 'school', 老旧建筑: 'old_building', 危房: 'old_building', 化学品仓库: 'chemical_store', 危化品: 'chemical_store', 易涝点: 'flood_prone',
};

export function resolveCrs(choice: CrsChoice, detected: SourceCrs | null): SourceCrs {
  if (choice.kind === 'file') return detected ?? { kind: 'wgs84' };
  if (choice.kind === 'epsg') return choice.code === 4326 || choice.code === 4490 ? { kind: 'wgs84' } : { kind: 'epsg', code: choice.code };
  return { kind: choice.kind };
}

/** A local time without a zone is read in the zone's time (UTC+8). */
export function parseInstant(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'number' && value > 20_000 && value < 80_000) return new Date(Math.round((value - 25_569) * 86_400_000) - 8 * 3_600_000); // Excel serial
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim().replace(/\//g, '-');
  const local = text.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  const instant = local
    ? new Date(`${local[1]}-${local[2]!.padStart(2, '0')}-${local[3]!.padStart(2, '0')}T${(local[4] ?? '0').padStart(2, '0')}:${local[5] ?? '00'}:${local[6] ?? '00'}+08:00`)
    : new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

function transformSql(sql: Queryable, crs: SourceCrs, geometry: ReturnType<Queryable>) {
  if (crs.kind === 'epsg') return sql`ST_Transform(ST_SetSRID(${geometry}, ${crs.code}::int), 4326)`;
  if (crs.kind === 'wkt') return sql`ST_SetSRID(ST_Transform(${geometry}, ${crs.wkt}::text, 4326), 4326)`;
  return sql`ST_SetSRID(${geometry}, 4326)`;
}

export async function validateImport(
  sql: Queryable,
  input: { rows: ImportRow[]; detectedCrs: SourceCrs | null; settings: ImportSettings },
): Promise<{ report: ValidationReport; ready: ReadyRow[] }> {
  const { rows, settings } = input;
  const target = settings.target;
  const crs = resolveCrs(settings.crs, input.detectedCrs);
  await checkSettings(sql, settings);
  const { prepared, problems } = prepareRows(rows, settings, crs);
  const problem = (row: number, severity: RowProblem['severity'], code: string, message: string, extra: Partial<RowProblem> = {}) =>
    problems.push({ row, severity, code, message, ...extra });

  // ── geometry: projection, validity, type ───────────────────────────────────────────────
  const withGeometry = prepared.filter((row) => row.geometry);
  const fixRows = settings.makeValidRows === 'all' ? null : new Set(settings.makeValidRows);
  const wantsFix = (row: number) => fixRows === null || fixRows.has(row);
  const converted = new Map<number, GeoJSON.Geometry>();
  if (withGeometry.length > 0) {
    const payload = JSON.stringify(withGeometry.map((row) => ({ row: row.row, geometry: row.geometry })));
    let checked: { row: number; valid: boolean; reason: string | null; spot: GeoJSON.Point | null; type: string; geometry: GeoJSON.Geometry | null; fixed: GeoJSON.Geometry | null; fixedArea: number | null; originalArea: number | null }[];
    try {
      checked = await sql`
        with input as (
          select (e->>'row')::int as row, ST_GeomFromGeoJSON(e->>'geometry') as g from json_array_elements(${payload}::text::json) e
        ), source as (
          select row, ${transformSql(sql, crs, sql`g`)} as g from input
        )
        select row, ST_IsValid(g) as valid,
               case when not ST_IsValid(g) then ST_IsValidReason(g) end as reason,
               case when not ST_IsValid(g) then ST_AsGeoJSON(location(ST_IsValidDetail(g)), 7)::json end as spot,
               ST_GeometryType(g) as type, ST_AsGeoJSON(g, 15)::json as geometry,
               case when not ST_IsValid(g) and ST_Dimension(g) = 2 then ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(g), 3), 15)::json end as fixed,
               case when not ST_IsValid(g) and ST_Dimension(g) = 2 then ST_Area(ST_CollectionExtract(ST_MakeValid(g), 3)::geography) end as fixed_area,
               case when ST_Dimension(g) = 2 and ST_IsValid(g) then ST_Area(g::geography) end as original_area
          from source`;
    } catch (error) {
      throw new Failure('unprocessable', `The coordinates cannot be projected from ${describeCrs(crs)}: ${(error as Error).message}`, { field: 'crs' });
    }
    for (const result of checked) {
      const spot = result.spot ? (result.spot.coordinates as [number, number]) : undefined;
      if (!result.geometry) {
        problem(result.row, 'error', 'projection_failed', `The geometry could not be projected from ${describeCrs(crs)}`);
        continue;
      }
      const kind = result.type.replace('ST_', '');
      if (polygonTargets.includes(target) && kind !== 'Polygon' && kind !== 'MultiPolygon') {
        problem(result.row, 'error', 'wrong_geometry_type', `A ${target === 'grids' ? 'grid' : 'community'} needs a polygon; this row has a ${kind}`);
        continue;
      }
      if (pointTargets.includes(target) && kind !== 'Point') {
        problem(result.row, 'error', 'wrong_geometry_type', `An ${target === 'incidents' ? 'incident' : 'household'} needs a point; this row has a ${kind}`);
        continue;
      }
      const point = firstCoordinate(result.geometry);
      if (point && (Math.abs(point[0]) > 180 || Math.abs(point[1]) > 90)) {
        problem(result.row, 'error', 'coordinates_out_of_range', `After projection the coordinates ${point.join(', ')} are out of range: choose the right CRS`);
        continue;
      }
      if (result.valid) {
        converted.set(result.row, result.geometry);
      } else if (result.fixed && wantsFix(result.row)) {
        converted.set(result.row, result.fixed);
        problem(result.row, 'warning', 'made_valid', `Repaired with ST_MakeValid (${result.reason}); area now ${Math.round(result.fixedArea ?? 0)} m²`, spot ? { location: spot } : {});
      } else {
        problem(result.row, 'error', 'invalid_geometry', `Invalid geometry: ${result.reason ?? 'unknown reason'} — repair it with ST_MakeValid or skip the row`, {
          ...(spot ? { location: spot } : {}), field: 'geometry',
        });
      }
    }
  }

  // ── addresses matched to the address table (buildings: complex + number + 栋) ──────────
  if (settings.geometry.kind === 'address') {
    const wanted = prepared.filter((row) => typeof row.values.address === 'string' && row.values.address !== '');
    const matches = wanted.length === 0 ? [] : await sql<{ row: number; geometry: GeoJSON.Point | null }[]>`
      select (e->>'row')::int as row,
             (select ST_AsGeoJSON(b.location, 7)::json from buildings b
               where position(b.address_key in replace(replace(e->>'address', ' ', ''), '　', '')) > 0
               order by length(b.address_key) desc, b.id limit 1) as geometry
        from json_array_elements(${JSON.stringify(wanted.map((row) => ({ row: row.row, address: row.values.address })))}::text::json) e`;
    const found = new Map(matches.map((match) => [match.row, match.geometry]));
    for (const row of prepared) {
      const geometry = found.get(row.row);
      if (geometry) converted.set(row.row, geometry);
      else problem(row.row, 'error', 'address_not_found', `No building in the address table matches "${String(row.values.address ?? '')}"`, { field: settings.geometry.column });
    }
  }

  // ── overlaps between imported polygons, slivers, gaps ──────────────────────────────────
  const overlaps: ValidationReport['overlaps'] = [];
  let gap: ValidationReport['gap'] = null;
  if (polygonTargets.includes(target) && converted.size > 0) {
    const payload = () => JSON.stringify([...converted.entries()].map(([row, geometry]) => ({ row, geometry })));
    const pairs = await sql<{ a: number; b: number; area: number; spot: GeoJSON.Point | null }[]>`
      with g as (select (e->>'row')::int as row, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload()}::text::json) e)
      select a.row as a, b.row as b, ST_Area(ST_Intersection(a.g, b.g)::geography) as area,
             ST_AsGeoJSON(ST_PointOnSurface(ST_Intersection(a.g, b.g)), 7)::json as spot
        from g a join g b on a.row < b.row and a.g && b.g and ST_Relate(a.g, b.g, '2********')
       order by a.row, b.row`;
    const slivers = pairs.filter((pair) => pair.area > 0.5 && pair.area < settings.sliverToleranceSquareMetres);
    for (const sliver of slivers) {
      // the later row gives up the sliver, so the two meet edge to edge
      const [cut] = await sql<{ geometry: GeoJSON.Geometry | null }[]>`
        select ST_AsGeoJSON(ST_CollectionExtract(ST_Difference(
                 ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(converted.get(sliver.b))}), 4326),
                 ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(converted.get(sliver.a))}), 4326)), 3), 7)::json as geometry`;
      if (cut?.geometry) {
        converted.set(sliver.b, cut.geometry);
        problem(sliver.b, 'warning', 'sliver_removed', `A ${sliver.area.toFixed(1)} m² overlap with row ${sliver.a} was cut from this polygon (tolerance ${settings.sliverToleranceSquareMetres} m²)`);
      }
    }
    for (const pair of pairs.filter((pair) => pair.area >= Math.max(0.5, settings.sliverToleranceSquareMetres))) {
      const location = pair.spot ? (pair.spot.coordinates as [number, number]) : null;
      overlaps.push({ rows: [pair.a, pair.b], areaSquareMetres: Math.round(pair.area * 10) / 10, location });
      for (const [row, other] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
        problem(row, target === 'grids' ? 'error' : 'warning', 'overlap', `Overlaps row ${other} by ${pair.area.toFixed(1)} m²`, location ? { location } : {});
      }
    }
    if (target === 'grids' && settings.communityId) {
      const [result] = await sql<{ area: number | null; geometry: GeoJSON.Geometry | null }[]>`
        with g as (select ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload()}::text::json) e),
             covered as (select ST_Union(g) as g from g),
             missing as (select ST_Difference(c.boundary, covered.g) as g from communities c, covered where c.id = ${settings.communityId})
        select ST_Area(g::geography) as area, case when ST_IsEmpty(g) then null else ST_AsGeoJSON(g, 15)::json end as geometry from missing`;
      gap = { areaSquareMetres: Math.round(result?.area ?? 0), geometry: result?.geometry ?? null };
      problems.push(...applyTerritoryFit(await fitToTerritory(sql, converted, { kind: 'community', id: settings.communityId }, settings.sliverToleranceSquareMetres), { kind: 'community', id: settings.communityId }, converted));
    }
    if (target === 'communities' && settings.streetId) {
      const street = { kind: 'street', id: settings.streetId } as const;
      problems.push(...applyTerritoryFit(await fitToTerritory(sql, converted, street, settings.sliverToleranceSquareMetres), street, converted));
      for (const overlap of await overlapsWithLiveCommunities(sql, converted, settings.streetId)) {
        problems.push(catalogueProblem(overlap.row, 'error', 'import_overlaps_live_community', { name: overlap.name, areaSquareMetres: overlap.areaSquareMetres }, { field: 'geometry', location: overlap.location }));
      }
      const codes = prepared.filter((row) => converted.has(row.row) && row.values.code).map((row) => ({ row: row.row, code: String(row.values.code) }));
      for (const clash of await communityCodeClashes(sql, codes, settings.streetId)) {
        problems.push(clash.reason === 'taken'
          ? catalogueProblem(clash.row, 'error', 'import_community_code_taken', { code: clash.code }, { field: 'code' })
          : catalogueProblem(clash.row, 'error', 'import_community_code_other_street', { code: clash.code, streetCode: clash.streetCode }, { field: 'code' }));
      }
    }
  }

  // ── points: which grid and community each falls in ─────────────────────────────────────
  const placement = new Map<number, { gridId: number | null; communityId: number | null }>();
  if (!polygonTargets.includes(target) && converted.size > 0) {
    const payload = JSON.stringify([...converted.entries()].map(([row, geometry]) => ({ row, geometry })));
    const placed = await sql<{ row: number; gridId: number | null; communityId: number | null }[]>`
      with g as (select (e->>'row')::int as row, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload}::text::json) e)
      select g.row,
             (select gv.grid_id from grid_versions gv where gv.valid_to is null and ST_Intersects(gv.geometry, ST_PointOnSurface(g.g)) order by gv.grid_id limit 1) as grid_id,
             (select c.id from communities c where ST_Intersects(c.boundary, ST_PointOnSurface(g.g)) order by c.id limit 1) as community_id
        from g`;
    for (const row of placed) {
      placement.set(row.row, { gridId: row.gridId, communityId: row.communityId });
      if (row.gridId === null && row.communityId === null) {
        const location = firstCoordinate(converted.get(row.row)!) ?? undefined;
        problem(row.row, target === 'households' ? 'error' : 'warning', 'outside_territory', 'Falls in no grid and no community', location ? { location } : {});
      } else if (row.gridId === null) {
        problem(row.row, target === 'households' ? 'error' : 'warning', 'outside_grids', 'Falls in no grid', {});
      }
    }
  }

  // ── fields ─────────────────────────────────────────────────────────────────────────────
  const categories = target === 'incidents' ? new Map((await sql<{ code: string; nameZh: string }[]>`select code, name_zh from incident_categories where major_code is not null`).map((row) => [row.code, row.nameZh])) : new Map();
  const seen = new Map<string, number>();
  const ready: ReadyRow[] = [];
  const existingTrackingCodes = target === 'incidents'
    ? new Set((await sql<{ trackingCode: string }[]>`select tracking_code from incidents where tracking_code in ${sql(prepared.map((row) => String(row.values.trackingCode ?? '')).filter(Boolean).concat(['']))}`).map((row) => row.trackingCode))
    : new Set<string>();
  for (const row of prepared) {
    const values = { ...row.values };
    const fieldProblem = (field: string, message: string, code = 'invalid_field') => problem(row.row, 'error', code, message, { field });
    for (const { field, required, label } of targetFields[target]) {
      if (required && (values[field] === null || values[field] === undefined || values[field] === '')) {
        if (field === 'kind' && settings.defaults.riskKind) values.kind = settings.defaults.riskKind;
        else fieldProblem(field, `${label} (${field}) is empty`, 'missing_field');
      }
    }
    const text = (field: string, maximum: number) => {
      const value = values[field];
      if (value === null || value === undefined || value === '') return (values[field] = null);
      const string = String(value);
      if (string.length > maximum) fieldProblem(field, `${field} is longer than ${maximum} characters`);
      return (values[field] = string);
    };
    let key: string | null = null;
    if (target === 'communities' || target === 'grids') {
      text('name', 100);
      const code = text('code', 20);
      const pattern = target === 'grids' ? /^[0-9]{15}$/ : /^[0-9]{12}$/;
      if (code && !pattern.test(code)) fieldProblem('code', `code ${code} must be ${target === 'grids' ? 15 : 12} digits`);
      key = code ?? (values.name as string | null);
    } else if (target === 'households') {
      text('complexName', 100); text('buildingNumber', 20); text('unit', 20); text('room', 20); text('headName', 50); text('headPhone', 30); text('headIdNumber', 18);
      for (const field of ['registeredCount', 'residentCount', 'floatingCount']) {
        const value = values[field];
        if (value === null || value === undefined || value === '') values[field] = 0;
        else if (!Number.isInteger(Number(value)) || Number(value) < 0 || Number(value) > 50) fieldProblem(field, `${field} must be a whole number from 0 to 50 (got ${String(value)})`);
        else values[field] = Number(value);
      }
      const idNumber = values.headIdNumber as string | null;
      if (idNumber && !/^[0-9]{17}[0-9Xx]$/.test(idNumber)) fieldProblem('headIdNumber', 'headIdNumber is not an 18-character ID number');
      key = [values.complexName, values.buildingNumber, values.unit, values.room].join('|');
    } else if (target === 'incidents') {
      const category = text('categoryCode', 4) ?? settings.defaults.categoryCode ?? null;
      if (!category) fieldProblem('categoryCode', 'No category: map a category column or choose a default category', 'missing_field');
      else if (!categories.has(category)) fieldProblem('categoryCode', `Unknown minor category ${category}`);
      values.categoryCode = category;
      values.description = text('description', 2000) ?? (category ? categories.get(category) ?? null : null);
      text('address', 300);
      const reported = values.reportedAt === null || values.reportedAt === undefined || values.reportedAt === '' ? null : parseInstant(values.reportedAt);
      if (values.reportedAt && !reported) fieldProblem('reportedAt', `reportedAt ${String(values.reportedAt)} is not a date (use 2026-05-01 08:30)`);
      values.reportedAt = (reported ?? new Date()).toISOString();
      const tracking = text('trackingCode', 60);
      if (tracking && existingTrackingCodes.has(tracking)) fieldProblem('trackingCode', `Tracking code ${tracking} already exists in GridAtlas`, 'duplicate');
      key = tracking;
    } else {
      text('name', 200); text('ownerName', 50); text('ownerPhone', 30);
      const kind = values.kind === null || values.kind === undefined ? null : String(values.kind).trim();
      const resolvedKind = kind && (riskSourceKinds as readonly string[]).includes(kind) ? kind : kind ? riskKindWords[kind] ?? null : null;
      if (kind && !resolvedKind) fieldProblem('kind', `Unknown risk-source kind ${kind}; use ${riskSourceKinds.join(', ')} or 加油站/工地/市场/学校/…`);
      values.kind = resolvedKind ?? values.kind;
      const level = values.level === null || values.level === undefined ? null : String(values.level).trim();
      const resolvedLevel = level && /^[1-4]$/.test(level) ? Number(level) : level ? riskLevelWords[level] ?? null : null;
      if (level && !resolvedLevel) fieldProblem('level', `Unknown level ${level}; use 1–4 or 重大/较大/一般/低`);
      values.level = resolvedLevel;
      const cycle = values.inspectionCycleDays;
      values.inspectionCycleDays = cycle === null || cycle === undefined || cycle === '' ? null : Number(cycle);
      if (values.inspectionCycleDays !== null && (!Number.isInteger(values.inspectionCycleDays) || (values.inspectionCycleDays as number) <= 0)) fieldProblem('inspectionCycleDays', 'inspectionCycleDays must be a positive whole number');
    }
    if (key) {
      const earlier = seen.get(key);
      if (earlier !== undefined) problem(row.row, 'error', 'duplicate', `Duplicate of row ${earlier} (${key})`);
      else seen.set(key, row.row);
    }
    const place = placement.get(row.row);
    ready.push({ row: row.row, geometry: converted.get(row.row) ?? null, values, gridId: place?.gridId ?? null, communityId: place?.communityId ?? null });
  }
  if (target === 'incidents') {
    // statuses the closed loop can reproduce (server/incidents/import-historic-incidents.ts), naming the field
    for (const found of importedStatusProblems(ready, settings.defaults.status, parseInstant)) {
      problems.push(catalogueProblem(found.row, 'error', found.code, found.params as never, { field: found.field }));
    }
  }
  const failing = new Set(problems.filter((entry) => entry.severity === 'error').map((entry) => entry.row));
  const readyRows = ready.filter((row) => !failing.has(row.row) && row.geometry !== null);
  problems.sort((a, b) => a.row - b.row || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const problemCounts: Record<string, number> = {};
  for (const entry of problems) problemCounts[entry.code] = (problemCounts[entry.code] ?? 0) + 1;
  const { crsFit, suggestedCrs } = await measureCrsFit(sql, rows, settings, crs);
  const preview: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: ready.filter((row) => row.geometry).slice(0, 5000).map((row) => ({
      type: 'Feature', id: row.row, geometry: row.geometry!,
      properties: { row: row.row, status: failing.has(row.row) ? 'error' : problems.some((entry) => entry.row === row.row) ? 'warning' : 'ok', name: row.values.name ?? row.values.trackingCode ?? null },
    })),
  };
  return {
    report: {
      target, crs, rowCount: rows.length, skippedRows: settings.skipRows.length, readyRows: readyRows.length, rowsWithErrors: failing.size,
      problems: problems.slice(0, 5000), overlaps, gap, crsFit, suggestedCrs, problemCounts, preview,
    },
    ready: readyRows,
  };
}

export function describeCrs(crs: SourceCrs): string {
  if (crs.kind === 'epsg') return `EPSG:${crs.code}`;
  if (crs.kind === 'wkt') return crs.name;
  return { wgs84: 'WGS84/CGCS2000', gcj02: 'GCJ-02 (高德)', bd09: 'BD-09 (百度)' }[crs.kind];
}

async function checkSettings(sql: Queryable, settings: ImportSettings): Promise<void> {
  if (settings.target === 'grids') {
    if (!settings.communityId) throw invalidRequest([{ field: 'communityId', message: 'choose the community the grids belong to' }]);
    const [community] = await sql`select id from communities where id = ${settings.communityId}`;
    if (!community) throw invalidRequest([{ field: 'communityId', message: `community ${settings.communityId} does not exist` }]);
  }
  if (settings.target === 'communities') {
    if (!settings.streetId) throw invalidRequest([{ field: 'streetId', message: 'choose the street office the communities belong to' }]);
    const [street] = await sql`select id from streets where id = ${settings.streetId}`;
    if (!street) throw invalidRequest([{ field: 'streetId', message: `street ${settings.streetId} does not exist` }]);
  }
  if (settings.geometry.kind === 'address' && settings.target !== 'incidents' && settings.target !== 'households') {
    throw invalidRequest([{ field: 'geometry', message: 'addresses locate points: use them for incidents or households' }]);
  }
  const missing = targetFields[settings.target].filter((entry) => entry.required && !settings.fields[entry.field] && !(entry.field === 'kind' && settings.defaults.riskKind));
  if (missing.length > 0) throw invalidRequest(missing.map((entry) => ({ field: `fields.${entry.field}`, message: `map a column to ${entry.label}` })));
}

/**
 * A wrong CRS is visible as data in the wrong place. For geographic input, sample up to 300
 * points and count how many land inside the territory when read as WGS84, GCJ-02 or BD-09.
 */
async function measureCrsFit(sql: Queryable, rows: ImportRow[], settings: ImportSettings, crs: SourceCrs) {
  if (crs.kind !== 'wgs84' && crs.kind !== 'gcj02' && crs.kind !== 'bd09') return { crsFit: null, suggestedCrs: null };
  const step = Math.max(1, Math.floor(rows.length / 300));
  const sample: [number, number][] = [];
  for (let index = 0; index < rows.length && sample.length < 300; index += step) {
    const row = rows[index]!;
    let point: [number, number] | null = null;
    if (settings.geometry.kind === 'file' && row.geometry) point = firstCoordinate(row.geometry);
    else if (settings.geometry.kind === 'lnglat') {
      const [lng, lat] = [Number(row.properties[settings.geometry.longitude]), Number(row.properties[settings.geometry.latitude])];
      if (Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90) point = [lng, lat];
    }
    if (point && Math.abs(point[0]) <= 180 && Math.abs(point[1]) <= 90) sample.push(point);
  }
  if (sample.length === 0) return { crsFit: null, suggestedCrs: null };
  const readings = {
    wgs84: sample,
    gcj02: sample.map((point) => gcoord.transform(point, gcoord.GCJ02, gcoord.WGS84) as [number, number]),
    bd09: sample.map((point) => gcoord.transform(point, gcoord.BD09, gcoord.WGS84) as [number, number]),
  };
  const crsFit = [];
  for (const kind of ['wgs84', 'gcj02', 'bd09'] as const) {
    const [result] = await sql<{ inside: number }[]>`
      select count(*)::int as inside
        from json_array_elements(${JSON.stringify(readings[kind])}::text::json) p
       where exists (select 1 from grid_versions gv where gv.valid_to is null
                        and ST_Intersects(gv.geometry, ST_SetSRID(ST_MakePoint((p->>0)::float8, (p->>1)::float8), 4326)))`;
    crsFit.push({ kind, inside: result?.inside ?? 0, sample: sample.length });
  }
  const best = [...crsFit].sort((a, b) => b.inside - a.inside)[0]!;
  const current = crsFit.find((entry) => entry.kind === crs.kind)!;
  return { crsFit, suggestedCrs: best.inside > current.inside ? best.kind : null };
}

/** The file's own geometries in WGS84 for the preview map (before any mapping), at most `limit`. */
export async function previewGeometries(sql: Queryable, rows: ImportRow[], detected: SourceCrs | null, limit = 2000): Promise<GeoJSON.FeatureCollection> {
  const crs = detected ?? { kind: 'wgs84' as const };
  const sample = rows
    .map((row, index) => ({ row: index + 1, geometry: row.geometry }))
    .filter((row) => row.geometry && !geometryShapeProblem(row.geometry))
    .slice(0, limit)
    .map((row) => ({ row: row.row, geometry: toWgs84ByGcoord(row.geometry!, crs) }));
  if (sample.length === 0) return { type: 'FeatureCollection', features: [] };
  try {
    const converted = await sql<{ row: number; geometry: GeoJSON.Geometry | null }[]>`
      select (e->>'row')::int as row, ST_AsGeoJSON(${transformSql(sql, crs, sql`ST_GeomFromGeoJSON(e->>'geometry')`)}, 7)::json as geometry
        from json_array_elements(${JSON.stringify(sample)}::text::json) e`;
    return {
      type: 'FeatureCollection',
      features: converted.filter((row) => row.geometry).map((row) => ({ type: 'Feature', id: row.row, geometry: row.geometry!, properties: { row: row.row, status: 'ok' } })),
    };
  } catch {
    return { type: 'FeatureCollection', features: [] };
  }
}
