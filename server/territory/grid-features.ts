import type { CommunityRow, GridRow } from './territory.repo.ts';

/** Rows → GeoJSON features for the map. Pure: no database, no HTTP. */

export function gridFeature(row: GridRow): GeoJSON.Feature<GeoJSON.MultiPolygon> {
  const { geometry, ...properties } = row;
  return {
    type: 'Feature',
    id: row.id,
    geometry,
    properties: {
      ...properties,
      // community (3) + sequence (3): what fits on a map label
      shortCode: row.code.slice(9),
      vacant: row.workerId === null,
      validFrom: row.validFrom.toISOString(),
      validTo: row.validTo ? row.validTo.toISOString() : null,
    },
  };
}

export function communityFeature(row: CommunityRow): GeoJSON.Feature<GeoJSON.MultiPolygon> {
  const { geometry, ...properties } = row;
  return { type: 'Feature', id: row.id, geometry, properties };
}

export function featureCollection<G extends GeoJSON.Geometry>(features: GeoJSON.Feature<G>[]): GeoJSON.FeatureCollection<G> {
  return { type: 'FeatureCollection', features };
}

/** A row with longitude/latitude columns → a GeoJSON point feature carrying the other columns. */
export function pointFeature<Row extends { id: number; longitude: number; latitude: number }>(
  row: Row,
): GeoJSON.Feature<GeoJSON.Point, Omit<Row, 'longitude' | 'latitude'>> {
  const { longitude, latitude, ...properties } = row;
  return { type: 'Feature', id: row.id, geometry: { type: 'Point', coordinates: [longitude, latitude] }, properties };
}
