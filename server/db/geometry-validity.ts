import { Failure, problem } from '../http/failure.ts';

/**
 * Why PostGIS finds a geometry invalid, as a stable code instead of GEOS's English sentence
 * (ST_IsValidReason: "Self-intersection[117.2 31.8]"), with the location it names. Used wherever a
 * user's geometry is refused (grid edits, plans, risk sources), so the answer is rendered in the
 * user's language and never echoes the database's text.
 */
export const geometryProblemCodes = [
  'self_intersection', 'ring_self_intersection', 'too_few_points', 'hole_outside_shell', 'nested_holes',
  'interior_disconnected', 'nested_shells', 'duplicate_rings', 'invalid_coordinate', 'ring_not_closed', 'geometry_invalid_other',
] as const;
export type GeometryProblemCode = (typeof geometryProblemCodes)[number];

const patterns: [RegExp, GeometryProblemCode][] = [
  [/^ring self-intersection/i, 'ring_self_intersection'],
  [/^self-intersection/i, 'self_intersection'],
  [/^too few points/i, 'too_few_points'],
  [/^hole lies outside shell/i, 'hole_outside_shell'],
  [/^holes are nested/i, 'nested_holes'],
  [/^interior is disconnected/i, 'interior_disconnected'],
  [/^nested shells/i, 'nested_shells'],
  [/^duplicate rings/i, 'duplicate_rings'],
  [/^invalid coordinate/i, 'invalid_coordinate'],
  [/^ring is not closed/i, 'ring_not_closed'],
];

export function geometryProblemOf(reason: string | null | undefined): { code: GeometryProblemCode; location: [number, number] | null } {
  const text = (reason ?? '').trim();
  const code = patterns.find(([pattern]) => pattern.test(text))?.[1] ?? 'geometry_invalid_other';
  const at = /\[\s*(-?[0-9.eE+-]+)\s+(-?[0-9.eE+-]+)/.exec(text);
  const location: [number, number] | null = at ? [Number(at[1]), Number(at[2])] : null;
  return { code, location: location && location.every(Number.isFinite) ? location : null };
}

/**
 * 422 `geometry_invalid` naming the field and the problem, with the offending spot (a Point) as
 * `details.geometry` when PostGIS names one, else the geometry itself.
 */
export function invalidGeometry(field: string, reason: string | null | undefined, geometry: GeoJSON.Geometry | null = null): Failure {
  const { code, location } = geometryProblemOf(reason);
  return new Failure('geometry_invalid', { field, problem: code }, {
    field,
    problem: code,
    fields: [problem(field, code, {})],
    geometry: location ? { type: 'Point', coordinates: location } : geometry,
  });
}

/** 422 `geometry_unreadable`: PostGIS could not read the geometry at all. */
export function unreadableGeometry(field: string, geometry: GeoJSON.Geometry | null = null): Failure {
  return new Failure('geometry_unreadable', { field }, { field, fields: [problem(field, 'geometry_unreadable', {})], geometry });
}
