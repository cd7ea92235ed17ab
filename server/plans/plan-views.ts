import type { Sql, Queryable } from '../db/connect.ts';
import { readEditPolicy } from '../grids/edit-policy.ts';
import { communityFigureView, gridFigureViews, type CommunityFigureView, type GridFigureView } from '../grids/grid-figures.ts';
import type { RuleWarning } from '../grids/grid-rules.ts';
import { Failure, notFound } from '../http/failure.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { maskName } from '../personal-data/masking.ts';
import type { LayoutProblem } from './materialize-plan-layout.ts';
import { inPlanSandbox, layoutOfStep, planConflict, type Transaction } from './plan-sandbox.ts';
import { findPlan, latestStep, liveChangesSince, listSteps, versionRows, type LiveChange, type PlanRow } from './plans.repo.ts';

export interface PlanGridView extends GridFigureView {
  /** the grid's version is the plan's own (changed or new), not the live one */
  changed: boolean;
  isNewGrid: boolean;
}

export interface PlanDetail {
  plan: PlanRow;
  step: number;
  steps: Awaited<ReturnType<typeof listSteps>>;
  communities: (CommunityFigureView & { isNew: boolean; fromCommunityId: number | null })[];
  grids: PlanGridView[];
  problems: LayoutProblem[];
  /** live changes since the plan's base: non-empty means rebase or discard before going on */
  liveChanges: LiveChange[];
  canUndo: boolean;
}

/**
 * A plan as the planner sees it: its layout with live figures (households, workers, warnings) and
 * the problems publishing would refuse — computed in the plan's sandbox. When the live layout moved
 * on, the plan's grids are shown without figures and the live changes are listed.
 */
export async function planDetail(sql: Sql, planId: number): Promise<PlanDetail> {
  return sql.begin(async (transaction) => {
    const plan = await findPlan(transaction, planId);
    if (!plan) throw notFound('plan', planId);
    const step = await latestStep(transaction, planId);
    const steps = await listSteps(transaction, planId);
    const baseIds = new Set(plan.baseVersionIds.map(Number));
    const baseGridIds = new Set((await versionRows(transaction, [...baseIds])).map((row) => row.gridId));
    const liveChanges = plan.status === 'draft' || plan.status === 'conflicted' || plan.status === 'scheduled'
      ? await liveChangesSince(transaction, plan.communityIds, [...baseIds])
      : [];
    const effective = step.operation === 'undo' && step.details?.restoredStep !== undefined ? Number(step.details.restoredStep) : step.step;
    const view = async (source: Queryable) => {
      const policy = await readEditPolicy(source);
      const communities = [];
      const grids: PlanGridView[] = [];
      for (const community of step.communities) {
        const figures = await communityFigureView(source, community.communityId, policy);
        communities.push({ ...figures, isNew: community.isNew, fromCommunityId: community.fromCommunityId });
        for (const grid of await gridFigureViews(source, { communityId: community.communityId }, policy, true)) {
          grids.push({ ...grid, changed: !baseIds.has(grid.versionId), isNewGrid: !baseGridIds.has(grid.gridId) });
        }
      }
      return { communities, grids };
    };
    if (plan.status === 'published' || plan.status === 'discarded' || liveChanges.length > 0) {
      // no sandbox: a published plan is history, a discarded or stale one may no longer fit the live layout
      const rows = await versionRows(transaction, step.versionIds.map(Number));
      const geometries = await transaction<{ versionId: number; geometry: GeoJSON.MultiPolygon; bbox: [number, number, number, number]; areaSquareMetres: number }[]>`
        select id::float8 as version_id, ST_AsGeoJSON(geometry::geometry, 9)::json as geometry, area_square_metres(geometry::geometry)::float8 as area_square_metres,
               array[ST_XMin(geometry::geometry), ST_YMin(geometry::geometry), ST_XMax(geometry::geometry), ST_YMax(geometry::geometry)]::float8[] as bbox
          from unnest(${rows.map((row) => row.geometry)}::text[], ${rows.map((row) => row.versionId)}::bigint[]) as u(geometry, id)`;
      const grids: PlanGridView[] = rows.map((row) => {
        const shape = geometries.find((candidate) => candidate.versionId === row.versionId)!;
        return {
          gridId: row.gridId, versionId: row.versionId, code: row.code, name: row.name, communityId: row.communityId,
          workerId: null, workerName: null, households: 0, residents: 0, buildings: 0,
          areaSquareMetres: shape.areaSquareMetres, partCount: shape.geometry.coordinates.length, bbox: shape.bbox,
          geometry: shape.geometry, vacant: false, householdDeviation: 0, warnings: [],
          changed: !baseIds.has(row.versionId), isNewGrid: !baseGridIds.has(row.gridId),
        };
      });
      const policy = await readEditPolicy(transaction);
      const communities = [];
      for (const community of step.communities.filter((candidate) => !candidate.isNew)) {
        communities.push({ ...(await communityFigureView(transaction, community.communityId, policy)), isNew: false, fromCommunityId: null });
      }
      return { plan, step: step.step, steps, communities, grids, problems: [], liveChanges, canUndo: false };
    }
    const { communities, grids, problems } = await inPlanSandbox(transaction as Transaction, layoutOfStep(planId, step), async (sandbox, materialized) => ({
      ...(await view(sandbox)),
      problems: materialized.problems,
    }));
    return { plan, step: step.step, steps, communities, grids, problems, liveChanges, canUndo: plan.status === 'draft' && effective > 0 };
  });
}

export interface GridChange {
  gridId: number;
  code: string;
  name: string;
  communityCode: string;
  householdsBefore: number | null;
  householdsAfter: number | null;
  areaBefore: number | null;
  areaAfter: number | null;
  workerName: string | null;
  previousCode: string | null;
}

export interface PlanComparison {
  planId: number;
  planName: string;
  generatedAt: string;
  summary: {
    gridsBefore: number;
    gridsAfter: number;
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
    householdsMoving: number;
    incidentsMoving: number;
    workersAffected: number;
    warningsBefore: number;
    warningsAfter: number;
  };
  communities: { communityId: number; code: string; name: string; isNew: boolean; gridsBefore: number; gridsAfter: number; householdsBefore: number; householdsAfter: number }[];
  added: GridChange[];
  removed: GridChange[];
  changed: GridChange[];
  /** households that change grid: masked head name, the building address, from and to */
  households: { householdId: number; address: string; headName: string | null; fromCode: string; toCode: string }[];
  householdMoves: { fromCode: string; toCode: string; count: number }[];
  incidents: { incidentId: number; trackingCode: string; category: string; status: string; fromCode: string; toCode: string }[];
  workers: { workerId: number; name: string; gridCode: string; change: WorkerChange; householdsBefore: number; householdsAfter: number | null }[];
  warningsBefore: RuleWarning[];
  warningsAfter: RuleWarning[];
  problems: LayoutProblem[];
  /** grids before and after for the map (GeoJSON, without figures) */
  before: ReturnType<typeof featureCollection>;
  after: ReturnType<typeof featureCollection>;
}

const householdListLimit = 2_000;

/** What happens to a worker's grid: removed (they need a new one), reshaped, or the same ground under a new code or community. */
export type WorkerChange = 'grid_removed' | 'grid_changed' | 'grid_moved_to_community' | 'grid_renumbered';

function workerChange(before: GridFigureView, after: GridFigureView | undefined): WorkerChange {
  if (!after) return 'grid_removed';
  const sameGround = Math.abs(before.areaSquareMetres - after.areaSquareMetres) < 1 && before.households === after.households
    && before.bbox.every((value, index) => Math.abs(value - after.bbox[index]!) < 1e-8);
  if (!sameGround) return 'grid_changed';
  return before.communityId !== after.communityId ? 'grid_moved_to_community' : 'grid_renumbered';
}

interface Snapshot {
  grids: GridFigureView[];
  communities: CommunityFigureView[];
  households: Map<number, number>;
  incidents: Map<number, number>;
  gridCodes: Map<number, string>;
}

async function snapshot(source: Queryable, communityIds: number[]): Promise<Snapshot> {
  const policy = await readEditPolicy(source);
  const grids: GridFigureView[] = [];
  const communities: CommunityFigureView[] = [];
  for (const communityId of communityIds) {
    communities.push(await communityFigureView(source, communityId, policy));
    grids.push(...(await gridFigureViews(source, { communityId }, policy, true)));
  }
  const households = await source<{ id: number; gridId: number }[]>`
    select h.id, h.grid_id from households h join buildings b on b.id = h.building_id where b.community_id = any(${communityIds}::int[])
    union
    select h.id, h.grid_id from households h where h.grid_id = any(${grids.map((grid) => grid.gridId)}::int[])`;
  const incidents = await source<{ id: number; gridId: number }[]>`
    select id::float8 as id, grid_id from incidents
     where grid_id = any(${grids.map((grid) => grid.gridId)}::int[]) and status not in ('closed', 'rejected')`;
  return {
    grids,
    communities,
    households: new Map(households.map((row) => [row.id, row.gridId])),
    incidents: new Map(incidents.map((row) => [row.id, row.gridId])),
    gridCodes: new Map(grids.map((grid) => [grid.gridId, grid.code])),
  };
}

const featureCollection = (grids: GridFigureView[]) => ({
  type: 'FeatureCollection' as const,
  features: grids.map((grid) => ({
    type: 'Feature' as const,
    id: grid.gridId,
    geometry: grid.geometry!,
    properties: { gridId: grid.gridId, versionId: grid.versionId, code: grid.code, name: grid.name, households: grid.households, workerName: grid.workerName },
  })),
});

/**
 * The change report leaders see before a plan is published: grids added, removed and changed,
 * households and open incidents that change grid, workers whose grid changes, rule warnings before
 * and after. Before is the live layout; after is the plan's layout in its sandbox.
 */
export async function comparePlan(sql: Sql, dataKey: DataKey, planId: number): Promise<PlanComparison> {
  return sql.begin(async (transaction) => {
    const plan = await findPlan(transaction, planId);
    if (!plan) throw notFound('plan', planId);
    if (plan.status === 'published' || plan.status === 'discarded') {
      throw new Failure('plan_not_comparable', { name: plan.name, status: plan.status }, { planId, status: plan.status });
    }
    const changes = await liveChangesSince(transaction, plan.communityIds, plan.baseVersionIds.map(Number));
    if (changes.length > 0) throw planConflict(plan, changes);
    const step = await latestStep(transaction, planId);
    const before = await snapshot(transaction, plan.communityIds);
    const { after, problems, moved } = await inPlanSandbox(transaction as Transaction, layoutOfStep(planId, step), async (sandbox, materialized) => {
      const after = await snapshot(sandbox, step.communities.map((community) => community.communityId));
      const movedIds = [...after.households].filter(([id, gridId]) => before.households.get(id) !== gridId).map(([id]) => id);
      const moved = await sandbox<{ id: number; address: string; headName: string | null }[]>`
        select h.id, concat_ws('', b.complex_name, b.number || '栋', h.unit || '单元', h.room || '室') as address, h.head_name
          from households h join buildings b on b.id = h.building_id
         where h.id = any(${movedIds.slice(0, householdListLimit)}::int[]) order by b.complex_name, b.number, h.unit, h.room`;
      return { after, problems: materialized.problems, moved: { count: movedIds.length, rows: moved } };
    });
    const codeBefore = (gridId: number) => before.gridCodes.get(gridId) ?? '—';
    const codeAfter = (gridId: number) => after.gridCodes.get(gridId) ?? '—';
    const communityCode = (communityId: number) =>
      after.communities.find((community) => community.communityId === communityId)?.code ??
      before.communities.find((community) => community.communityId === communityId)?.code ?? '';
    const beforeByGrid = new Map(before.grids.map((grid) => [grid.gridId, grid]));
    const afterByGrid = new Map(after.grids.map((grid) => [grid.gridId, grid]));
    const describe = (gridId: number): GridChange => {
      const was = beforeByGrid.get(gridId);
      const is = afterByGrid.get(gridId);
      return {
        gridId,
        code: (is ?? was)!.code,
        name: (is ?? was)!.name,
        communityCode: communityCode((is ?? was)!.communityId),
        householdsBefore: was?.households ?? null,
        householdsAfter: is?.households ?? null,
        areaBefore: was?.areaSquareMetres ?? null,
        areaAfter: is?.areaSquareMetres ?? null,
        workerName: (was ?? is)!.workerName,
        previousCode: was && is && was.code !== is.code ? was.code : null,
      };
    };
    const added = after.grids.filter((grid) => !beforeByGrid.has(grid.gridId)).map((grid) => describe(grid.gridId));
    const removed = before.grids.filter((grid) => !afterByGrid.has(grid.gridId)).map((grid) => describe(grid.gridId));
    const changed = after.grids
      .filter((grid) => beforeByGrid.has(grid.gridId) && beforeByGrid.get(grid.gridId)!.versionId !== grid.versionId)
      .map((grid) => describe(grid.gridId));

    const householdMoves = new Map<string, number>();
    for (const [id, gridId] of after.households) {
      const from = before.households.get(id);
      if (from === undefined || from === gridId) continue;
      const key = `${codeBefore(from)}→${codeAfter(gridId)}`;
      householdMoves.set(key, (householdMoves.get(key) ?? 0) + 1);
    }
    const movedIncidentIds = [...after.incidents].filter(([id, gridId]) => before.incidents.get(id) !== gridId).map(([id]) => id);
    const incidentRows = await transaction<{ id: number; trackingCode: string; category: string; status: string }[]>`
      select i.id::float8 as id, i.tracking_code, c.name_zh as category, i.status
        from incidents i join incident_categories c on c.code = i.category_code
       where i.id = any(${movedIncidentIds}::bigint[]) order by i.reported_at desc`;
    const workers = before.grids
      .filter((grid) => grid.workerId !== null && (!afterByGrid.has(grid.gridId) || afterByGrid.get(grid.gridId)!.versionId !== grid.versionId))
      .map((grid) => ({
        workerId: grid.workerId!,
        name: grid.workerName ?? '',
        gridCode: grid.code,
        change: workerChange(grid, afterByGrid.get(grid.gridId)),
        householdsBefore: grid.households,
        householdsAfter: afterByGrid.get(grid.gridId)?.households ?? null,
      }));
    const warningsBefore = [...before.grids.flatMap((grid) => grid.warnings), ...before.communities.flatMap((community) => community.warnings)];
    const warningsAfter = [...after.grids.flatMap((grid) => grid.warnings), ...after.communities.flatMap((community) => community.warnings)];
    return {
      planId,
      planName: plan.name,
      generatedAt: new Date().toISOString(),
      summary: {
        gridsBefore: before.grids.length,
        gridsAfter: after.grids.length,
        added: added.length,
        removed: removed.length,
        changed: changed.length,
        unchanged: after.grids.length - added.length - changed.length,
        householdsMoving: moved.count,
        incidentsMoving: movedIncidentIds.length,
        workersAffected: workers.length,
        warningsBefore: warningsBefore.length,
        warningsAfter: warningsAfter.length,
      },
      communities: after.communities.map((community) => {
        const was = before.communities.find((candidate) => candidate.communityId === community.communityId);
        const planCommunity = step.communities.find((candidate) => candidate.communityId === community.communityId);
        return {
          communityId: community.communityId, code: community.code, name: community.name, isNew: planCommunity?.isNew ?? false,
          gridsBefore: was?.gridCount ?? 0, gridsAfter: community.gridCount, householdsBefore: was?.households ?? 0, householdsAfter: community.households,
        };
      }),
      added,
      removed,
      changed,
      households: moved.rows.map((row) => ({
        householdId: row.id,
        address: row.address,
        // masked (张*) for everyone who reads a plan report, its workbook too: planners need the
        // address, not the person; the stored name is sealed (0026), opened only to be masked
        headName: maskName(dataKey.openOptional(row.headName)),
        fromCode: codeBefore(before.households.get(row.id)!),
        toCode: codeAfter(after.households.get(row.id)!),
      })),
      householdMoves: [...householdMoves].map(([key, count]) => {
        const [fromCode, toCode] = key.split('→') as [string, string];
        return { fromCode, toCode, count };
      }).sort((a, b) => b.count - a.count),
      incidents: incidentRows.map((row) => ({
        incidentId: row.id, trackingCode: row.trackingCode, category: row.category, status: row.status,
        fromCode: codeBefore(before.incidents.get(row.id)!), toCode: codeAfter(after.incidents.get(row.id)!),
      })),
      workers,
      warningsBefore,
      warningsAfter,
      problems,
      before: featureCollection(before.grids),
      after: featureCollection(after.grids),
    };
  });
}
