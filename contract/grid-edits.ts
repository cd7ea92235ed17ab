import { z } from '@hono/zod-openapi';
import { instantSchema, multiPolygonSchema } from './common.ts';

/** The planner's live editing: live figures, rule warnings, edit results and the undo stack. */

export const warningCodeSchema = z
  .enum([
    'grid_households_below_target', 'grid_households_above_target', 'grid_vacant', 'grid_in_several_parts',
    'community_households_above_maximum', 'station_staff_required', 'station_staff_short',
  ])
  .openapi('RuleWarningCode');

/**
 * A sizing rule the layout does not meet (BRIEF): never a refusal. `code` + `params` are stable;
 * `message` is rendered in the request's language. `messageZh`/`messageEn` are deprecated.
 */
export const ruleWarningSchema = z
  .object({
    code: warningCodeSchema,
    level: z.enum(['warning', 'info']),
    subject: z.union([
      z.object({ kind: z.literal('grid'), gridId: z.number().int(), code: z.string() }),
      z.object({ kind: z.literal('community'), communityId: z.number().int(), code: z.string() }),
    ]),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    message: z.string(),
    messageZh: z.string().openapi({ deprecated: true }),
    messageEn: z.string().openapi({ deprecated: true }),
  })
  .openapi('RuleWarning');

const bboxSchema = z.array(z.number()).length(4);

/** A current grid's live figures: households from households.grid_id, so inside an edit they are the new ones. */
export const gridFiguresSchema = z
  .object({
    gridId: z.number().int(),
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityId: z.number().int(),
    workerId: z.number().int().nullable(),
    workerName: z.string().nullable(),
    households: z.number().int(),
    residents: z.number().int(),
    buildings: z.number().int(),
    areaSquareMetres: z.number(),
    partCount: z.number().int(),
    bbox: bboxSchema,
    vacant: z.boolean(),
    /** households outside the target: negative below, positive above, 0 inside */
    householdDeviation: z.number().int(),
    warnings: z.array(ruleWarningSchema),
    geometry: multiPolygonSchema.optional(),
  })
  .openapi('GridFigures');

export const communityFiguresSchema = z
  .object({
    communityId: z.number().int(),
    code: z.string(),
    name: z.string(),
    gridCount: z.number().int(),
    vacantGridCount: z.number().int(),
    households: z.number().int(),
    residents: z.number().int(),
    areaSquareMetres: z.number(),
    uncoveredSquareMetres: z.number().nullable(),
    hasMarket: z.boolean(),
    stationStaffRequired: z.number().int(),
    warnings: z.array(ruleWarningSchema),
  })
  .openapi('CommunityFigures');

export const gridEditOperationSchema = z.enum(['split', 'merge', 'reshape', 'fill', 'move_block', 'undo']).openapi('GridEditOperation');

/** What an edit (or its preview) leaves: the changed and new grids with figures and geometry, the grids before, warnings. */
export const gridEditResultSchema = z
  .object({
    preview: z.boolean(),
    /** null for a preview (nothing was written) and inside a plan */
    editId: z.number().int().nullable(),
    operation: gridEditOperationSchema,
    communityId: z.number().int(),
    grids: z.array(gridFiguresSchema.extend({ versionId: z.number().int().nullable(), status: z.enum(['changed', 'created']) })),
    before: z.array(gridFiguresSchema),
    removedGrids: z.array(z.object({ gridId: z.number().int(), code: z.string(), name: z.string() })),
    community: communityFiguresSchema,
    warnings: z.array(ruleWarningSchema),
    householdsMoved: z.number().int(),
    incidentsMoved: z.number().int(),
  })
  .openapi('GridEditResult');

export const gridEditSchema = z
  .object({
    id: z.number().int(),
    operation: z.enum(['split', 'merge', 'reshape', 'fill', 'move_block', 'undo', 'publish']),
    communityId: z.number().int(),
    at: instantSchema,
    changedBy: z.number().int().nullable(),
    changedByName: z.string().nullable(),
    changeNote: z.string().nullable(),
    endedVersionIds: z.array(z.number().int()),
    createdVersionIds: z.array(z.number().int()),
    endedAssignmentIds: z.array(z.number().int()),
    undoesEditId: z.number().int().nullable(),
    undone: z.boolean(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('GridEdit');
export const gridEditListSchema = z.object({ edits: z.array(gridEditSchema) }).openapi('GridEditList');

/** The planner's side table: every current grid of a community with figures and warnings. */
export const communityGridFiguresSchema = z
  .object({
    community: communityFiguresSchema,
    grids: z.array(gridFiguresSchema),
    policy: z.object({ gridHouseholdsMin: z.number(), gridHouseholdsMax: z.number() }),
  })
  .openapi('CommunityGridFigures');

export type RuleWarning = z.infer<typeof ruleWarningSchema>;
export type GridFigures = z.infer<typeof gridFiguresSchema>;
export type CommunityFigures = z.infer<typeof communityFiguresSchema>;
export type GridEditResult = z.infer<typeof gridEditResultSchema>;
export type GridEdit = z.infer<typeof gridEditSchema>;
export type CommunityGridFigures = z.infer<typeof communityGridFiguresSchema>;
