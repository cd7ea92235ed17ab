import type { AutoSplitAlternative, AutoSplitApplyRequest, AutoSplitPreview, AutoSplitRequest } from '../../contract/population.ts';
import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { facesAlongRoads, faceAdjacency, partShapes } from './auto-split.repo.ts';
import { resolveBasedOnVersions } from './based-on-versions.ts';
import { geoJsonOf, type GeometryHex } from './grid-editing.repo.ts';
import type { CurrentVersion } from './grid-editing.repo.ts';
import type { EditPolicy, LayoutChange } from './layout-change.ts';
import { boundaryMetrics, shapeMetrics } from './layout-metrics.ts';
import { partitionFaces, type Face } from './partition-faces.ts';

/**
 * Auto-split: the planner is told a grid is too full and asks for it in k parts. The grid is cut
 * along every road through it (streets and estate roads — never through a building), the pieces
 * are dealt into k connected parts with balanced households (partition-faces.ts), and the best
 * 2–3 alternatives come back with their figures. Applying one (`planAutoSplit`) is a split through
 * the one write path: the part with the most households keeps the grid's identity, code and worker,
 * the others become new vacant grids. Refused: k outside 2–10, too few households (each part
 * needs half the grid minimum) or too few pieces for k, no connected way to cut it.
 */
export const autoSplitLimits = { minimumParts: 2, maximumParts: 10, wanted: 3 } as const;

interface ComputedAlternative {
  alternative: AutoSplitAlternative;
  shapes: GeometryHex[];
}

async function computeAlternatives(
  sql: Queryable,
  request: AutoSplitRequest,
  policy: EditPolicy,
): Promise<{ grid: CurrentVersion; households: number; pieces: number; computed: ComputedAlternative[] }> {
  const { minimumParts, maximumParts, wanted } = autoSplitLimits;
  if (!Number.isInteger(request.parts) || request.parts < minimumParts || request.parts > maximumParts) {
    throw invalidRequest([problem('parts', 'out_of_range', { minimum: minimumParts, maximum: maximumParts })]);
  }
  const [grid] = await resolveBasedOnVersions(sql, [request.versionId]);
  const faces = await facesAlongRoads(sql, grid!.geometry);
  const households = faces.reduce((sum, face) => sum + face.households, 0);
  const minimumPerPart = Math.ceil(policy.gridHouseholdsMin / 2);
  if (households < request.parts * minimumPerPart) {
    throw new Failure('auto_split_too_few_households', { code: grid!.code, households, parts: request.parts, minimumPerPart }, { field: 'parts', households, minimumPerPart });
  }
  if (faces.length < request.parts) {
    throw new Failure('auto_split_too_few_units', { code: grid!.code, units: faces.length, parts: request.parts }, { field: 'parts', pieces: faces.length });
  }
  const faceGeometries = faces.map((face) => face.geometry);
  const adjacency = await faceAdjacency(sql, faceGeometries);
  const inputs: Face[] = faces.map((face, index) => ({ index, households: face.households, x: face.x, y: face.y, areaSquareMetres: face.areaSquareMetres }));
  const candidates = partitionFaces(inputs, adjacency, request.parts, wanted + 2);
  const computed: ComputedAlternative[] = [];
  for (const candidate of candidates.slice(0, wanted + 1)) {
    const shapes = await partShapes(sql, grid!.geometry, faceGeometries, candidate.assignment, request.parts);
    const metrics = await shapeMetrics(sql, shapes);
    // a part below the minimum area would be refused by the write path: not an alternative
    if (metrics.some((part) => part.areaSquareMetres < policy.gridMinAreaSquareMetres)) continue;
    const boundaries = await boundaryMetrics(sql, shapes, grid!.geometry);
    const counts = metrics.map((part) => part.households);
    const mean = counts.reduce((sum, value) => sum + value, 0) / counts.length;
    const parts = await Promise.all(metrics.map(async (part, index) => ({
      households: part.households,
      residents: part.residents,
      buildings: part.buildings,
      areaSquareMetres: Math.round(part.areaSquareMetres),
      polsbyPopper: round(part.polsbyPopper),
      convexHullRatio: round(part.convexHullRatio),
      contiguous: part.partCount === 1,
      withinTarget: part.households >= policy.gridHouseholdsMin && part.households <= policy.gridHouseholdsMax,
      geometry: (await geoJsonOf(sql, shapes[index]!)) as AutoSplitAlternative['parts'][number]['geometry'],
    })));
    computed.push({
      shapes,
      alternative: {
        index: computed.length,
        method: candidate.label,
        parts,
        metrics: {
          householdSpread: round(mean === 0 ? 0 : (Math.max(...counts) - Math.min(...counts)) / mean),
          maxDeviationFromMean: round(mean === 0 ? 0 : Math.max(...counts.map((value) => Math.abs(value - mean))) / mean),
          cutMetres: Math.round(boundaries.cutMetres),
          cutOnRoadsShare: round(boundaries.onRoadsShare),
          meanPolsbyPopper: round(average(parts.map((part) => part.polsbyPopper))),
          meanConvexHullRatio: round(average(parts.map((part) => part.convexHullRatio))),
          allContiguous: parts.every((part) => part.contiguous),
          partsWithinTarget: parts.filter((part) => part.withinTarget).length,
        },
      },
    });
  }
  // best first: balance, then compactness (an L-shaped part costs a little balance)
  const score = (entry: ComputedAlternative) => entry.alternative.metrics.maxDeviationFromMean + 0.25 * (1 - entry.alternative.metrics.meanConvexHullRatio);
  computed.sort((a, b) => score(a) - score(b));
  computed.splice(wanted);
  computed.forEach((entry, index) => (entry.alternative.index = index));
  if (computed.length === 0) {
    throw new Failure('auto_split_no_alternative', { code: grid!.code, parts: request.parts }, { field: 'parts', pieces: faces.length });
  }
  return { grid: grid!, households, pieces: faces.length, computed };
}

/** The alternatives for splitting a grid into `parts` (nothing is written). */
export async function autoSplitAlternatives(sql: Queryable, request: AutoSplitRequest, policy: EditPolicy): Promise<AutoSplitPreview> {
  const { grid, households, pieces, computed } = await computeAlternatives(sql, request, policy);
  return {
    gridId: grid.gridId,
    versionId: grid.versionId,
    code: grid.code,
    name: grid.name,
    households,
    parts: request.parts,
    pieces,
    targetMinimum: policy.gridHouseholdsMin,
    targetMaximum: policy.gridHouseholdsMax,
    alternatives: computed.map((entry) => entry.alternative),
  };
}

/** Apply alternative `request.alternative` (the preview's index; the computation is deterministic) as a split. */
export async function planAutoSplit(sql: Queryable, request: AutoSplitApplyRequest, policy: EditPolicy): Promise<LayoutChange> {
  const { grid, computed } = await computeAlternatives(sql, request, policy);
  const chosen = computed[request.alternative];
  if (!chosen) throw invalidRequest([problem('alternative', 'out_of_range', { minimum: 0, maximum: computed.length - 1 })]);
  const households = chosen.alternative.parts.map((part) => part.households);
  const keeper = households.indexOf(Math.max(...households));
  return {
    operation: 'split',
    communityId: grid.communityId,
    versions: chosen.shapes.map((geometry, index) => ({ gridId: index === keeper ? grid.gridId : null, geometry })),
    removedGridIds: [],
    enforceMinimumArea: true,
    details: {
      gridId: grid.gridId, code: grid.code, pieces: request.parts,
      autoSplit: { parts: request.parts, alternative: request.alternative, method: chosen.alternative.method, households },
    },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const average = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
