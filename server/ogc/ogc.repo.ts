import type { Geometry } from '../../contract/common.ts';
import { publicLocationOf } from '../residents/public-location.ts';
import { isPublic, readPublicExposurePolicy } from '../residents/resident-reports.repo.ts';
import type { OgcFeature } from '../../contract/ogc.ts';
import type { Queryable } from '../db/connect.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { maskIdNumber, maskName, maskPhone } from '../personal-data/masking.ts';
import type { OgcQuery } from './ogc-parameters.ts';

/**
 * The feature collections served at /ogc. Each one says which columns it publishes: public
 * layers carry no personal fields (incident reporters, risk-source owners); households are
 * served only to an API key with the `ogc_households` scope, and masked.
 */
export type OgcCollectionId = 'communities' | 'grids' | 'incidents' | 'risk-sources' | 'households';

export interface OgcCollectionDefinition {
  id: OgcCollectionId;
  title: string;
  description: string;
  /** Which property `datetime` filters, if any. */
  temporal: string | null;
  /** Households: only with an API key carrying the ogc_households scope. */
  needsHouseholdKey: boolean;
}

export const ogcCollections: readonly OgcCollectionDefinition[] = [
  { id: 'communities', title: '社区 Communities', description: 'Community (residents\' committee) boundaries', temporal: null, needsHouseholdKey: false },
  { id: 'grids', title: '网格 Grids', description: 'Grid boundaries; without datetime the current layout, with datetime the versions valid in it', temporal: 'validFrom/validTo', needsHouseholdKey: false },
  { id: 'incidents', title: '事件 Incidents', description: 'Public cases only (residents\' own reports of public classes after registration, or published by a dispatcher); no reporter details or descriptions; points rounded to the public precision', temporal: 'reportedAt', needsHouseholdKey: false },
  { id: 'risk-sources', title: '风险源 Risk sources', description: 'The risk-source register (no owner contacts); level 1 重大 … 4 低', temporal: null, needsHouseholdKey: false },
  { id: 'households', title: '住户 Households', description: 'Households, personal fields masked; only for authorised API keys', temporal: null, needsHouseholdKey: true },
];

export interface OgcPage {
  features: OgcFeature[];
  numberMatched: number;
}

interface Selection {
  query: OgcQuery;
  /** One feature by id instead of a page. */
  featureId?: number;
}

const envelope = (sql: Queryable, bbox: [number, number, number, number]) =>
  sql`ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`;

function toFeatures(rows: readonly Record<string, unknown>[]): OgcPage {
  const numberMatched = Number(rows[0]?.matched ?? 0);
  // the columns each collection selects are its contract's properties (contract/ogc.ts); instants as ISO strings
  const features = rows.map(({ matched: _matched, geometry, id, ...properties }) => ({
    type: 'Feature' as const,
    id: id as number,
    geometry: geometry as Geometry,
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as OgcFeature['properties'],
  }));
  return { features, numberMatched };
}

export async function readOgcCollection(
  sql: Queryable,
  dataKey: DataKey,
  collection: OgcCollectionId,
  { query, featureId }: Selection,
): Promise<OgcPage> {
  const { bbox, datetime } = query;
  const limit = featureId === undefined ? query.limit : 1;
  const offset = featureId === undefined ? query.offset : 0;
  if (collection === 'communities') {
    return toFeatures(await sql`
      select c.id, c.code, c.name, s.code as street_code, s.name as street_name,
             ST_AsGeoJSON(c.boundary, 7)::json as geometry, count(*) over () as matched
        from communities c join streets s on s.id = c.street_id
       where true
         ${featureId !== undefined ? sql`and c.id = ${featureId}` : sql``}
         ${bbox ? sql`and c.boundary && ${envelope(sql, bbox)}` : sql``}
       order by c.id limit ${limit} offset ${offset}`);
  }
  if (collection === 'grids') {
    // a version is in the interval when its period [valid_from, valid_to) meets it
    const period = datetime
      ? sql`and tstzrange(gv.valid_from, gv.valid_to) && tstzrange(${datetime.start ?? null}::timestamptz, ${datetime.end ?? null}::timestamptz)`
      : featureId !== undefined ? sql`` : sql`and gv.valid_to is null`;
    return toFeatures(await sql`
      select gv.id, gv.grid_id, gv.code, gv.name, gv.community_id, c.name as community_name,
             gv.valid_from, gv.valid_to, round(ST_Area(gv.geometry::geography))::float8 as area_square_metres,
             ST_AsGeoJSON(gv.geometry, 7)::json as geometry, count(*) over () as matched
        from grid_versions gv join communities c on c.id = gv.community_id
       where true ${period}
         ${featureId !== undefined ? sql`and gv.id = ${featureId}` : sql``}
         ${bbox ? sql`and gv.geometry && ${envelope(sql, bbox)}` : sql``}
       order by gv.id limit ${limit} offset ${offset}`);
  }
  if (collection === 'incidents') {
    // OGC clients are the public: the one public rule, and the public point (rounded unless a fixture)
    const policy = await readPublicExposurePolicy(sql);
    const rows = await sql`
      select i.id, i.tracking_code, i.category_code, category.name_zh as category_name_zh, category.name_en as category_name_en,
             i.status, i.source, i.reported_at, i.closed_at, i.grid_id, i.community_id,
             category.major_code, ST_X(i.location) as longitude, ST_Y(i.location) as latitude, count(*) over () as matched
        from incidents i join incident_categories category on category.code = i.category_code
       where ${isPublic(sql)}
         ${featureId !== undefined ? sql`and i.id = ${featureId}` : sql``}
         ${bbox ? sql`and i.location && ${envelope(sql, bbox)}` : sql``}
         ${datetime?.start ? sql`and i.reported_at >= ${datetime.start}` : sql``}
         ${datetime?.end ? sql`and i.reported_at < ${datetime.end}` : sql``}
       order by i.id limit ${limit} offset ${offset}`;
    return toFeatures(rows.map(({ majorCode, longitude, latitude, ...rest }) => {
      const point = publicLocationOf(
        { longitude: longitude as number, latitude: latitude as number, majorCode: majorCode as string | null, categoryCode: rest.categoryCode as string },
        policy,
      );
      return { ...rest, geometry: { type: 'Point', coordinates: [point.lng, point.lat] } };
    }));
  }
  if (collection === 'risk-sources') {
    return toFeatures(await sql`
      select r.id, r.name, r.kind, r.level, r.community_id, r.inspection_cycle_days, r.last_inspected_on::text as last_inspected_on,
             ST_AsGeoJSON(r.geometry, 7)::json as geometry, count(*) over () as matched
        from risk_sources r
       where true
         ${featureId !== undefined ? sql`and r.id = ${featureId}` : sql``}
         ${bbox ? sql`and r.geometry && ${envelope(sql, bbox)}` : sql``}
       order by r.id limit ${limit} offset ${offset}`);
  }
  const rows = await sql`
    select h.id, h.grid_id, b.complex_name, b.number as building_number, h.unit, h.room,
           h.registered_count, h.resident_count, h.floating_count, h.registered_elsewhere, h.elderly_alone, h.disability,
           h.head_name, h.head_phone, h.head_id_number,
           ST_AsGeoJSON(h.location, 7)::json as geometry, count(*) over () as matched
      from households h join buildings b on b.id = h.building_id
     where true
       ${featureId !== undefined ? sql`and h.id = ${featureId}` : sql``}
       ${bbox ? sql`and h.location && ${envelope(sql, bbox)}` : sql``}
     order by h.id limit ${limit} offset ${offset}`;
  return toFeatures(
    rows.map(({ headName, headPhone, headIdNumber, ...rest }) => {
      const idNumber = dataKey.openOptional(headIdNumber as string | null);
      const phone = dataKey.openOptional(headPhone as string | null);
      // OGC clients (API keys with the households scope) always get the head's name masked (张*), as
      // the phone and ID number: there is no reveal over OGC. Opened first: the stored name is sealed (0026)
      const name = dataKey.openOptional(headName as string | null);
      return { ...rest, headName: maskName(name), headPhone: maskPhone(phone), headIdNumber: maskIdNumber(idNumber) };
    }),
  );
}

/** The bounding box of a collection's current features, for its extent. */
export async function collectionExtent(sql: Queryable, collection: OgcCollectionId): Promise<[number, number, number, number] | null> {
  const source = {
    communities: sql`select ST_Extent(boundary) as box from communities`,
    grids: sql`select ST_Extent(geometry) as box from grid_versions where valid_to is null`,
    incidents: sql`select ST_Extent(location) as box from incidents i where ${isPublic(sql)}`,
    'risk-sources': sql`select ST_Extent(geometry) as box from risk_sources`,
    households: sql`select ST_Extent(location) as box from households`,
  }[collection];
  const [row] = await sql<{ minX: number | null; minY: number; maxX: number; maxY: number }[]>`
    select ST_XMin(box) as min_x, ST_YMin(box) as min_y, ST_XMax(box) as max_x, ST_YMax(box) as max_y from (${source}) extent`;
  if (!row || row.minX === null) return null;
  return [row.minX, row.minY, row.maxX, row.maxY];
}
