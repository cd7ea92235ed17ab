import { Failure } from '../http/failure.ts';

/**
 * PGlite's PostGIS swallows GEOS errors: ST_Union of an invalid polygon returns no row (or NULL)
 * instead of raising. Every query whose answer must be a geometry goes through this check, so a
 * silent failure becomes a clear one on both hosts.
 */
export function requireGeometry<Row extends Record<string, unknown>>(
  rows: readonly Row[],
  column: keyof Row & string,
  operation: string,
): Row {
  const row = rows[0];
  if (!row || row[column] === null || row[column] === undefined) {
    throw new Failure('empty_geometry_result', {}, { operation });
  }
  return row;
}
