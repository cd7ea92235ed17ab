/**
 * Tolerances of the grid-editing checks, stated in metres. Geometry is stored in degrees; areas
 * are measured with `area_square_metres` (migration 0005: stable for noise slivers, where
 * ST_Area(::geography) is not) and lengths on the spheroid, so these numbers mean what they say.
 */
export const editTolerances = {
  /** Two sibling grids may share at most this much area (floating-point noise along a shared edge).
   *  Equal to the deferred overlap trigger of 0001, which guards again at commit. */
  overlapSquareMetres: 0.5,
  /** An edit may leave at most this much of previously covered area uncovered. */
  gapSquareMetres: 1,
  /** A grid may reach at most this much outside its community. */
  outsideCommunitySquareMetres: 1,
  /** An edit whose grids cover what they covered before up to this much, both ways (the noise of snapping a cut
   *  to the lattice), leaves the community's uncovered area as it was: it is reported unchanged, not measured again. */
  coverageUnchangedSquareMetres: 0.001,
  /** Area given up or taken below this is noise, not a change. */
  noiseSquareMetres: 1,
  /** Two grids are neighbours when their boundaries run together for at least this length. */
  sharedBoundaryMetres: 1,
  /** Boundaries closer than this (degrees, about 1 cm) count as touching. */
  touchingDegrees: 1e-7,
  /** Results are snapped to a lattice of this size (degrees, about 0.1 mm) with ST_ReducePrecision. */
  precisionDegrees: 1e-9,
  /** A split line's ends are extended by this much (degrees, about 10 cm) so a line drawn to a
   *  snapped boundary point crosses the boundary instead of stopping a rounding error short. */
  lineEndExtensionDegrees: 1e-6,
} as const;
