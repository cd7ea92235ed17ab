import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, multiPolygonSchema } from './common.ts';

/**
 * Population and community structure (issue 19; essays 第4篇 and 第8篇): population figures by
 * grid and community, residents' groups with the community-size rule as a status, and the
 * population information grids (about ten buildings, one 人口信息员 each).
 */

const count = z.number().int().nonnegative();

/** People and households on one side of 人户分离. */
export const separatedSchema = z.object({ households: count, persons: count }).openapi('SeparatedFigures');

export const populationFiguresSchema = z
  .object({
    households: count,
    registered: count.openapi({ description: '户籍人口' }),
    resident: count.openapi({ description: '常住人口' }),
    floating: count.openapi({ description: '流动人口' }),
    /** 人户分离, living here registered elsewhere (managed here: residence first) */
    livingHereRegisteredElsewhere: separatedSchema,
    /** 人户分离, registered here living elsewhere: members registered beyond those living here */
    registeredHereLivingElsewhere: separatedSchema,
    elderlyAlone: count.openapi({ description: 'households of an elderly person living alone (空巢独居老人)' }),
    disability: count.openapi({ description: 'households with a person with a disability' }),
    specialCare: count.openapi({ description: 'households needing special care: elderly living alone or disability' }),
    movedIn: count.openapi({ description: 'households that moved in during the month' }),
    movedOut: count.openapi({ description: 'households that moved out during the month' }),
    movedInPreviousMonth: count,
    movedOutPreviousMonth: count,
  })
  .openapi('PopulationFigures');

export const populationRowSchema = populationFiguresSchema
  .extend({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityId: z.number().int(),
    communityName: z.string(),
  })
  .openapi('PopulationRow');

export const populationAnswerSchema = z
  .object({
    level: z.enum(['grid', 'community']),
    /** The month of `movedIn`/`movedOut` (the zone's calendar), and the one before it. */
    month: z.string().openapi({ example: '2026-05' }),
    previousMonth: z.string(),
    rows: z.array(populationRowSchema),
    totals: populationFiguresSchema,
  })
  .openapi('Population');

/** The community-size rule of 第4篇, stated once. */
export const communitySizeRuleSchema = z
  .object({
    residentsGroupBelow: count,
    communityTarget: count,
    communityMaximum: count,
    message: z.string(),
  })
  .openapi('CommunitySizeRule');

export const communityStatusSchema = z
  .object({
    communityId: z.number().int(),
    code: z.string(),
    name: z.string(),
    households: count,
    status: z.enum(['residents_group', 'within_target', 'above_target', 'above_maximum']),
    statusCode: z.string().openapi({ description: 'the message code; the message cites the 500/1,500/2,000 rule' }),
    message: z.string(),
    /** Communities the area would make at the target size (1 when it is fine as it is). */
    suggestedCommunities: count,
    /** Residential areas (小区/村) of the community by households, largest first, with what the rule makes of each. */
    areas: z.array(
      z.object({
        complexName: z.string(),
        households: count,
        role: z.enum(['residents_group', 'own_community_candidate']),
      }),
    ),
  })
  .openapi('CommunityStatus');

export const residentsGroupPropertiesSchema = z
  .object({
    id: z.number().int(),
    communityId: z.number().int(),
    communityName: z.string(),
    name: z.string(),
    complexName: z.string().nullable(),
    leaderName: z.string().nullable(),
    leaderPhone: z.string().nullable(),
    households: count,
    residents: count,
    buildings: count,
  })
  .openapi('ResidentsGroupProperties');
export const residentsGroupFeatureSchema = featureSchema(multiPolygonSchema, residentsGroupPropertiesSchema).openapi('ResidentsGroupFeature');

export const residentsGroupsAnswerSchema = z
  .object({
    rule: communitySizeRuleSchema,
    communities: z.array(communityStatusSchema),
    groups: featureCollectionSchema(residentsGroupFeatureSchema),
  })
  .openapi('ResidentsGroups');

export const infoGridPropertiesSchema = z
  .object({
    id: z.number().int(),
    gridId: z.number().int(),
    gridVersionId: z.number().int(),
    sequence: z.number().int(),
    name: z.string(),
    buildingCount: count,
    households: count,
    residents: count,
    informationOfficer: z.string().nullable().openapi({ description: '人口信息员; null: not yet appointed' }),
    officerPhone: z.string().nullable(),
  })
  .openapi('InfoGridProperties');
export const infoGridFeatureSchema = featureSchema(multiPolygonSchema, infoGridPropertiesSchema).openapi('InfoGridFeature');

export const infoGridsAnswerSchema = z
  .object({
    gridId: z.number().int(),
    gridCode: z.string(),
    gridName: z.string(),
    /** The grid's current version; the information grids below are drawn inside it. */
    gridVersionId: z.number().int(),
    /** Buildings per information grid the policy aims at (about 10). */
    targetBuildings: count,
    /** Buildings of the grid in no information grid (0 once they are drawn for the current version). */
    buildingsWithout: count,
    infoGrids: featureCollectionSchema(infoGridFeatureSchema),
  })
  .openapi('InfoGrids');

export type PopulationFigures = z.infer<typeof populationFiguresSchema>;
export type PopulationRow = z.infer<typeof populationRowSchema>;
export type PopulationAnswer = z.infer<typeof populationAnswerSchema>;
export type CommunitySizeRule = z.infer<typeof communitySizeRuleSchema>;
export type CommunityStatus = z.infer<typeof communityStatusSchema>;
export type ResidentsGroupProperties = z.infer<typeof residentsGroupPropertiesSchema>;
export type ResidentsGroupsAnswer = z.infer<typeof residentsGroupsAnswerSchema>;
export type InfoGridProperties = z.infer<typeof infoGridPropertiesSchema>;
export type InfoGridsAnswer = z.infer<typeof infoGridsAnswerSchema>;

// ─── auto-split (planner tool) ─────────────────────────────────────────────────────────────────

export const autoSplitRequestSchema = z
  .object({
    versionId: z.number().int().positive().max(2 ** 53 - 1).openapi({ description: 'The current version of the grid to split' }),
    parts: z.number().int().openapi({ description: 'How many grids to make of it (2–10)', example: 2 }),
  })
  .openapi('AutoSplitRequest');

export const autoSplitApplyRequestSchema = autoSplitRequestSchema
  .extend({
    alternative: z.number().int().min(0).max(9).default(0).openapi({ description: 'Which alternative of the preview to apply (its index)' }),
    changeNote: z.string().trim().max(500).optional(),
  })
  .openapi('AutoSplitApplyRequest');

export const autoSplitPartSchema = z
  .object({
    households: count,
    residents: count,
    buildings: count,
    areaSquareMetres: z.number(),
    polsbyPopper: z.number().openapi({ description: 'compactness 4πA/P², 1 for a circle' }),
    convexHullRatio: z.number().openapi({ description: 'area ÷ area of the convex hull, 1 for a convex shape' }),
    contiguous: z.boolean(),
    withinTarget: z.boolean().openapi({ description: 'households within the grid target (300–500)' }),
    geometry: multiPolygonSchema,
  })
  .openapi('AutoSplitPart');

export const splitMetricsSchema = z
  .object({
    /** (fullest − emptiest) ÷ mean households */
    householdSpread: z.number(),
    /** the largest |part − mean| ÷ mean */
    maxDeviationFromMean: z.number(),
    cutMetres: z.number(),
    /** share of the cut lying on a road centre line (within 3 m) */
    cutOnRoadsShare: z.number(),
    meanPolsbyPopper: z.number(),
    meanConvexHullRatio: z.number(),
    allContiguous: z.boolean(),
    partsWithinTarget: count,
  })
  .openapi('SplitMetrics');

export const autoSplitAlternativeSchema = z
  .object({
    index: z.number().int(),
    /** how the grid was swept to find it */
    method: z.enum(['west_east', 'north_south', 'diagonal_rising', 'diagonal_falling', 'bisection']),
    parts: z.array(autoSplitPartSchema),
    metrics: splitMetricsSchema,
  })
  .openapi('AutoSplitAlternative');

export const autoSplitPreviewSchema = z
  .object({
    gridId: z.number().int(),
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    households: count,
    parts: z.number().int(),
    /** pieces the grid falls into along its roads (the units the parts are made of) */
    pieces: count,
    targetMinimum: count,
    targetMaximum: count,
    alternatives: z.array(autoSplitAlternativeSchema),
  })
  .openapi('AutoSplitPreview');

export type AutoSplitRequest = z.infer<typeof autoSplitRequestSchema>;
export type AutoSplitApplyRequest = z.infer<typeof autoSplitApplyRequestSchema>;
export type AutoSplitPreview = z.infer<typeof autoSplitPreviewSchema>;
export type AutoSplitAlternative = z.infer<typeof autoSplitAlternativeSchema>;
export type SplitMetrics = z.infer<typeof splitMetricsSchema>;

// ─── plan and layout metrics ───────────────────────────────────────────────────────────────────

export const gridMetricsSchema = z
  .object({
    gridId: z.number().int(),
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityId: z.number().int(),
    households: count,
    /** households outside the 300–500 target: negative below, positive above, 0 inside */
    householdDeviation: z.number().int(),
    incidentsLastYear: count,
    /** (households ÷ the layout's mean + incidents ÷ the layout's mean) ÷ 2: 1 is an average load */
    workloadIndex: z.number(),
    areaSquareMetres: z.number(),
    polsbyPopper: z.number(),
    convexHullRatio: z.number(),
    contiguous: z.boolean(),
  })
  .openapi('GridMetrics');

export const layoutMetricsSummarySchema = z
  .object({
    grids: count,
    households: count,
    gridsOutsideTarget: count,
    meanAbsoluteHouseholdDeviation: z.number(),
    meanPolsbyPopper: z.number(),
    meanConvexHullRatio: z.number(),
    allContiguous: z.boolean(),
    /** length of the boundaries between the grids, metres */
    innerBoundaryMetres: z.number(),
    /** share of those boundaries within 3 m of a road centre line */
    boundaryOnRoadsShare: z.number(),
    /** highest − lowest workload index */
    workloadSpread: z.number(),
    /** standard deviation ÷ mean of the workload index */
    workloadVariation: z.number(),
  })
  .openapi('LayoutMetricsSummary');

export const layoutMetricsSchema = z
  .object({ summary: layoutMetricsSummarySchema, grids: z.array(gridMetricsSchema) })
  .openapi('LayoutMetrics');

export const planMetricsSchema = z
  .object({
    planId: z.number().int(),
    /** the live layout the plan started from, and the plan's layout now */
    before: layoutMetricsSchema,
    after: layoutMetricsSchema,
  })
  .openapi('PlanMetrics');

export const communityLayoutMetricsSchema = layoutMetricsSchema
  .extend({ communityId: z.number().int(), code: z.string(), name: z.string() })
  .openapi('CommunityLayoutMetrics');

export type GridMetrics = z.infer<typeof gridMetricsSchema>;
export type LayoutMetrics = z.infer<typeof layoutMetricsSchema>;
export type PlanMetrics = z.infer<typeof planMetricsSchema>;
export type CommunityLayoutMetrics = z.infer<typeof communityLayoutMetricsSchema>;
