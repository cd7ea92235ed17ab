import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { requireStillCurrent, resolveBasedOnVersions } from './based-on-versions.ts';
import { editTolerances } from './edit-tolerances.ts';
import type { ReshapeRequest } from './grid-edit-requests.ts';
import {
  communityBoundary,
  currentVersionsOfCommunity,
  difference,
  geoJsonOf,
  intersection,
  isTouching,
  measure,
  partsOf,
  union,
  type GeometryHex,
} from './grid-editing.repo.ts';
import { geometryFromRequest } from './geometry-input.ts';
import type { LayoutChange, NextVersion } from './layout-change.ts';

/**
 * Reshape: the planner moves, adds or deletes vertices of a grid's outline — to follow a road
 * that was built, or to balance household counts. Area the new outline takes from neighbours is
 * removed from them; area it gives up goes to the neighbour the planner names as receiver (a gap
 * is never left; without a receiver, giving up area is refused). The outline may not reach outside
 * the community, nor swallow a neighbour whole (merge for that).
 */
export async function planReshape(sql: Queryable, request: ReshapeRequest): Promise<LayoutChange> {
  const named = request.receiverVersionId !== undefined ? [request.versionId, request.receiverVersionId] : [request.versionId];
  if (request.receiverVersionId === request.versionId) {
    throw invalidRequest([problem('receiverVersionId', 'same_grid_twice', {})]);
  }
  const [grid, receiver] = await resolveBasedOnVersions(sql, named);
  const drawn = await geometryFromRequest(sql, request.geometry, 'geometry');
  const boundary = await communityBoundary(sql, grid!.communityId);

  const outside = await measure(sql, await difference(sql, drawn, boundary, 'reshape: part outside the community'));
  if (outside.areaSquareMetres > editTolerances.outsideCommunitySquareMetres) {
    throw new Failure('outline_outside_community', { areaSquareMetres: Math.round(outside.areaSquareMetres) }, {
      field: 'geometry',
      geometry: outside.geoJson,
    });
  }
  const shape = await intersection(sql, drawn, boundary, 'reshape: outline inside the community');

  // area given up
  const given = await difference(sql, grid!.geometry, shape, 'reshape: area given up');
  const givenParts = await partsOf(sql, given, editTolerances.noiseSquareMetres);
  let newShape: GeometryHex;
  let givenToReceiver: GeometryHex | undefined;
  if (givenParts.length === 0) {
    // nothing but noise given up: keep it, so not even a sliver is left uncovered
    newShape = await union(sql, [shape, grid!.geometry], 'reshape: outline with the noise kept');
  } else if (!receiver) {
    throw new Failure('receiver_required', {}, {
      field: 'receiverVersionId',
      geometry: await geoJsonOf(sql, given),
    });
  } else {
    for (const part of givenParts) {
      if (!(await isTouching(sql, part.geometry, receiver.geometry))) {
        throw new Failure('receiver_not_adjacent', { code: receiver.code }, {
          field: 'receiverVersionId',
          geometry: await geoJsonOf(sql, part.geometry),
        });
      }
    }
    // the receiver takes the real parts; slivers below the noise level stay with the grid
    givenToReceiver = await union(sql, givenParts.map((part) => part.geometry), 'reshape: area given up');
    newShape = await difference(sql, await union(sql, [shape, grid!.geometry], 'reshape: old and new outline'), givenToReceiver, 'reshape: new outline');
  }

  // area taken from neighbours
  const siblings = (await currentVersionsOfCommunity(sql, grid!.communityId)).filter((sibling) => sibling.gridId !== grid!.gridId);
  const versions: NextVersion[] = [];
  const touched: number[] = [];
  for (const sibling of siblings) {
    const isReceiver = sibling.gridId === receiver?.gridId;
    const taken = await measure(sql, await intersection(sql, sibling.geometry, shape, 'reshape: area taken from a neighbour'));
    if (taken.areaSquareMetres <= editTolerances.noiseSquareMetres && !isReceiver) continue;
    touched.push(sibling.gridId);
    let next = taken.areaSquareMetres > editTolerances.noiseSquareMetres ? await difference(sql, sibling.geometry, shape, 'reshape: neighbour minus the new outline') : sibling.geometry;
    if (isReceiver && givenToReceiver) next = await union(sql, [next, givenToReceiver], 'reshape: receiver with the area given up');
    const remaining = await measure(sql, next);
    if (remaining.areaSquareMetres <= editTolerances.noiseSquareMetres) {
      throw new Failure('outline_covers_grid', { code: sibling.code }, {
        field: 'geometry',
        geometry: await geoJsonOf(sql, sibling.geometry),
      });
    }
    versions.push({ gridId: sibling.gridId, geometry: next });
  }
  await requireStillCurrent(sql, request.basedOnVersionIds ?? [], touched);
  return {
    operation: 'reshape',
    communityId: grid!.communityId,
    versions: [{ gridId: grid!.gridId, geometry: newShape }, ...versions],
    removedGridIds: [],
    enforceMinimumArea: true,
    details: { gridId: grid!.gridId, code: grid!.code, receiver: receiver?.code ?? null, neighboursChanged: touched.length },
  };
}
