import type { PublicExposurePolicy } from './resident-reports.repo.ts';

/**
 * Where the public may see a case: the centre of the `metres` square it falls in, not the exact
 * point (which may be a home's door). Snapping to fixed cells — not adding noise — means asking
 * many times reveals nothing more than asking once. Used by every public surface (tracking page,
 * "me too" list, Open311, OGC); staff always see the exact point.
 */
export function roundPublicLocation(longitude: number, latitude: number, metres: number): { lng: number; lat: number } {
  const metresPerDegreeLatitude = 111_320;
  const latitudeStep = metres / metresPerDegreeLatitude;
  const lat = (Math.floor(latitude / latitudeStep) + 0.5) * latitudeStep;
  // the longitude step is taken at the cell's centre latitude, so every point of a cell shares it
  const longitudeStep = metres / (metresPerDegreeLatitude * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  const lng = (Math.floor(longitude / longitudeStep) + 0.5) * longitudeStep;
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

/** The public point of a case: exact for the classes the policy names (public fixtures), else rounded. */
export function publicLocationOf(
  row: { longitude: number; latitude: number; majorCode: string | null; categoryCode: string },
  policy: PublicExposurePolicy,
): { lng: number; lat: number } {
  const major = row.majorCode ?? row.categoryCode.slice(0, 2);
  if (policy.exactLocationMajors.includes(major)) return { lng: row.longitude, lat: row.latitude };
  return roundPublicLocation(row.longitude, row.latitude, policy.precisionMetres);
}
