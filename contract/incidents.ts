import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, instantSchema, pointSchema } from './common.ts';

/**
 * Incidents and component cases (事件/部件) through the closed loop: 上报 → 立案 → 派遣 → 处置 →
 * 反馈 → 核查 → 结案, with 返工 and 挂账.
 */

export const incidentStatusSchema = z
  .enum(['reported', 'registered', 'rejected', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'rework', 'backlog'])
  .openapi('IncidentStatus');
export const incidentActionSchema = z
  .enum(['register', 'reject', 'merge', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'fail_check', 'close', 'backlog'])
  .openapi('IncidentAction');
export const incidentSourceSchema = z.enum(['patrol', 'resident', 'hotline', 'referral', 'sensor']).openapi('IncidentSource');

/** An incident on the map: no personal fields. */
export const incidentPropertiesSchema = z
  .object({
    id: z.number().int(),
    trackingCode: z.string(),
    categoryCode: z.string(),
    majorCode: z.string(),
    categoryNameZh: z.string(),
    categoryNameEn: z.string(),
    status: incidentStatusSchema,
    source: z.string(),
    reportedAt: instantSchema,
    dueAt: instantSchema.nullable(),
    closedAt: instantSchema.nullable(),
    gridId: z.number().int().nullable(),
  })
  .openapi('IncidentProperties');
export const incidentFeatureSchema = featureSchema(pointSchema, incidentPropertiesSchema).openapi('IncidentFeature');
export const incidentCollectionSchema = featureCollectionSchema(incidentFeatureSchema).openapi('IncidentCollection');

export const deadlineUnitSchema = z.enum(['working_hours', 'working_days']).openapi('DeadlineUnit');

export const categorySchema = z
  .object({
    code: z.string(),
    majorCode: z.string().nullable(),
    kind: z.enum(['incident', 'component']),
    nameZh: z.string(),
    nameEn: z.string(),
    deadlineAmount: z.number().int().nullable(),
    deadlineUnit: deadlineUnitSchema.nullable(),
    photoRequiredToClose: z.boolean(),
    department: z.string().nullable(),
  })
  .openapi('Category');
export const categoryListSchema = z.object({ categories: z.array(categorySchema) }).openapi('CategoryList');

export const duplicateSuggestionSchema = z
  .object({ id: z.number().int(), trackingCode: z.string(), status: incidentStatusSchema, reportedAt: instantSchema, distanceMetres: z.number() })
  .openapi('DuplicateSuggestion');

/** One reported item: created, or the case an earlier report with the same idempotency key made. */
export const ingestedIncidentSchema = z
  .object({
    index: z.number().int(),
    idempotencyKey: z.string().nullable(),
    result: z.enum(['created', 'duplicate']),
    id: z.number().int(),
    trackingCode: z.string(),
    status: incidentStatusSchema,
    duplicateSuggestions: z.array(duplicateSuggestionSchema).openapi({
      description: 'Nearby open cases of the same category. A single report (POST /api/incidents) answers them, found after the commit; a batch answers [] and announces them afterwards as `incident.duplicates` live events (the case page lists them too).',
    }),
  })
  .openapi('IngestedIncident');
export const incidentBatchResultSchema = z
  .object({ created: z.number().int(), duplicates: z.number().int(), items: z.array(ingestedIncidentSchema) })
  .openapi('IncidentBatchResult');

/** A case as the desk and the phone show it: the reporter's contact masked unless the caller holds the case. */
export const caseSchema = z
  .object({
    id: z.number().int(),
    trackingCode: z.string(),
    categoryCode: z.string(),
    categoryNameZh: z.string(),
    categoryNameEn: z.string(),
    majorCode: z.string().nullable(),
    photoRequiredToClose: z.boolean(),
    source: z.string(),
    status: incidentStatusSchema,
    description: z.string(),
    location: z.object({ longitude: z.number(), latitude: z.number() }),
    address: z.string().nullable(),
    gridId: z.number().int().nullable(),
    gridCode: z.string().nullable(),
    gridName: z.string().nullable(),
    communityId: z.number().int().nullable(),
    communityName: z.string().nullable(),
    assignedWorkerId: z.number().int().nullable(),
    assignedWorkerName: z.string().nullable(),
    assignedUserId: z.number().int().nullable(),
    assignedUserName: z.string().nullable(),
    assignedDepartment: z.string().nullable(),
    vacantGrid: z.boolean(),
    reportedAt: instantSchema,
    registeredAt: instantSchema.nullable(),
    dispatchedAt: instantSchema.nullable(),
    acceptedAt: instantSchema.nullable(),
    startedAt: instantSchema.nullable(),
    handledAt: instantSchema.nullable(),
    handledByUserId: z.number().int().nullable(),
    checkedAt: instantSchema.nullable(),
    checkedByUserId: z.number().int().nullable(),
    closedAt: instantSchema.nullable(),
    dueAt: instantSchema.nullable(),
    escalatedAt: instantSchema.nullable(),
    overdue: z.boolean(),
    reworkCount: z.number().int(),
    rejectionReason: z.enum(['invalid', 'duplicate']).nullable(),
    duplicateOf: z.number().int().nullable(),
    backlogReason: z.string().nullable(),
    reporterUserId: z.number().int().nullable(),
    reporterName: z.string().nullable(),
    reporterPhone: z.string().nullable(),
    reporterContactMasked: z.boolean(),
    hiddenFromPublic: z.boolean(),
    /** a dispatcher published the case whatever the rule says */
    publishedToPublic: z.boolean(),
    /** what the public reads instead of the reporter's description (null → the category only) */
    publicSummary: z.string().nullable(),
    /** why the case is (published, public) or is not (hidden, not_registered, source, category) visible to the public */
    publicReason: z.enum(['hidden', 'published', 'not_registered', 'source', 'category', 'public']),
    supporterCount: z.number().int(),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).nullable(),
    allowedActions: z.array(incidentActionSchema),
    mayChangePublicVisibility: z.boolean(),
  })
  .openapi('Case');

export const caseListSchema = z.object({ total: z.number().int(), now: instantSchema, cases: z.array(caseSchema) }).openapi('CaseList');

/**
 * One step of a case's timeline. A note the system wrote (routing, escalation, a merge) is stored
 * as `noteCode` + `noteParams` and rendered into `note` in the request's language; a person's note
 * is theirs, as typed, with `noteCode` null.
 */
export const caseEventSchema = z
  .object({
    id: z.number().int(),
    at: instantSchema,
    action: z.string().nullable(),
    fromStatus: incidentStatusSchema.nullable(),
    toStatus: incidentStatusSchema,
    actorUserId: z.number().int().nullable(),
    actorName: z.string().nullable(),
    actorLabel: z.string().nullable(),
    note: z.string().nullable(),
    noteCode: z.string().nullable(),
    noteParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    photos: z.array(z.string()),
  })
  .openapi('CaseEvent');

export const casePageSchema = z
  .object({
    case: caseSchema,
    timeline: z.array(caseEventSchema),
    duplicateSuggestions: z.array(duplicateSuggestionSchema),
    now: instantSchema,
  })
  .openapi('CasePage');

/** After an action: the case and its timeline (`case` null when the caller passed it on and may no longer see it). */
export const transitionResultSchema = z
  .object({ case: caseSchema.nullable(), timeline: z.array(caseEventSchema), now: instantSchema })
  .openapi('TransitionResult');

/** A notification: stored as `code` + `params`, rendered into `message` in the request's language. */
export const notificationSchema = z
  .object({
    id: z.number().int(),
    createdAt: instantSchema,
    kind: z.enum(['incident_overdue']),
    incidentId: z.number().int().nullable(),
    trackingCode: z.string().nullable(),
    code: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string(),
    readAt: instantSchema.nullable(),
  })
  .openapi('Notification');
export const notificationListSchema = z.object({ notifications: z.array(notificationSchema) }).openapi('NotificationList');
export const notificationReadSchema = z.object({ id: z.number().int(), read: z.literal(true) }).openapi('NotificationRead');

export const storedPhotoSchema = z
  .object({
    name: z.string(),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    byteSize: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    url: z.string(),
  })
  .openapi('StoredPhoto');

export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export type IncidentAction = z.infer<typeof incidentActionSchema>;
export type IncidentProperties = z.infer<typeof incidentPropertiesSchema>;
export type IncidentFeature = z.infer<typeof incidentFeatureSchema>;
export type Category = z.infer<typeof categorySchema>;
export type DuplicateSuggestion = z.infer<typeof duplicateSuggestionSchema>;
export type IngestedIncident = z.infer<typeof ingestedIncidentSchema>;
export type IncidentBatchResult = z.infer<typeof incidentBatchResultSchema>;
export type Case = z.infer<typeof caseSchema>;
export type CaseList = z.infer<typeof caseListSchema>;
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type CasePage = z.infer<typeof casePageSchema>;
export type TransitionResult = z.infer<typeof transitionResultSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type StoredPhoto = z.infer<typeof storedPhotoSchema>;
