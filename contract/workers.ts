import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** Grid workers (网格员) and their assignment: one worker per grid, one grid per worker. */

export const workerSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    gender: z.string().nullable(),
    dutyPhone: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('WorkerSummary');

/** A worker in the staff list: the private phone masked, the ID number never shown. */
export const workerListItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    gender: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: 'masked: 138****5678' }),
    dutyPhone: z.string().nullable(),
    dutyHours: z.string().nullable(),
    active: z.boolean(),
    gridId: z.number().int().nullable(),
    gridCode: z.string().nullable(),
    gridName: z.string().nullable(),
    hasIdNumber: z.boolean(),
  })
  .openapi('WorkerListItem');
export const workerListSchema = z.object({ workers: z.array(workerListItemSchema) }).openapi('WorkerList');

export const workloadPartsSchema = z.object({ households: z.number(), openCases: z.number(), area: z.number() }).openapi('WorkloadParts');

export const assignmentGridSchema = z
  .object({
    gridId: z.number().int(),
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityId: z.number().int(),
    communityName: z.string(),
    workerId: z.number().int().nullable(),
    workerName: z.string().nullable(),
    assignmentId: z.number().int().nullable(),
    assignedSince: instantSchema.nullable(),
    households: z.number().int(),
    residents: z.number().int(),
    openCases: z.number().int(),
    areaSquareMetres: z.number(),
    workloadIndex: z.number(),
    workloadParts: workloadPartsSchema,
    vacant: z.boolean(),
    overloaded: z.boolean(),
  })
  .openapi('AssignmentGrid');

export const assignmentGridSummarySchema = z
  .object({
    gridId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityName: z.string(),
    workerId: z.number().int().nullable(),
    workerName: z.string().nullable(),
    workloadIndex: z.number(),
  })
  .openapi('AssignmentGridSummary');

export const workloadFormulaSchema = z
  .object({
    weights: workloadPartsSchema,
    householdsMax: z.number(),
    householdsMin: z.number(),
    openCasesPerWorker: z.number(),
    patrolAreaSquareMetres: z.number(),
    overloadedAbove: z.number(),
  })
  .openapi('WorkloadFormula');

/** The assignment table: every current grid with its worker, vacancies, overloaded grids, free workers. */
export const assignmentOverviewSchema = z
  .object({
    formula: workloadFormulaSchema,
    grids: z.array(assignmentGridSchema),
    vacancies: z.array(assignmentGridSummarySchema),
    overloaded: z.array(assignmentGridSummarySchema),
    unassignedWorkers: z.array(workerSummarySchema),
  })
  .openapi('AssignmentOverview');

const gridReferenceSchema = z.object({ gridId: z.number().int(), code: z.string().nullable(), name: z.string().nullable() });

/** PUT /grids/{id}/worker: the new assignment and what it ended (`changed: false` when the worker already served the grid). */
export const assignmentResultSchema = z
  .object({
    gridId: z.number().int(),
    workerId: z.number().int(),
    changed: z.boolean(),
    assignmentId: z.number().int(),
    startedAt: instantSchema,
    replaced: z.object({ workerId: z.number().int(), workerName: z.string() }).nullable(),
    movedFrom: gridReferenceSchema.nullable(),
  })
  .openapi('AssignmentResult');

/** DELETE /grids/{id}/worker: whom the grid lost (`vacated: false` when it was vacant already). */
export const vacancyResultSchema = z
  .object({
    gridId: z.number().int(),
    vacated: z.boolean(),
    ended: z.object({ assignmentId: z.number().int(), workerId: z.number().int(), workerName: z.string() }).nullable(),
  })
  .openapi('VacancyResult');

export const assignmentHistoryEntrySchema = z
  .object({
    id: z.number().int(),
    gridId: z.number().int(),
    workerId: z.number().int(),
    workerName: z.string(),
    gridCode: z.string().nullable(),
    gridName: z.string().nullable(),
    startedAt: instantSchema,
    endedAt: instantSchema.nullable(),
    assignedById: z.number().int().nullable(),
    assignedByName: z.string().nullable(),
    reason: z.string().nullable(),
    endedByName: z.string().nullable(),
    /** the words of whoever ended it (their reason), as they typed them */
    endReason: z.string().nullable(),
    /** why it ended, as a stable code (moved, replaced, vacated, grid_ceased, grid_ceased_in_plan, other) */
    endCode: z.string().nullable(),
    /** `endCode` with its params, rendered in the request's language */
    endSummary: z.string().nullable(),
  })
  .openapi('AssignmentHistoryEntry');

export const workerAssignmentHistorySchema = z
  .object({ worker: workerSummarySchema, assignments: z.array(assignmentHistoryEntrySchema) })
  .openapi('WorkerAssignmentHistory');
export const gridAssignmentHistorySchema = z
  .object({ gridId: z.number().int(), assignments: z.array(assignmentHistoryEntrySchema) })
  .openapi('GridAssignmentHistory');

export type WorkerSummary = z.infer<typeof workerSummarySchema>;
export type WorkerListItem = z.infer<typeof workerListItemSchema>;
export type AssignmentGrid = z.infer<typeof assignmentGridSchema>;
export type AssignmentGridSummary = z.infer<typeof assignmentGridSummarySchema>;
export type AssignmentOverview = z.infer<typeof assignmentOverviewSchema>;
export type AssignmentResult = z.infer<typeof assignmentResultSchema>;
export type VacancyResult = z.infer<typeof vacancyResultSchema>;
export type AssignmentHistoryEntry = z.infer<typeof assignmentHistoryEntrySchema>;
