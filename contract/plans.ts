import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, geometrySchema, instantSchema, multiPolygonSchema } from './common.ts';
import { communityFiguresSchema, gridEditResultSchema, gridFiguresSchema, ruleWarningSchema } from './grid-edits.ts';

/** Draft plans (方案): edit a copy of the layout, compare it with the live one, publish it on a date. */

export const planStatusSchema = z.enum(['draft', 'scheduled', 'published', 'discarded', 'conflicted']).openapi('PlanStatus');

export const planSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    note: z.string().nullable(),
    status: planStatusSchema,
    communityIds: z.array(z.number().int()),
    baseVersionIds: z.array(z.number().int()),
    rollsBackPlanId: z.number().int().nullable(),
    createdBy: z.number().int().nullable(),
    createdByName: z.string().nullable(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    effectiveAt: instantSchema.nullable(),
    publishedAt: instantSchema.nullable(),
    publishedBy: z.number().int().nullable(),
    publishedByName: z.string().nullable(),
    discardedAt: instantSchema.nullable(),
    /** why a scheduled plan was not published: a failure code (plan_conflict, plan_layout_invalid, …) */
    statusReason: z.string().nullable(),
    /** statusReason in the request's language */
    statusReasonMessage: z.string().nullable(),
  })
  .openapi('Plan');

export const planListItemSchema = planSchema
  .extend({
    communityNames: z.array(z.string()),
    stepCount: z.number().int(),
    lastChangeAt: instantSchema,
    /** the live layout of its communities moved on since the plan's base */
    stale: z.boolean(),
  })
  .openapi('PlanListItem');
export const planListSchema = z.object({ plans: z.array(planListItemSchema) }).openapi('PlanList');

export const planStepSchema = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    step: z.number().int(),
    operation: z.enum(['open', 'split', 'merge', 'reshape', 'fill', 'move_block', 'create_community', 'undo', 'rebase', 'import']),
    at: instantSchema,
    changedBy: z.number().int().nullable(),
    changedByName: z.string().nullable(),
    changeNote: z.string().nullable(),
    undoesStep: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('PlanStep');

export const layoutProblemSchema = z
  .object({
    code: z.enum(['overlap', 'gap', 'households_orphaned', 'community_without_grids']),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    /** rendered in the request's language */
    message: z.string(),
    geometry: geometrySchema.nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('LayoutProblem');

export const liveChangeSchema = z
  .object({
    gridId: z.number().int(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['changed', 'removed', 'added']),
    changedAt: instantSchema.nullable(),
    changedByName: z.string().nullable(),
    changeNote: z.string().nullable(),
  })
  .openapi('LiveChange');

export const planGridSchema = gridFiguresSchema
  .extend({ changed: z.boolean().openapi({ description: "the version is the plan's own" }), isNewGrid: z.boolean() })
  .openapi('PlanGrid');
export const planCommunitySchema = communityFiguresSchema
  .extend({ isNew: z.boolean(), fromCommunityId: z.number().int().nullable() })
  .openapi('PlanCommunity');

export const planDetailSchema = z
  .object({
    plan: planSchema,
    step: z.number().int(),
    steps: z.array(planStepSchema),
    communities: z.array(planCommunitySchema),
    grids: z.array(planGridSchema),
    problems: z.array(layoutProblemSchema),
    /** live changes since the plan's base: non-empty means rebase or discard before going on */
    liveChanges: z.array(liveChangeSchema),
    canUndo: z.boolean(),
  })
  .openapi('PlanDetail');

export const planEditResultSchema = gridEditResultSchema
  .extend({ planId: z.number().int(), planStep: z.number().int().nullable() })
  .openapi('PlanEditResult');

export const createdCommunitySchema = z
  .object({
    communityId: z.number().int(),
    code: z.string(),
    name: z.string(),
    fromCommunityId: z.number().int(),
    grids: z.array(z.object({ gridId: z.number().int(), code: z.string(), name: z.string(), previousCode: z.string() })),
    planId: z.number().int(),
    planStep: z.number().int().nullable(),
  })
  .openapi('CreatedCommunity');

export const planUndoResultSchema = z.object({ step: z.number().int(), restoredStep: z.number().int() }).openapi('PlanUndoResult');
export const planRebaseResultSchema = z.object({ step: z.number().int(), takenOver: z.number().int() }).openapi('PlanRebaseResult');
export const planDiscardResultSchema = z.object({ planId: z.number().int(), status: z.literal('discarded') }).openapi('PlanDiscardResult');

export const publishOutcomeSchema = z
  .object({
    planId: z.number().int(),
    status: z.enum(['published', 'scheduled']),
    effectiveAt: instantSchema,
    endedVersionIds: z.array(z.number().int()),
    createdVersionIds: z.array(z.number().int()),
    removedGridIds: z.array(z.number().int()),
    householdsMoved: z.number().int(),
    incidentsMoved: z.number().int(),
  })
  .openapi('PublishOutcome');

export const gridChangeSchema = z
  .object({
    gridId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityCode: z.string(),
    householdsBefore: z.number().int().nullable(),
    householdsAfter: z.number().int().nullable(),
    areaBefore: z.number().nullable(),
    areaAfter: z.number().nullable(),
    workerName: z.string().nullable(),
    previousCode: z.string().nullable(),
  })
  .openapi('GridChange');

const comparisonGridSchema = featureSchema(
  multiPolygonSchema,
  z.object({
    gridId: z.number().int(),
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    households: z.number().int(),
    workerName: z.string().nullable(),
  }),
);

/** The change report leaders read before a plan is published. */
export const planComparisonSchema = z
  .object({
    planId: z.number().int(),
    planName: z.string(),
    generatedAt: instantSchema,
    summary: z.object({
      gridsBefore: z.number().int(),
      gridsAfter: z.number().int(),
      added: z.number().int(),
      removed: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      householdsMoving: z.number().int(),
      incidentsMoving: z.number().int(),
      workersAffected: z.number().int(),
      warningsBefore: z.number().int(),
      warningsAfter: z.number().int(),
    }),
    communities: z.array(z.object({
      communityId: z.number().int(),
      code: z.string(),
      name: z.string(),
      isNew: z.boolean(),
      gridsBefore: z.number().int(),
      gridsAfter: z.number().int(),
      householdsBefore: z.number().int(),
      householdsAfter: z.number().int(),
    })),
    added: z.array(gridChangeSchema),
    removed: z.array(gridChangeSchema),
    changed: z.array(gridChangeSchema),
    /** households that change grid: masked head name, the building address, from and to */
    households: z.array(z.object({ householdId: z.number().int(), address: z.string(), headName: z.string().nullable(), fromCode: z.string(), toCode: z.string() })),
    householdMoves: z.array(z.object({ fromCode: z.string(), toCode: z.string(), count: z.number().int() })),
    incidents: z.array(z.object({
      incidentId: z.number().int(), trackingCode: z.string(), category: z.string(), status: z.string(), fromCode: z.string(), toCode: z.string(),
    })),
    workers: z.array(z.object({
      workerId: z.number().int(),
      name: z.string(),
      gridCode: z.string(),
      change: z.enum(['grid_removed', 'grid_changed', 'grid_moved_to_community', 'grid_renumbered']),
      householdsBefore: z.number().int(),
      householdsAfter: z.number().int().nullable(),
    })),
    warningsBefore: z.array(ruleWarningSchema),
    warningsAfter: z.array(ruleWarningSchema),
    problems: z.array(layoutProblemSchema),
    before: featureCollectionSchema(comparisonGridSchema),
    after: featureCollectionSchema(comparisonGridSchema),
  })
  .openapi('PlanComparison');

export type PlanStatus = z.infer<typeof planStatusSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanListItem = z.infer<typeof planListItemSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;
export type LayoutProblem = z.infer<typeof layoutProblemSchema>;
export type LiveChange = z.infer<typeof liveChangeSchema>;
export type PlanGrid = z.infer<typeof planGridSchema>;
export type PlanCommunity = z.infer<typeof planCommunitySchema>;
export type PlanDetail = z.infer<typeof planDetailSchema>;
export type PlanEditResult = z.infer<typeof planEditResultSchema>;
export type CreatedCommunity = z.infer<typeof createdCommunitySchema>;
export type PublishOutcome = z.infer<typeof publishOutcomeSchema>;
export type GridChange = z.infer<typeof gridChangeSchema>;
export type PlanComparison = z.infer<typeof planComparisonSchema>;
