import type { CommunityFeature, GridFeature, GridVersion } from '../../contract/territory.ts';
import type { CommunityRow, GridRow, GridVersionRow } from './territory.repo.ts';

/** Rows → the contract's GeoJSON features for the map. Pure: no database, no HTTP. */

export function gridFeature(row: GridRow): GridFeature {
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

export function gridVersion(row: GridVersionRow): GridVersion {
  return { ...row, validFrom: row.validFrom.toISOString(), validTo: row.validTo ? row.validTo.toISOString() : null };
}

export function communityFeature(row: CommunityRow): CommunityFeature {
  const { geometry, ...properties } = row;
  return { type: 'Feature', id: row.id, geometry, properties };
}

export function featureCollection<F>(features: F[]): { type: 'FeatureCollection'; features: F[] } {
  return { type: 'FeatureCollection', features };
}

/** A row with longitude/latitude columns → a GeoJSON point feature carrying the other columns. */
export function pointFeature<Row extends { id: number; longitude: number; latitude: number }>(
  row: Row,
): GeoJSON.Feature<GeoJSON.Point, Omit<Row, 'longitude' | 'latitude'>> {
  const { longitude, latitude, ...properties } = row;
  return { type: 'Feature', id: row.id, geometry: { type: 'Point', coordinates: [longitude, latitude] }, properties };
}
