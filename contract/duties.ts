import { z } from '@hono/zod-openapi';
import { daySchema, featureCollectionSchema, featureSchema, geometrySchema, instantSchema, lineStringSchema } from './common.ts';

/**
 * 城管 duties (issue 18; essays 第3篇 and 第7篇): back streets cut into responsibility sections
 * (定点定岗定人定责) and their coverage, the people who carry duties, community urban-management
 * stations (staffing rule, roster, equipment), key-point duty posts and their roster.
 */

export const dutyPersonKindSchema = z
  .enum(['station_member', 'grid_worker', 'cleaning_contractor', 'property_company', 'other'])
  .openapi('DutyPersonKind');

/** A person as a duty shows them: a work contact, no personal data. */
export const dutyPersonRefSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: dutyPersonKindSchema,
    organisation: z.string().nullable(),
    active: z.boolean().openapi({ description: 'false once the person has left (left_on reached)' }),
  })
  .openapi('DutyPersonRef');

export const dutyPersonSchema = dutyPersonRefSchema
  .extend({
    workerId: z.number().int().nullable(),
    communityId: z.number().int().nullable(),
    dutyPhone: z.string().nullable(),
    leftOn: daySchema.nullable(),
    sectionCount: z.number().int(),
    sectionMetres: z.number(),
  })
  .openapi('DutyPerson');
export const dutyPersonListSchema = z.object({ people: z.array(dutyPersonSchema) }).openapi('DutyPersonList');

export const backStreetSectionPropertiesSchema = z
  .object({
    id: z.number().int(),
    backStreetId: z.number().int(),
    backStreetName: z.string(),
    communityId: z.number().int().nullable(),
    name: z.string(),
    grade: z.number().int().min(1).max(3).openapi({ description: '分级: 1 一级 (most demanding) … 3 三级' }),
    fromMetres: z.number(),
    toMetres: z.number(),
    lengthMetres: z.number(),
    responsiblePerson: dutyPersonRefSchema.nullable().openapi({ description: '定人: who answers for the section' }),
    post: z.string().openapi({ description: '定岗' }),
    duties: z.string().openapi({ description: '定责' }),
    fixedPoints: z.array(z.tuple([z.number(), z.number()])).openapi({ description: '定点: longitude, latitude' }),
    covered: z.boolean().openapi({ description: 'true when a responsible person is named and still serving' }),
    inspectionCycleDays: z.number().int().openapi({ description: 'scheduled rounds (定期检查) every so many days, by grade (policy)' }),
    lastInspectedAt: instantSchema.nullable(),
    inspectionDueOn: daySchema,
    inspectionOverdue: z.boolean(),
  })
  .openapi('BackStreetSectionProperties');
export const backStreetSectionFeatureSchema = featureSchema(lineStringSchema, backStreetSectionPropertiesSchema).openapi('BackStreetSectionFeature');
export const backStreetSectionCollectionSchema = featureCollectionSchema(backStreetSectionFeatureSchema).openapi('BackStreetSectionCollection');

export const unassignedStretchPropertiesSchema = z
  .object({
    backStreetId: z.number().int(),
    backStreetName: z.string(),
    fromMetres: z.number(),
    toMetres: z.number(),
    lengthMetres: z.number(),
    reason: z.enum(['no_section', 'no_active_person']).openapi({ description: 'no section covers it, or its section has nobody serving' }),
    sectionId: z.number().int().nullable(),
    personName: z.string().nullable(),
  })
  .openapi('UnassignedStretchProperties');
export const doubleAssignedStretchPropertiesSchema = z
  .object({
    sectionIds: z.array(z.number().int()),
    sectionNames: z.array(z.string()),
    lengthMetres: z.number(),
  })
  .openapi('DoubleAssignedStretchProperties');

/** 不留空白、不留死角、不留盲区: what of the back streets is held by nobody, or by two. */
export const backStreetCoverageSchema = z
  .object({
    backStreetCount: z.number().int(),
    sectionCount: z.number().int(),
    totalMetres: z.number(),
    unassignedMetres: z.number(),
    doubleAssignedMetres: z.number(),
    unassigned: featureCollectionSchema(featureSchema(lineStringSchema, unassignedStretchPropertiesSchema)),
    doubleAssigned: featureCollectionSchema(featureSchema(geometrySchema, doubleAssignedStretchPropertiesSchema)),
  })
  .openapi('BackStreetCoverage');

/** After a person leaves: the stretches they held, now unassigned (acknowledged by the planner). */
export const dutyPersonLeftSchema = z
  .object({
    person: dutyPersonSchema,
    unassignedSections: z.array(z.object({ sectionId: z.number().int(), name: z.string(), lengthMetres: z.number() })),
    unassignedMetres: z.number(),
  })
  .openapi('DutyPersonLeft');

export const stationStaffRuleSchema = z
  .object({
    residents: z.number().int(),
    populationBand: z.object({ upTo: z.number().int().nullable(), staff: z.number().int() }),
    marketCount: z.number().int(),
    vendorClusterCount: z.number().int(),
    extraStaff: z.number().int(),
    policyKeys: z.array(z.string()),
    /** e.g. “常住人口 22301 人（>15000）→ 7 人；辖区有农贸市场 1 处 → +2 人” in the request's language */
    text: z.string(),
  })
  .openapi('StationStaffRule');

export const stationMemberSchema = z
  .object({
    membershipId: z.number().int(),
    person: dutyPersonRefSchema,
    role: z.enum(['head', 'deputy', 'member']),
    joinedOn: daySchema,
    leftOn: daySchema.nullable(),
  })
  .openapi('StationMember');

export const stationSchema = z
  .object({
    id: z.number().int(),
    communityId: z.number().int(),
    communityName: z.string(),
    name: z.string(),
    officeAddress: z.string().nullable(),
    officeAreaSquareMetres: z.number().nullable(),
    officeMinimumSquareMetres: z.number(),
    officeMeetsStandard: z.boolean(),
    requiredStaff: z.number().int(),
    actualStaff: z.number().int().openapi({ description: 'full-time team members serving today (head and deputy not counted)' }),
    shortfall: z.number().int(),
    rule: stationStaffRuleSchema,
    head: dutyPersonRefSchema.nullable(),
    deputy: dutyPersonRefSchema.nullable(),
    roster: z.array(stationMemberSchema).openapi({ description: 'every membership, past ones included' }),
    equipment: z.array(z.object({ kind: z.enum(['e_bike', 'radio', 'evidence_camera', 'computer', 'other']), quantity: z.number().int() })),
  })
  .openapi('Station');
export const stationListSchema = z.object({ stations: z.array(stationSchema) }).openapi('StationList');

export const equipmentEntrySchema = z
  .object({
    id: z.number().int(),
    stationId: z.number().int(),
    kind: z.enum(['e_bike', 'radio', 'evidence_camera', 'computer', 'other']),
    quantityChange: z.number().int(),
    recordedOn: daySchema,
    note: z.string().nullable(),
    createdAt: instantSchema,
  })
  .openapi('EquipmentEntry');
export const equipmentLedgerSchema = z.object({ entries: z.array(equipmentEntrySchema) }).openapi('EquipmentLedger');

export const dutyShiftStatusSchema = z
  .enum(['checked_in', 'on_duty', 'upcoming', 'missed'])
  .openapi('DutyShiftStatus', { description: 'on_duty: the slot has begun and nobody has checked in yet; missed: it ended without a check-in' });

export const dutyShiftSchema = z
  .object({
    shiftId: z.number().int(),
    person: dutyPersonRefSchema,
    weekday: z.number().int().min(1).max(7),
    startsAt: z.string().openapi({ example: '07:00' }),
    endsAt: z.string().openapi({ example: '09:00' }),
    status: dutyShiftStatusSchema,
    checkedInAt: instantSchema.nullable(),
    distanceMetres: z.number().nullable(),
    late: z.boolean(),
    mine: z.boolean().openapi({ description: "the signed-in worker's own shift" }),
  })
  .openapi('DutyShift');

export const dutyPostSchema = z
  .object({
    id: z.number().int(),
    communityId: z.number().int().nullable(),
    name: z.string(),
    kind: z.enum(['market', 'school', 'vendor_cluster', 'other']),
    longitude: z.number(),
    latitude: z.number(),
    radiusMetres: z.number().int(),
    opensAt: z.string(),
    closesAt: z.string(),
    roster: z.array(dutyShiftSchema).openapi({ description: "the date's shifts (its weekday in the weekly roster) with their check-ins" }),
    missedCount: z.number().int(),
  })
  .openapi('DutyPost');
export const dutyPostListSchema = z
  .object({ date: daySchema, weekday: z.number().int().min(1).max(7), posts: z.array(dutyPostSchema), missedCount: z.number().int() })
  .openapi('DutyPostList');

export const dutyCheckInSchema = z
  .object({
    id: z.number().int(),
    postId: z.number().int(),
    shiftId: z.number().int(),
    dutyDate: daySchema,
    checkedInAt: instantSchema,
    distanceMetres: z.number(),
    late: z.boolean(),
  })
  .openapi('DutyCheckIn');

export type DutyShift = z.infer<typeof dutyShiftSchema>;
export type DutyPost = z.infer<typeof dutyPostSchema>;
export type DutyPostList = z.infer<typeof dutyPostListSchema>;
export type DutyCheckIn = z.infer<typeof dutyCheckInSchema>;

export const inspectionFindingSchema = z
  .object({
    id: z.number().int(),
    categoryCode: z.string(),
    description: z.string(),
    longitude: z.number(),
    latitude: z.number(),
    photos: z.array(z.string()),
    incident: z.object({
      id: z.number().int(),
      trackingCode: z.string(),
      status: z.string(),
      assignedWorkerId: z.number().int().nullable(),
      assignedDepartment: z.string().nullable(),
      dueAt: instantSchema.nullable(),
    }),
  })
  .openapi('InspectionFinding');

/** A round (定期检查) or spot check (不定期巡查) of a section, with the cases its findings became. */
export const backStreetInspectionSchema = z
  .object({
    id: z.number().int(),
    sectionId: z.number().int(),
    kind: z.enum(['scheduled', 'spot']),
    inspectorUserId: z.number().int(),
    startedAt: instantSchema,
    finishedAt: instantSchema,
    route: geometrySchema.nullable(),
    photos: z.array(z.string()),
    note: z.string().nullable(),
    responsiblePerson: dutyPersonRefSchema.nullable(),
    findings: z.array(inspectionFindingSchema),
  })
  .openapi('BackStreetInspection');
export const backStreetInspectionListSchema = z.object({ inspections: z.array(backStreetInspectionSchema) }).openapi('BackStreetInspectionList');
export type BackStreetInspection = z.infer<typeof backStreetInspectionSchema>;

/** A back street of the register (a line), as stored. */
export const backStreetSchema = featureSchema(
  lineStringSchema,
  z.object({ id: z.number().int(), name: z.string(), communityId: z.number().int().nullable(), lengthMetres: z.number(), sectionCount: z.number().int() }),
).openapi('BackStreet');

/** Monthly 讲评 and half-year summaries of a station's team members. */
export const stationReviewSchema = z
  .object({
    id: z.number().int(),
    stationId: z.number().int(),
    person: dutyPersonRefSchema,
    kind: z.enum(['monthly', 'half_year']),
    period: z.string().openapi({ example: '2026-05 or 2026-H1' }),
    note: z.string(),
    recordedBy: z.number().int().nullable(),
    createdAt: instantSchema,
  })
  .openapi('StationReview');
export const stationReviewListSchema = z.object({ reviews: z.array(stationReviewSchema) }).openapi('StationReviewList');
export type BackStreet = z.infer<typeof backStreetSchema>;
export type StationReview = z.infer<typeof stationReviewSchema>;

export type DutyPersonKind = z.infer<typeof dutyPersonKindSchema>;
export type DutyPersonRef = z.infer<typeof dutyPersonRefSchema>;
export type DutyPerson = z.infer<typeof dutyPersonSchema>;
export type BackStreetSectionProperties = z.infer<typeof backStreetSectionPropertiesSchema>;
export type BackStreetSectionFeature = z.infer<typeof backStreetSectionFeatureSchema>;
export type BackStreetSectionCollection = z.infer<typeof backStreetSectionCollectionSchema>;
export type BackStreetCoverage = z.infer<typeof backStreetCoverageSchema>;
export type DutyPersonLeft = z.infer<typeof dutyPersonLeftSchema>;
export type Station = z.infer<typeof stationSchema>;
export type StationStaffRule = z.infer<typeof stationStaffRuleSchema>;
export type EquipmentEntry = z.infer<typeof equipmentEntrySchema>;
