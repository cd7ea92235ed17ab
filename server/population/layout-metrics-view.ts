import type { CommunityLayoutMetrics, GridMetrics, LayoutMetrics, PlanMetrics } from '../../contract/population.ts';
import type { Queryable } from '../db/connect.ts';
import { notFound } from '../http/failure.ts';
import { readEditPolicy } from '../grids/edit-policy.ts';
import { householdDeviation } from '../grids/grid-rules.ts';
import { union } from '../grids/grid-editing.repo.ts';
import { boundaryMetrics, shapeMetrics } from '../grids/layout-metrics.ts';
import { currentLayout, findPlan, latestStep, versionRows, type LayoutVersion } from '../plans/plans.repo.ts';

/**
 * Plan metrics (issue 19): for a layout — a plan's, or a community's live one — each grid's
 * household deviation from the target, compactness (Polsby–Popper, convex-hull ratio), contiguity
 * and workload index, and for the whole: how much of the boundaries between grids follows roads
 * and how unevenly the work is spread. Households and incidents are counted where they are, so a
 * plan's grids are measured without publishing them. Used by the plan comparison and the editor.
 */
export async function metricsOfLayout(sql: Queryable, versions: LayoutVersion[]): Promise<LayoutMetrics> {
  const policy = await readEditPolicy(sql);
  if (versions.length === 0) {
    return {
      summary: {
        grids: 0, households: 0, gridsOutsideTarget: 0, meanAbsoluteHouseholdDeviation: 0, meanPolsbyPopper: 0, meanConvexHullRatio: 0,
        allContiguous: true, innerBoundaryMetres: 0, boundaryOnRoadsShare: 1, workloadSpread: 0, workloadVariation: 0,
      },
      grids: [],
    };
  }
  const geometries = versions.map((version) => version.geometry);
  const shapes = await shapeMetrics(sql, geometries);
  const incidents = await sql<{ position: number; incidents: number }[]>`
    select t.position::int as position,
           (select count(*) from incidents i where ST_Covers(t.hex::geometry, i.location) and i.reported_at > now() - interval '365 days')::int as incidents
      from unnest(${geometries}::text[]) with ordinality as t(hex, position)
     order by t.position`;
  // the boundaries between grids of one community (its outline is not a boundary a plan draws)
  let innerBoundaryMetres = 0;
  let onRoadsMetres = 0;
  for (const communityId of [...new Set(versions.map((version) => version.communityId))]) {
    const members = versions.filter((version) => version.communityId === communityId).map((version) => version.geometry);
    if (members.length < 2) continue;
    const outline = await union(sql, members, 'layout metrics: the community outline');
    const boundaries = await boundaryMetrics(sql, members, outline);
    innerBoundaryMetres += boundaries.cutMetres;
    onRoadsMetres += boundaries.onRoadsMetres;
  }
  const meanHouseholds = average(shapes.map((shape) => shape.households));
  const meanIncidents = average(incidents.map((row) => row.incidents));
  const grids: GridMetrics[] = versions.map((version, index) => {
    const shape = shapes[index]!;
    const incidentCount = incidents[index]?.incidents ?? 0;
    const workload = ((meanHouseholds > 0 ? shape.households / meanHouseholds : 1) + (meanIncidents > 0 ? incidentCount / meanIncidents : 1)) / 2;
    return {
      gridId: version.gridId, versionId: version.versionId, code: version.code, name: version.name, communityId: version.communityId,
      households: shape.households,
      householdDeviation: householdDeviation(shape.households, policy),
      incidentsLastYear: incidentCount,
      workloadIndex: round(workload),
      areaSquareMetres: Math.round(shape.areaSquareMetres),
      polsbyPopper: round(shape.polsbyPopper),
      convexHullRatio: round(shape.convexHullRatio),
      contiguous: shape.partCount === 1,
    };
  });
  const workloads = grids.map((grid) => grid.workloadIndex);
  const meanWorkload = average(workloads);
  const deviation = Math.sqrt(average(workloads.map((value) => (value - meanWorkload) ** 2)));
  return {
    summary: {
      grids: grids.length,
      households: grids.reduce((sum, grid) => sum + grid.households, 0),
      gridsOutsideTarget: grids.filter((grid) => grid.householdDeviation !== 0).length,
      meanAbsoluteHouseholdDeviation: round(average(grids.map((grid) => Math.abs(grid.householdDeviation)))),
      meanPolsbyPopper: round(average(grids.map((grid) => grid.polsbyPopper))),
      meanConvexHullRatio: round(average(grids.map((grid) => grid.convexHullRatio))),
      allContiguous: grids.every((grid) => grid.contiguous),
      innerBoundaryMetres: Math.round(innerBoundaryMetres),
      boundaryOnRoadsShare: round(innerBoundaryMetres > 0 ? onRoadsMetres / innerBoundaryMetres : 1),
      workloadSpread: round(Math.max(...workloads) - Math.min(...workloads)),
      workloadVariation: round(meanWorkload > 0 ? deviation / meanWorkload : 0),
    },
    grids,
  };
}

/** A plan's metrics before (the live layout it started from) and after (its layout now). */
export async function planMetrics(sql: Queryable, planId: number): Promise<PlanMetrics> {
  const plan = await findPlan(sql, planId);
  if (!plan) throw notFound('plan', planId);
  const step = await latestStep(sql, planId);
  const [before, after] = await Promise.all([
    versionRows(sql, plan.baseVersionIds.map(Number)),
    versionRows(sql, step.versionIds.map(Number)),
  ]);
  return { planId, before: await metricsOfLayout(sql, before), after: await metricsOfLayout(sql, after) };
}

/** The same figures for the live layout of one community. */
export async function communityLayoutMetrics(sql: Queryable, communityId: number): Promise<CommunityLayoutMetrics> {
  const [community] = await sql<{ id: number; code: string; name: string }[]>`select id, code, name from communities where id = ${communityId}`;
  if (!community) throw notFound('community', communityId);
  const metrics = await metricsOfLayout(sql, await currentLayout(sql, [communityId]));
  return { communityId, code: community.code, name: community.name, ...metrics };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const average = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
