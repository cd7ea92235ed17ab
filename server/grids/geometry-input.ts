import type { Queryable } from '../db/connect.ts';
import { invalidGeometry, unreadableGeometry } from '../db/geometry-validity.ts';
import { geometryFromGeoJson, type GeometryHex } from './grid-editing.repo.ts';

/**
 * A request's GeoJSON (already shape-checked by zod) → geometry. What only PostGIS can judge —
 * a self-intersecting ring, a hole outside its shell — answers 422 naming the field and pointing
 * at the offending location.
 */
export async function geometryFromRequest(sql: Queryable, geoJson: GeoJSON.Geometry, field: string): Promise<GeometryHex> {
  const checked = await geometryFromGeoJson(sql, geoJson);
  requireReadableAndValid({ ...checked, read: checked.geometry !== null }, geoJson, field);
  return checked.geometry!;
}

/** PostGIS's verdict on a request's GeoJSON (`geometryFromGeoJson`, or a statement that reads it likewise) → the same refusals. */
export function requireReadableAndValid(
  checked: { read: boolean; valid: boolean | null; reason: string | null; location: GeoJSON.Point | null },
  geoJson: GeoJSON.Geometry,
  field: string,
): void {
  if (!checked.read || checked.valid === null) {
    throw unreadableGeometry(field, geoJson);
  }
  if (!checked.valid) throw invalidGeometry(field, checked.reason, checked.location ?? geoJson);
}
