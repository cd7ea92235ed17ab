import gcoord from 'gcoord';
import { geometryProblemOf } from '../db/geometry-validity.ts';
import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { riskSourceKinds } from '../risks/risk-sources.repo.ts';
import { targetFields, type CrsChoice, type ImportSettings, type ImportTarget } from './import-settings.ts';
import { importReportMessage, type ImportReportCode, type Locale } from '../messages/message-catalogue.ts';
import { defaultTimeZone, zoneTimeZone } from '../time/zone.ts';
import { detectDateFormat, readDate, type DateFormat } from './read-dates.ts';
import { firstCoordinate, type ImportFormat, type ImportRow, type SourceCrs } from './read-upload.ts';
import { geometryShapeProblem, parseWkt, prepareRows, toWgs84ByGcoord, type RowProblem, type Severity } from './prepare-rows.ts';
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
  /** Holes between neighbouring imported polygons (not holes of a single polygon), above the sliver tolerance. */
  gaps: ImportGap[];
  /** Geographic input: how many sample points fall inside the territory under each reading. */
  crsFit: { kind: 'wgs84' | 'gcj02' | 'bd09'; inside: number; nearBuildings: number; sample: number }[] | null;
  /** a reading that fits better than the current one; never set against the user's explicit choice */
  suggestedCrs: 'wgs84' | 'gcj02' | 'bd09' | null;
  /** a file in China that declares no CRS: the report asks which reading it is */
  crsQuestion: CrsQuestion | null;
  /** a date column whose day/month order its values do not tell, and no format chosen: the report asks */
  dateQuestion: DateQuestion | null;
  /** how dates were read: the chosen or detected order (null: none needed or still ambiguous) and the time zone */
  dateFormat: DateFormat | null;
  timeZone: string;
  /** every problem counted, never cut: the total, by severity and by code */
  problemCounts: ProblemCounts;
  preview: GeoJSON.FeatureCollection;
}

export interface ProblemCounts {
  total: number;
  bySeverity: { error: number; warning: number };
  byCode: Record<string, number>;
}

export function countProblems(problems: RowProblem[]): ProblemCounts {
  const counts: ProblemCounts = { total: problems.length, bySeverity: { error: 0, warning: 0 }, byCode: {} };
  for (const entry of problems) {
    counts.bySeverity[entry.severity] += 1;
    counts.byCode[entry.code] = (counts.byCode[entry.code] ?? 0) + 1;
  }
  return counts;
}

/** How many problems the validation answer carries; the rest are paged by GET /imports/{id}/problems. */
export const reportProblemPage = 500;

/**
 * The report as answered: every count, the first page of problems (errors first). The stored report
 * (import_jobs.report) keeps them all.
 */
export function reportAnswer(report: ValidationReport, locale: Locale): ValidationReport & { problemsPage: { offset: number; limit: number; total: number } } {
  const problems = report.problems ?? [];
  return {
    ...report,
    gaps: report.gaps ?? [],
    crsQuestion: report.crsQuestion ? { ...report.crsQuestion, message: importReportMessage(locale, report.crsQuestion.code, report.crsQuestion.params) } : null,
    dateQuestion: report.dateQuestion
      ? { ...report.dateQuestion, message: importReportMessage(locale, 'ambiguous_date_format', { field: report.dateQuestion.column, example: report.dateQuestion.example }) }
      : null,
    dateFormat: report.dateFormat ?? null,
    timeZone: report.timeZone ?? defaultTimeZone,
    problemCounts: countProblems(problems),
    problems: localiseProblems(problems.slice(0, reportProblemPage), locale),
    problemsPage: { offset: 0, limit: reportProblemPage, total: problems.length },
  };
}

/** Problems are stored with code and params: their message is written again in the reader's language. */
export function localiseProblems(problems: RowProblem[], locale: Locale): RowProblem[] {
  return problems.map((entry) => (entry.params ? { ...entry, message: importReportMessage(locale, entry.code, entry.params) } : entry));
}

/** One page of a stored report's problems (errors first), filtered by severity and code. */
export function problemsPage(report: ValidationReport | null, query: { severity?: Severity; code?: string; offset: number; limit: number }, locale: Locale) {
  const matching = (report?.problems ?? []).filter((entry) => (!query.severity || entry.severity === query.severity) && (!query.code || entry.code === query.code));
  return { total: matching.length, offset: query.offset, limit: query.limit, problems: localiseProblems(matching.slice(query.offset, query.offset + query.limit), locale) };
}

export interface DateQuestion {
  code: 'ambiguous_date_format';
  field: string;
  column: string;
  example: string;
  message: string;
  choices: DateFormat[];
}

export interface ImportGap {
  /** the rows whose polygons border the gap */
  rows: number[];
  areaSquareMetres: number;
  geometry: GeoJSON.Geometry;
  location: [number, number] | null;
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

function transformSql(sql: Queryable, crs: SourceCrs, geometry: ReturnType<Queryable>) {
  if (crs.kind === 'epsg') return sql`ST_Transform(ST_SetSRID(${geometry}, ${crs.code}::int), 4326)`;
  if (crs.kind === 'wkt') return sql`ST_SetSRID(ST_Transform(${geometry}, ${crs.wkt}::text, 4326), 4326)`;
  return sql`ST_SetSRID(${geometry}, 4326)`;
}

export async function validateImport(
  sql: Queryable,
  input: {
    rows: ImportRow[]; detectedCrs: SourceCrs | null; settings: ImportSettings;
    /** the file's format and declared CRS text (the job's detection): whether the file says its CRS */
    source?: { format: ImportFormat; crsText: string | null };
    /** the language the report's messages are written in (zh-CN unless said) */
    locale?: Locale;
  },
): Promise<{ report: ValidationReport; ready: ReadyRow[] }> {
  const { rows, settings } = input;
  const locale = input.locale ?? 'zh-CN';
  const target = settings.target;
  const crs = resolveCrs(settings.crs, input.detectedCrs);
  await checkSettings(sql, settings);
  const { prepared, problems } = prepareRows(rows, settings, crs, locale);
  /** A problem of a row: its code and params; the message is rendered from the catalogue (a string is a message already written). */
  const problem = (row: number, severity: RowProblem['severity'], code: string, params: Record<string, unknown> | string, extra: Partial<RowProblem> = {}) =>
    problems.push(typeof params === 'string'
      ? { row, severity, code, message: params, ...extra }
      : { row, severity, code, params, message: importReportMessage(locale, code, params), ...extra });

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
        ), source as (${crs.kind === 'wkt'
          // a CRS known only as WKT: one ST_Transform over all rows, so PROJ builds the transformation once
          ? sql`
          select t.rows[n] as row, ST_SetSRID(ST_GeometryN(t.c, n), 4326) as g
            from (select ST_Transform(ST_Collect(g order by row), ${crs.wkt}::text, 4326) as c, array_agg(row order by row) as rows from input) t,
                 generate_series(1, ST_NumGeometries(t.c)) n`
          : sql`select row, ${transformSql(sql, crs, sql`g`)} as g from input`}
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
      throw new Failure('import_projection_failed', { crs: describeCrs(crs) }, { field: 'crs', reason: (error as Error).message.slice(0, 200) });
    }
    for (const result of checked) {
      const spot = result.spot ? (result.spot.coordinates as [number, number]) : undefined;
      if (!result.geometry) {
        problem(result.row, 'error', 'projection_failed', { crs: describeCrs(crs) });
        continue;
      }
      const kind = result.type.replace('ST_', '');
      if (polygonTargets.includes(target) && kind !== 'Polygon' && kind !== 'MultiPolygon') {
        problem(result.row, 'error', 'wrong_geometry_type', { target, expected: 'polygon', found: kind });
        continue;
      }
      if (pointTargets.includes(target) && kind !== 'Point') {
        problem(result.row, 'error', 'wrong_geometry_type', { target, expected: 'point', found: kind });
        continue;
      }
      const point = firstCoordinate(result.geometry);
      if (point && (Math.abs(point[0]) > 180 || Math.abs(point[1]) > 90)) {
        problem(result.row, 'error', 'coordinates_out_of_range', { longitude: point[0], latitude: point[1], projected: true });
        continue;
      }
      if (result.valid) {
        converted.set(result.row, result.geometry);
      } else if (result.fixed && wantsFix(result.row)) {
        converted.set(result.row, result.fixed);
        problem(result.row, 'warning', 'made_valid', { reason: geometryProblemOf(result.reason).code, areaSquareMetres: Math.round(result.fixedArea ?? 0) }, spot ? { location: spot } : {});
      } else {
        problem(result.row, 'error', 'invalid_geometry', { reason: geometryProblemOf(result.reason).code }, {
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
      else problem(row.row, 'error', 'address_not_found', { address: String(row.values.address ?? '') }, { field: settings.geometry.column });
    }
  }

  // ── overlaps between imported polygons, slivers, gaps ──────────────────────────────────
  const overlaps: ValidationReport['overlaps'] = [];
  let gap: ValidationReport['gap'] = null;
  const gaps: ImportGap[] = [];
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
        problem(sliver.b, 'warning', 'sliver_removed', { otherRow: sliver.a, areaSquareMetres: Math.round(sliver.area * 10) / 10, toleranceSquareMetres: settings.sliverToleranceSquareMetres });
      }
    }
    for (const pair of pairs.filter((pair) => pair.area >= Math.max(0.5, settings.sliverToleranceSquareMetres))) {
      const location = pair.spot ? (pair.spot.coordinates as [number, number]) : null;
      overlaps.push({ rows: [pair.a, pair.b], areaSquareMetres: Math.round(pair.area * 10) / 10, location });
      for (const [row, other] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
        problem(row, target === 'grids' ? 'error' : 'warning', 'overlap', { otherRow: other, areaSquareMetres: Math.round(pair.area * 10) / 10 }, location ? { location } : {});
      }
    }
    gaps.push(...await findGaps(sql, payload(), Math.max(0.5, settings.sliverToleranceSquareMetres)));
    for (const found of gaps) {
      for (const row of found.rows) {
        problem(row, target === 'grids' ? 'error' : 'warning', 'gap', { otherRows: found.rows.filter((other) => other !== row), areaSquareMetres: found.areaSquareMetres },
          found.location ? { location: found.location } : {});
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
        // households need a grid, and a case outside every community is refused by the API too (outside_every_community)
        problem(row.row, target === 'households' || target === 'incidents' ? 'error' : 'warning', 'outside_territory', {}, location ? { location } : {});
      } else if (row.gridId === null) {
        problem(row.row, target === 'households' ? 'error' : 'warning', 'outside_grids', {});
      }
    }
  }

  // ── fields ─────────────────────────────────────────────────────────────────────────────
  const categories = target === 'incidents' ? new Map((await sql<{ code: string; nameZh: string }[]>`select code, name_zh from incident_categories where major_code is not null`).map((row) => [row.code, row.nameZh])) : new Map();
  const seen = new Map<string, number>();
  const ready: ReadyRow[] = [];
  // dates: the user's format, else the one the column's values show; ambiguous columns ask
  const timeZone = settings.timeZone ?? await zoneTimeZone(sql);
  const detectedDates = target === 'incidents' && settings.fields.reportedAt ? detectDateFormat(prepared.map((row) => row.values.reportedAt)) : { format: null, ambiguousExample: null };
  const dateFormat = settings.dateFormat ?? detectedDates.format;
  const dateQuestion: DateQuestion | null = !settings.dateFormat && detectedDates.format === null && detectedDates.ambiguousExample !== null
    ? {
        code: 'ambiguous_date_format', field: 'reportedAt', column: settings.fields.reportedAt!, example: detectedDates.ambiguousExample, choices: ['MDY', 'DMY'],
        message: importReportMessage(locale, 'ambiguous_date_format', { field: settings.fields.reportedAt!, example: detectedDates.ambiguousExample }),
      }
    : null;
  const existingTrackingCodes = target === 'incidents'
    ? new Set((await sql<{ trackingCode: string }[]>`select tracking_code from incidents where tracking_code in ${sql(prepared.map((row) => String(row.values.trackingCode ?? '')).filter(Boolean).concat(['']))}`).map((row) => row.trackingCode))
    : new Set<string>();
  for (const row of prepared) {
    const values = { ...row.values };
    const fieldProblem = (field: string, code: ImportReportCode, params: Record<string, unknown> = {}) => problem(row.row, 'error', code, params, { field });
    for (const { field, required, label } of targetFields[target]) {
      if (required && (values[field] === null || values[field] === undefined || values[field] === '')) {
        if (field === 'kind' && settings.defaults.riskKind) values.kind = settings.defaults.riskKind;
        else fieldProblem(field, 'missing_field', { field, label });
      }
    }
    const text = (field: string, maximum: number) => {
      const value = values[field];
      if (value === null || value === undefined || value === '') return (values[field] = null);
      const string = String(value);
      if (string.length > maximum) fieldProblem(field, 'text_too_long', { field, maximum });
      return (values[field] = string);
    };
    let key: string | null = null;
    if (target === 'communities' || target === 'grids') {
      text('name', 100);
      const code = text('code', 20);
      const pattern = target === 'grids' ? /^[0-9]{15}$/ : /^[0-9]{12}$/;
      if (code && !pattern.test(code)) fieldProblem('code', 'code_format', { code, digits: target === 'grids' ? 15 : 12 });
      key = code ?? (values.name as string | null);
    } else if (target === 'households') {
      text('complexName', 100); text('buildingNumber', 20); text('unit', 20); text('room', 20); text('headName', 50); text('headPhone', 30); text('headIdNumber', 18);
      for (const field of ['registeredCount', 'residentCount', 'floatingCount']) {
        const value = values[field];
        if (value === null || value === undefined || value === '') values[field] = 0;
        else if (!Number.isInteger(Number(value)) || Number(value) < 0 || Number(value) > 50) fieldProblem(field, 'count_out_of_range', { field, value: String(value) });
        else values[field] = Number(value);
      }
      const idNumber = values.headIdNumber as string | null;
      if (idNumber && !/^[0-9]{17}[0-9Xx]$/.test(idNumber)) fieldProblem('headIdNumber', 'id_number_format');
      key = [values.complexName, values.buildingNumber, values.unit, values.room].join('|');
    } else if (target === 'incidents') {
      const category = text('categoryCode', 4) ?? settings.defaults.categoryCode ?? null;
      if (!category) fieldProblem('categoryCode', 'missing_category');
      else if (!categories.has(category)) fieldProblem('categoryCode', 'unknown_category', { code: category });
      values.categoryCode = category;
      values.description = text('description', 2000) ?? (category ? categories.get(category) ?? null : null);
      text('address', 300);
      const given = values.reportedAt;
      const reading = given === null || given === undefined || given === '' ? null : readDate(given, { format: dateFormat, timeZone });
      if (reading && !reading.ok) {
        const column = settings.fields.reportedAt ?? 'reportedAt';
        fieldProblem('reportedAt', reading.reason, reading.reason === 'ambiguous_date_format'
          ? { field: column, example: String(given) }
          : { field: column, value: String(given), minimumYear: 1900, maximumYear: new Date().getUTCFullYear() + 1 });
      }
      values.reportedAt = (reading?.ok ? reading.instant : new Date()).toISOString();
      const tracking = text('trackingCode', 60);
      if (tracking && existingTrackingCodes.has(tracking)) fieldProblem('trackingCode', 'duplicate_tracking_code', { trackingCode: tracking });
      key = tracking;
    } else {
      text('name', 200); text('ownerName', 50); text('ownerPhone', 30);
      const kind = values.kind === null || values.kind === undefined ? null : String(values.kind).trim();
      const resolvedKind = kind && (riskSourceKinds as readonly string[]).includes(kind) ? kind : kind ? riskKindWords[kind] ?? null : null;
      if (kind && !resolvedKind) fieldProblem('kind', 'unknown_risk_kind', { kind, kinds: riskSourceKinds.join(', ') });
      values.kind = resolvedKind ?? values.kind;
      const level = values.level === null || values.level === undefined ? null : String(values.level).trim();
      const resolvedLevel = level && /^[1-4]$/.test(level) ? Number(level) : level ? riskLevelWords[level] ?? null : null;
      if (level && !resolvedLevel) fieldProblem('level', 'unknown_risk_level', { level });
      values.level = resolvedLevel;
      const cycle = values.inspectionCycleDays;
      values.inspectionCycleDays = cycle === null || cycle === undefined || cycle === '' ? null : Number(cycle);
      if (values.inspectionCycleDays !== null && (!Number.isInteger(values.inspectionCycleDays) || (values.inspectionCycleDays as number) <= 0)) fieldProblem('inspectionCycleDays', 'inspection_cycle_invalid');
    }
    if (key) {
      const earlier = seen.get(key);
      if (earlier !== undefined) problem(row.row, 'error', 'duplicate', { otherRow: earlier, key });
      else seen.set(key, row.row);
    }
    const place = placement.get(row.row);
    ready.push({ row: row.row, geometry: converted.get(row.row) ?? null, values, gridId: place?.gridId ?? null, communityId: place?.communityId ?? null });
  }
  if (target === 'incidents') {
    // statuses the closed loop can reproduce (server/incidents/import-historic-incidents.ts), naming the field
    // the closing time is read like the reporting time: in the file's date format and time zone
    const readClosedAt = (value: unknown) => {
      const reading = readDate(value, { format: dateFormat, timeZone });
      return reading.ok ? reading.instant : null;
    };
    for (const found of importedStatusProblems(ready, settings.defaults.status, readClosedAt)) {
      problems.push(catalogueProblem(found.row, 'error', found.code, found.params as never, { field: found.field }));
    }
  }
  const failing = new Set(problems.filter((entry) => entry.severity === 'error').map((entry) => entry.row));
  const readyRows = ready.filter((row) => !failing.has(row.row) && row.geometry !== null);
  // errors first, then warnings; by row within each
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.row - b.row);
  const problemCounts = countProblems(problems);
  const { crsFit, suggestedCrs, crsQuestion } = await measureCrsFit(sql, rows, settings, crs, crsDeclared(settings, input.source), locale);
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
      problems, overlaps, gap, gaps, crsFit, suggestedCrs, crsQuestion, dateQuestion, dateFormat, timeZone, problemCounts, preview,
    },
    ready: readyRows,
  };
}

/**
 * Gaps between neighbouring polygons: the holes of the union of the imported polygons whose edge
 * is shared by two or more rows (a hole that only one polygon surrounds is that polygon's own
 * courtyard, not a gap). PostGIS decides; an empty or invalid union means GEOS failed (PGlite's
 * PostGIS swallows its errors), which is refused rather than read as "no gaps".
 */
async function findGaps(sql: Queryable, payload: string, minimumSquareMetres: number): Promise<ImportGap[]> {
  const [union] = await sql<{ valid: boolean | null; empty: boolean | null }[]>`
    with g as (select ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload}::text::json) e)
    select ST_IsValid(ST_Union(g)) as valid, ST_IsEmpty(ST_Union(g)) as empty from g`;
  if (!union || union.valid !== true || union.empty !== false) {
    throw new Failure('import_union_failed', {}, { field: 'geometry' });
  }
  const found = await sql<{ rows: number[]; area: number; geometry: GeoJSON.Geometry | null; spot: GeoJSON.Point | null }[]>`
    with g as (select (e->>'row')::int as row, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) as g from json_array_elements(${payload}::text::json) e),
         u as (select ST_Union(g) as g from g),
         parts as (select (ST_Dump(ST_CollectionExtract(u.g, 3))).geom as g from u),
         holes as (select ST_MakePolygon(ST_InteriorRingN(p.g, n)) as g from parts p, generate_series(1, ST_NumInteriorRings(p.g)) n),
         gaps as (select row_number() over () as id, ST_CollectionExtract(ST_Difference(h.g, u.g), 3) as g from holes h, u),
         bordered as (
           select gaps.id, array_agg(distinct g.row order by g.row) as rows
             from gaps join g on ST_DWithin(g.g, gaps.g, 1e-7)
            where not ST_IsEmpty(gaps.g)
            group by gaps.id)
    select bordered.rows, ST_Area(gaps.g::geography) as area, ST_AsGeoJSON(gaps.g, 7)::json as geometry,
           ST_AsGeoJSON(ST_PointOnSurface(gaps.g), 7)::json as spot
      from bordered join gaps on gaps.id = bordered.id
     where cardinality(bordered.rows) >= 2
     order by rows[1], rows[2]`;
  return found
    .filter((entry) => entry.geometry && entry.area > minimumSquareMetres)
    .map((entry) => ({
      rows: entry.rows, areaSquareMetres: Math.round(entry.area * 10) / 10, geometry: entry.geometry!,
      location: entry.spot ? (entry.spot.coordinates as [number, number]) : null,
    }));
}

export function describeCrs(crs: SourceCrs): string {
  if (crs.kind === 'epsg') return `EPSG:${crs.code}`;
  if (crs.kind === 'wkt') return crs.name;
  return { wgs84: 'WGS84/CGCS2000', gcj02: 'GCJ-02 (高德)', bd09: 'BD-09 (百度)' }[crs.kind];
}

async function checkSettings(sql: Queryable, settings: ImportSettings): Promise<void> {
  if (settings.target === 'grids') {
    if (!settings.communityId) throw invalidRequest([problem('communityId', 'import_community_required', {})]);
    const [community] = await sql`select id from communities where id = ${settings.communityId}`;
    if (!community) throw invalidRequest([problem('communityId', 'referenced_object_missing', {})]);
  }
  if (settings.target === 'communities') {
    if (!settings.streetId) throw invalidRequest([problem('streetId', 'import_street_required', {})]);
    const [street] = await sql`select id from streets where id = ${settings.streetId}`;
    if (!street) throw invalidRequest([problem('streetId', 'referenced_object_missing', {})]);
  }
  if (settings.geometry.kind === 'address' && settings.target !== 'incidents' && settings.target !== 'households') {
    throw invalidRequest([problem('geometry', 'address_locates_points', {})]);
  }
  const missing = targetFields[settings.target].filter((entry) => entry.required && !settings.fields[entry.field] && !(entry.field === 'kind' && settings.defaults.riskKind));
  if (missing.length > 0) throw invalidRequest(missing.map((entry) => problem(`fields.${entry.field}`, 'import_field_unmapped', { label: entry.label })));
}

/** The three readings of geographic coordinates that a Chinese file can be in. */
type Reading = 'wgs84' | 'gcj02' | 'bd09';

export interface CrsQuestion {
  code: 'crs_undeclared_china';
  params: { suggested: Reading; measured: boolean };
  message: string;
  suggested: Reading;
  choices: Reading[];
}

/** Mainland China, roughly: where GCJ-02 and BD-09 exist and a file's reading is a real question. */
const inChina = ([lng, lat]: [number, number]) => lng >= 73.5 && lng <= 135.1 && lat >= 18 && lat <= 53.6;

/**
 * Whether the file says in which CRS its coordinates are. A shapefile says it with a .prj and a
 * GeoJSON with a `crs` member; GeoJSON (RFC 7946) and KML without one are WGS84 by their
 * specifications, and are treated as declared. Coordinates taken from columns (CSV, XLSX, or
 * lng/lat or WKT columns of any file) declare nothing.
 */
export function crsDeclared(settings: ImportSettings, source: { format: ImportFormat; crsText: string | null } | undefined): boolean {
  if (!source) return true;
  if (settings.geometry.kind !== 'file') return false;
  if (source.format === 'geojson' || source.format === 'kml') return true;
  return source.crsText !== null && source.crsText.trim() !== '';
}

/**
 * A wrong CRS is visible as data in the wrong place. For geographic input, sample up to 300
 * points and measure, under each reading (WGS84, GCJ-02, BD-09), how many land inside the
 * territory's current grids and how many near one of its buildings (the address table).
 *
 * When the file declares no CRS and its points lie in China, the report asks (`crsQuestion`),
 * suggesting GCJ-02 — the usual case for Chinese web-map exports — unless another reading fits
 * the territory measurably better. A reading the user chose explicitly is never contradicted:
 * no question and no suggestion then.
 */
async function measureCrsFit(sql: Queryable, rows: ImportRow[], settings: ImportSettings, crs: SourceCrs, declared: boolean, locale: Locale) {
  const none = { crsFit: null, suggestedCrs: null, crsQuestion: null };
  if (crs.kind !== 'wgs84' && crs.kind !== 'gcj02' && crs.kind !== 'bd09') return none;
  const step = Math.max(1, Math.floor(rows.length / 300));
  const sample: [number, number][] = [];
  for (let index = 0; index < rows.length && sample.length < 300; index += step) {
    if (settings.skipRows.includes(index + 1)) continue;
    const row = rows[index]!;
    let point: [number, number] | null = null;
    if (settings.geometry.kind === 'file' && row.geometry && !geometryShapeProblem(row.geometry)) point = firstCoordinate(row.geometry);
    else if (settings.geometry.kind === 'lnglat') {
      const [lng, lat] = [Number(row.properties[settings.geometry.longitude]), Number(row.properties[settings.geometry.latitude])];
      if (Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90) point = [lng, lat];
    } else if (settings.geometry.kind === 'wkt') {
      const text = row.properties[settings.geometry.column];
      const geometry = typeof text === 'string' ? parseWkt(text) : null;
      if (geometry && !geometryShapeProblem(geometry)) point = firstCoordinate(geometry);
    }
    if (point && Number.isFinite(point[0]) && Number.isFinite(point[1]) && Math.abs(point[0]) <= 180 && Math.abs(point[1]) <= 90) sample.push(point);
  }
  if (sample.length === 0) return none;
  const readings: Record<Reading, [number, number][]> = {
    wgs84: sample,
    gcj02: sample.map((point) => gcoord.transform(point, gcoord.GCJ02, gcoord.WGS84) as [number, number]),
    bd09: sample.map((point) => gcoord.transform(point, gcoord.BD09, gcoord.WGS84) as [number, number]),
  };
  const crsFit: { kind: Reading; inside: number; nearBuildings: number; sample: number }[] = [];
  for (const kind of ['wgs84', 'gcj02', 'bd09'] as const) {
    const [result] = await sql<{ inside: number; nearBuildings: number }[]>`
      with p as (select ST_SetSRID(ST_MakePoint((p->>0)::float8, (p->>1)::float8), 4326) as g from json_array_elements(${JSON.stringify(readings[kind])}::text::json) p)
      select count(*) filter (where exists (select 1 from grid_versions gv where gv.valid_to is null and ST_Intersects(gv.geometry, p.g)))::int as inside,
             -- about 40 m: a point that belongs to a building lies on it or beside it
             count(*) filter (where exists (select 1 from buildings b where ST_DWithin(b.location, p.g, 0.0004)))::int as near_buildings
        from p`;
    crsFit.push({ kind, inside: result?.inside ?? 0, nearBuildings: result?.nearBuildings ?? 0, sample: sample.length });
  }
  const score = (entry: (typeof crsFit)[number]) => entry.inside + entry.nearBuildings;
  const best = [...crsFit].sort((a, b) => score(b) - score(a))[0]!;
  // "measurably better": ahead by at least 3 points and a tenth of the sample
  const margin = Math.max(3, Math.ceil(sample.length / 10));
  const beats = (entry: (typeof crsFit)[number], other: (typeof crsFit)[number]) => score(entry) >= score(other) + margin;
  if (settings.crs.kind !== 'file') return { crsFit, suggestedCrs: null, crsQuestion: null };
  const current = crsFit.find((entry) => entry.kind === crs.kind)!;
  const chinese = sample.filter(inChina).length * 2 > sample.length;
  if (!declared && chinese) {
    const gcj = crsFit.find((entry) => entry.kind === 'gcj02')!;
    const measured = best.kind !== 'gcj02' && beats(best, gcj);
    const suggested: Reading = measured ? best.kind : 'gcj02';
    const params = { suggested, measured: measured || (best.kind === 'gcj02' && score(gcj) > 0) };
    const crsQuestion: CrsQuestion = {
      code: 'crs_undeclared_china', params, message: importReportMessage(locale, 'crs_undeclared_china', params), suggested, choices: ['wgs84', 'gcj02', 'bd09'],
    };
    return { crsFit, suggestedCrs: suggested === crs.kind ? null : suggested, crsQuestion };
  }
  return { crsFit, suggestedCrs: best.kind !== current.kind && beats(best, current) ? best.kind : null, crsQuestion: null };
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
      with input as (select (e->>'row')::int as row, ST_GeomFromGeoJSON(e->>'geometry') as g from json_array_elements(${JSON.stringify(sample)}::text::json) e),
           source as (${crs.kind === 'wkt'
             // one transformation for all rows (see validateImport)
             ? sql`select t.rows[n] as row, ST_SetSRID(ST_GeometryN(t.c, n), 4326) as g
                     from (select ST_Transform(ST_Collect(g order by row), ${crs.wkt}::text, 4326) as c, array_agg(row order by row) as rows from input) t,
                          generate_series(1, ST_NumGeometries(t.c)) n`
             : sql`select row, ${transformSql(sql, crs, sql`g`)} as g from input`})
      select row, ST_AsGeoJSON(g, 7)::json as geometry from source`;
    return {
      type: 'FeatureCollection',
      features: converted.filter((row) => row.geometry).map((row) => ({ type: 'Feature', id: row.row, geometry: row.geometry!, properties: { row: row.row, status: 'ok' } })),
    };
  } catch {
    return { type: 'FeatureCollection', features: [] };
  }
}
