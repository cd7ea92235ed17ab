import type { Queryable } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import { resolveBasedOnVersions } from './based-on-versions.ts';
import { editTolerances } from './edit-tolerances.ts';
import type { SplitRequest } from './grid-edit-requests.ts';
import { geoJsonOf, splitByLine, splitVersionByGeoJsonLine, union } from './grid-editing.repo.ts';
import { geometryFromRequest, requireReadableAndValid } from './geometry-input.ts';
import type { EditPolicy, LayoutChange } from './layout-change.ts';
import { extendLineEnds } from './line-ends.ts';

/**
 * Split: the planner draws a line across a grid (usually along a road) to cut it in two or more.
 * The largest piece keeps the grid's identity, code and worker; each other piece becomes a new,
 * vacant grid with the next free sequence. Parts of a multi-part grid the line does not touch stay
 * with the largest piece. Refused: a line that does not cross the grid, a piece below the minimum area.
 */
export async function planSplit(sql: Queryable, request: SplitRequest, policy: EditPolicy): Promise<LayoutChange> {
  const [grid] = await resolveBasedOnVersions(sql, [request.versionId]);
  const lineGeoJson: GeoJSON.LineString = { type: 'LineString', coordinates: extendLineEnds(request.line.coordinates, editTolerances.lineEndExtensionDegrees) };
  // the line read and checked and the grid cut in one statement; no row (PGlite may swallow a GEOS error): the two steps
  const cut = await splitVersionByGeoJsonLine(sql, grid!.versionId, lineGeoJson);
  if (cut) requireReadableAndValid(cut.line, lineGeoJson, 'line');
  const split = cut ? cut.pieces : await splitByLine(sql, grid!.geometry, await geometryFromRequest(sql, lineGeoJson, 'line'));
  const pieces = split.filter((piece) => piece.areaSquareMetres > editTolerances.noiseSquareMetres);
  if (pieces.length < 2) {
    throw new Failure('line_does_not_cross_grid', { code: grid!.code }, {
      field: 'line',
      geometry: request.line,
    });
  }
  const small = pieces.find((piece) => piece.areaSquareMetres < policy.gridMinAreaSquareMetres);
  if (small) {
    throw new Failure(
      'split_piece_too_small',
      { areaSquareMetres: Math.round(small.areaSquareMetres), minimumSquareMetres: policy.gridMinAreaSquareMetres },
      { field: 'line', geometry: await geoJsonOf(sql, small.geometry), areaSquareMetres: small.areaSquareMetres, minimumSquareMetres: policy.gridMinAreaSquareMetres },
    );
  }
  const [largest, ...others] = pieces;
  const cutPieces = others.filter((piece) => piece.touchesLine);
  const untouched = others.filter((piece) => !piece.touchesLine);
  const kept = untouched.length > 0 ? await union(sql, [largest!.geometry, ...untouched.map((piece) => piece.geometry)], 'split: the kept piece') : largest!.geometry;
  return {
    operation: 'split',
    communityId: grid!.communityId,
    versions: [{ gridId: grid!.gridId, geometry: kept }, ...cutPieces.map((piece) => ({ gridId: null, geometry: piece.geometry }))],
    removedGridIds: [],
    enforceMinimumArea: true,
    details: { gridId: grid!.gridId, code: grid!.code, pieces: pieces.length, line: request.line },
  };
}
