import { z } from '@hono/zod-openapi';
import { daySchema, instantSchema } from './common.ts';

/**
 * Performance assessment (考核): schemes, scores per period and level, adjustments, objections and
 * period sign-off. Scores are computed from the records the system keeps; every item names the rows
 * it counted (`source`).
 */

export const assessmentLevelSchema = z.enum(['worker', 'community', 'station']).openapi('AssessmentLevel');
export const periodKindSchema = z.enum(['month', 'quarter', 'year']).openapi('AssessmentPeriodKind');
export const indicatorKindSchema = z.enum(['score', 'deduction', 'veto', 'manual']).openapi('AssessmentIndicatorKind');

/** Where an indicator comes from in the seed essays (so a reader can check why it is there). */
export const indicatorBasisSchema = z
  .object({ essay: z.string().openapi({ example: '第9篇' }), section: z.string(), quoteZh: z.string() })
  .openapi('AssessmentIndicatorBasis');

export const indicatorDefinitionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    nameZh: z.string().min(1).max(60),
    nameEn: z.string().min(1).max(80),
    kind: indicatorKindSchema,
    /** score and manual indicators: their share of the scheme's total weight */
    weight: z.number().min(0).max(1000).optional(),
    /** deduction indicators: the most they take off in one period */
    cap: z.number().min(0).max(1000).optional(),
    /**
     * An arithmetic expression over the measures (see `assessmentMeasureNames`) and `weight`:
     * + - * /, comparisons, parentheses, min(), max(), ratio(a, b, ifEmpty). Score: its value,
     * clamped to 0..weight. Deduction: minus its value, capped. Veto: fails the subject when > 0.
     * Manual: none (a leader enters 0..weight).
     */
    formula: z.string().max(500).optional(),
    basis: indicatorBasisSchema.optional(),
  })
  .openapi('AssessmentIndicatorDefinition');

export const levelDefinitionSchema = z
  .object({
    indicators: z.array(indicatorDefinitionSchema).min(1).max(30),
    /** only cases of these major classes count (a station handles 市容, 广告, 街面秩序); absent = all */
    majors: z.array(z.string().regex(/^[0-9]{2}$/)).max(20).optional(),
  })
  .openapi('AssessmentLevelDefinition');

export const schemeDefinitionSchema = z
  .object({
    /** the weights of each level's score and manual indicators must add up to this */
    totalWeight: z.number().positive().max(1000),
    levels: z.object({ worker: levelDefinitionSchema, community: levelDefinitionSchema, station: levelDefinitionSchema }),
    /** how the reward/penalty fund is split (季评年奖): among subjects at or above the threshold, by total */
    reward: z.object({ fundYuan: z.number().min(0), threshold: z.number().min(0), basis: indicatorBasisSchema.optional() }),
  })
  .openapi('AssessmentSchemeDefinition');

export const schemeSchema = z
  .object({
    id: z.number().int(),
    year: z.number().int(),
    version: z.number().int(),
    definition: schemeDefinitionSchema,
    note: z.string().nullable(),
    createdAt: instantSchema,
    /** the built-in default (no version stored for the year yet) */
    builtIn: z.boolean(),
  })
  .openapi('AssessmentScheme');

export const assessmentPeriodSchema = z
  .object({
    code: z.string().openapi({ example: '2026-11' }),
    kind: periodKindSchema,
    /** first local day of the period, and the first local day after it */
    from: daySchema,
    to: daySchema,
    /** the data counted so far run to this local day (exclusive): today for a period still running */
    countedTo: daySchema,
    status: z.enum(['draft', 'signed_off']),
    /** closed: signed off itself, or inside a signed-off quarter or year */
    closed: z.boolean(),
    closedBy: z.string().nullable().openapi({ description: 'the signed-off period that closes this one' }),
    signedOffAt: instantSchema.nullable(),
    signedOffBy: z.string().nullable(),
    schemeId: z.number().int().nullable(),
    schemeVersion: z.number().int().nullable(),
    previous: z.string(),
    /** for a year: the day by which it must be signed off (policy assessment_year_close_by) */
    closeBy: daySchema.nullable(),
  })
  .openapi('AssessmentPeriod');

export const itemSourceSchema = z
  .object({
    /** what the counted rows are */
    kind: z.enum(['incidents', 'incident_events', 'households', 'adjustments', 'manual_scores', 'none']),
    count: z.number().int(),
    /** the rows themselves: GET this */
    href: z.string(),
  })
  .openapi('AssessmentItemSource');

export const scoreItemSchema = z
  .object({
    indicator: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(['score', 'deduction', 'veto', 'manual', 'bonus', 'adjustment']),
    points: z.number(),
    maxPoints: z.number().nullable(),
    /** the measures the formula read (cases_due, patrol_reports, households …) */
    measures: z.record(z.string(), z.number()),
    formula: z.string().nullable(),
    /** manual indicators not yet entered, adjustments under objection */
    pending: z.boolean(),
    comment: z.string().nullable(),
    source: itemSourceSchema,
  })
  .openapi('AssessmentScoreItem');

export const assessmentSubjectSchema = z
  .object({
    level: assessmentLevelSchema,
    id: z.number().int(),
    nameZh: z.string(),
    /** the grid served (worker level) */
    gridId: z.number().int().nullable(),
    gridCode: z.string().nullable(),
    gridName: z.string().nullable(),
    communityId: z.number().int(),
    communityName: z.string(),
    households: z.number().int(),
    areaKm2: z.number(),
  })
  .openapi('AssessmentSubject');

export const scoreRowSchema = z
  .object({
    subject: assessmentSubjectSchema,
    total: z.number(),
    rank: z.number().int(),
    previousTotal: z.number().nullable(),
    previousRank: z.number().int().nullable(),
    vetoed: z.boolean(),
    /** share of the reward fund (yuan), for a year only */
    rewardYuan: z.number().nullable(),
    items: z.array(scoreItemSchema),
  })
  .openapi('AssessmentScoreRow');

export const scoresSchema = z
  .object({
    period: assessmentPeriodSchema,
    level: assessmentLevelSchema,
    schemeId: z.number().int(),
    schemeVersion: z.number().int(),
    rows: z.array(scoreRowSchema),
  })
  .openapi('AssessmentScores');

export const sourceRowSchema = z
  .object({
    table: z.enum(['incidents', 'incident_events', 'households', 'adjustments', 'manual_scores']),
    id: z.number().int(),
    /** which measure this row counted in (on_time, overdue, patrol_report, satisfied …) */
    counted: z.string(),
    at: instantSchema.nullable(),
    label: z.string(),
    trackingCode: z.string().nullable(),
  })
  .openapi('AssessmentSourceRow');

export const itemSourcesSchema = z
  .object({
    period: z.string(),
    level: assessmentLevelSchema,
    subjectId: z.number().int(),
    indicator: z.string(),
    measures: z.record(z.string(), z.number()),
    rows: z.array(sourceRowSchema),
  })
  .openapi('AssessmentItemSources');

export const adjustmentSchema = z
  .object({
    id: z.number().int(),
    period: z.string(),
    level: assessmentLevelSchema,
    subject: z.number().int(),
    kind: z.enum(['bonus', 'deduction']),
    points: z.number(),
    reason: z.string().nullable(),
    achievement: z.string().nullable(),
    status: z.enum(['active', 'withdrawn']),
    createdAt: instantSchema,
    createdBy: z.string(),
    objection: z
      .object({
        id: z.number().int(),
        reason: z.string(),
        raisedAt: instantSchema,
        raisedBy: z.string(),
        decision: z.enum(['upheld', 'rejected']).nullable(),
        decidedAt: instantSchema.nullable(),
        decisionNote: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('AssessmentAdjustment');

export const adjustmentListSchema = z.object({ adjustments: z.array(adjustmentSchema) }).openapi('AssessmentAdjustmentList');

export const periodListSchema = z.object({ periods: z.array(assessmentPeriodSchema) }).openapi('AssessmentPeriodList');

export const manualScoreSchema = z
  .object({
    period: z.string(),
    level: assessmentLevelSchema,
    subject: z.number().int(),
    indicator: z.string(),
    points: z.number(),
    comment: z.string(),
    enteredAt: instantSchema,
  })
  .openapi('AssessmentManualScore');

export type AssessmentLevel = z.infer<typeof assessmentLevelSchema>;
export type PeriodKind = z.infer<typeof periodKindSchema>;
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;
export type SchemeDefinition = z.infer<typeof schemeDefinitionSchema>;
export type AssessmentScheme = z.infer<typeof schemeSchema>;
export type AssessmentPeriod = z.infer<typeof assessmentPeriodSchema>;
export type ScoreItem = z.infer<typeof scoreItemSchema>;
export type AssessmentSubject = z.infer<typeof assessmentSubjectSchema>;
export type ScoreRow = z.infer<typeof scoreRowSchema>;
export type AssessmentScores = z.infer<typeof scoresSchema>;
export type SourceRow = z.infer<typeof sourceRowSchema>;
export type ItemSources = z.infer<typeof itemSourcesSchema>;
export type Adjustment = z.infer<typeof adjustmentSchema>;
export type ManualScore = z.infer<typeof manualScoreSchema>;
