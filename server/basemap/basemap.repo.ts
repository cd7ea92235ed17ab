import type { Queryable } from '../db/connect.ts';

/** The layers the offline basemap is drawn from, each served as one GeoJSON document. */
export const basemapFeatureLayers = ['land', 'water', 'green', 'farmland', 'road', 'block', 'label'] as const;
export const basemapLayers = [...basemapFeatureLayers, 'buildings', 'communities'] as const;
export type BasemapLayer = (typeof basemapLayers)[number];
type BasemapFeatureLayer = (typeof basemapFeatureLayers)[number];

/**
 * Features are assembled into JSON inside the database and returned as text: the documents can
 * be several megabytes, and parsing them into objects only to serialise them again is waste.
 * Six decimals of a degree are about 10 cm, plenty for a basemap.
 */
export async function basemapLayerFeatures(sql: Queryable, layer: BasemapLayer): Promise<string> {
  if (layer === 'buildings') {
    const [row] = await sql<{ features: string }[]>`
      select coalesce(json_agg(json_build_object(
               'type', 'Feature', 'id', b.id,
               'properties', json_build_object('id', b.id, 'complexName', b.complex_name, 'number', b.number,
                                               'kind', b.kind, 'floors', b.floors),
               'geometry', ST_AsGeoJSON(b.footprint, 6)::json) order by b.id), '[]')::text as features
        from buildings b`;
    return row?.features ?? '[]';
  }
  if (layer === 'communities') {
    const [row] = await sql<{ features: string }[]>`
      select coalesce(json_agg(json_build_object(
               'type', 'Feature', 'id', c.id,
               'properties', json_build_object('id', c.id, 'code', c.code, 'name', c.name),
               'geometry', ST_AsGeoJSON(c.boundary, 6)::json) order by c.code), '[]')::text as features
        from communities c`;
    return row?.features ?? '[]';
  }
  const featureLayer: BasemapFeatureLayer = layer;
  const [row] = await sql<{ features: string }[]>`
    select coalesce(json_agg(json_build_object(
             'type', 'Feature', 'id', f.id,
             'properties', json_build_object('class', f.class, 'name', f.name),
             'geometry', ST_AsGeoJSON(f.geometry, 6)::json) order by f.id), '[]')::text as features
      from basemap_features f
     where f.layer = ${featureLayer}`;
  return row?.features ?? '[]';
}

/**
 * A cheap value that changes whenever a layer's content may have changed, so the assembled
 * document can be kept in memory between requests. Basemap features and buildings are only
 * ever inserted or deleted wholesale (by the demo loader), so count and highest id suffice;
 * community boundaries are few and edited by planners, so they are fingerprinted by content.
 */
export async function basemapLayerFingerprint(sql: Queryable, layer: BasemapLayer): Promise<string> {
  if (layer === 'buildings') {
    const [row] = await sql<{ fingerprint: string }[]>`
      select count(*) || ':' || coalesce(max(id), 0) as fingerprint from buildings`;
    return row?.fingerprint ?? '';
  }
  if (layer === 'communities') {
    const [row] = await sql<{ fingerprint: string }[]>`
      select coalesce(md5(string_agg(c.id || c.name || md5(ST_AsEWKB(c.boundary)::text), ',' order by c.id)), '') as fingerprint
        from communities c`;
    return row?.fingerprint ?? '';
  }
  const [row] = await sql<{ fingerprint: string }[]>`
    select count(*) || ':' || coalesce(max(id), 0) as fingerprint from basemap_features where layer = ${layer}`;
  return row?.fingerprint ?? '';
}

/** The extent of the territory, for the map's first view; null while the database is empty. */
export async function territoryBounds(sql: Queryable): Promise<[number, number, number, number] | null> {
  const [row] = await sql<{ minLng: number | null; minLat: number | null; maxLng: number | null; maxLat: number | null }[]>`
    select ST_XMin(extent) as min_lng, ST_YMin(extent) as min_lat, ST_XMax(extent) as max_lng, ST_YMax(extent) as max_lat
      from (select ST_Extent(boundary) as extent from communities) e`;
  if (!row || row.minLng === null || row.minLat === null || row.maxLng === null || row.maxLat === null) return null;
  return [row.minLng, row.minLat, row.maxLng, row.maxLat];
}
