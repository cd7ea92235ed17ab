import { z } from '@hono/zod-openapi';
import { daySchema, instantSchema, multiPolygonSchema } from './common.ts';

/**
 * Community emergency management (issue 20, 第6篇): plans (预案) by level with the risk sources
 * they cover, coverage, drills, teams and duty rooms, activated emergencies with their event log
 * and hand-overs to the 110/119/120 platforms, and warnings (预警) for residents.
 */

export const planLevelSchema = z.enum(['street', 'community', 'site']).openapi('EmergencyPlanLevel');
export const planStatusSchema = z.enum(['draft', 'current', 'retired']).openapi('EmergencyPlanStatus');
export const responseLevelSchema = z.enum(['I', 'II', 'III', 'IV']).openapi('EmergencyResponseLevel');
const position = z.tuple([z.number(), z.number()]);

export const planResponseLevelSchema = z
  .object({ level: responseLevelSchema, actions: z.array(z.string()) })
  .openapi('EmergencyPlanResponseLevel');
export const planRoleSchema = z
  .object({ role: z.string(), name: z.string(), phone: z.string().nullable() })
  .openapi({ description: 'One link of the phone tree, called in this order' });
export const planResourceSchema = z
  .object({ kind: z.enum(['shelter', 'assembly_point', 'equipment_store']), name: z.string(), point: position })
  .openapi('EmergencyPlanResource');

export const emergencyPlanSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    level: planLevelSchema,
    communityId: z.number().int().nullable(),
    status: planStatusSchema,
    version: z.number().int(),
    eventKinds: z.array(z.string()).openapi({ description: 'Incident category codes the plan answers (0503 gas leak, …)' }),
    coversRiskSourceIds: z.array(z.number().int()),
    triggerConditions: z.string(),
    responseLevels: z.array(planResponseLevelSchema),
    roles: z.array(planRoleSchema),
    resources: z.array(planResourceSchema),
    reviewedOn: daySchema,
    reviewDue: daySchema,
    reviewOverdue: z.boolean(),
    lastDrillOn: daySchema.nullable(),
    drillOverdue: z.boolean(),
    updatedAt: instantSchema,
  })
  .openapi('EmergencyPlan');
export type EmergencyPlan = z.infer<typeof emergencyPlanSchema>;

export const emergencyPlanListSchema = z.object({ plans: z.array(emergencyPlanSchema) }).openapi('EmergencyPlanList');

export const emergencyPlanVersionSchema = z
  .object({ version: z.number().int(), savedAt: instantSchema, savedBy: z.number().int().nullable(), plan: z.record(z.string(), z.unknown()) })
  .openapi('EmergencyPlanVersion');
export const emergencyPlanVersionListSchema = z
  .object({ planId: z.number().int(), versions: z.array(emergencyPlanVersionSchema) })
  .openapi('EmergencyPlanVersionList');

export const emergencyDrillSchema = z
  .object({ id: z.number().int(), planId: z.number().int(), heldOn: daySchema, participants: z.number().int(), findings: z.string(), recordedAt: instantSchema })
  .openapi('EmergencyDrill');
export const emergencyDrillListSchema = z.object({ drills: z.array(emergencyDrillSchema) }).openapi('EmergencyDrillList');

export const planCoverageSchema = z
  .object({
    reviewMonths: z.number().int(),
    drillPeriodMonths: z.number().int(),
    uncoveredRiskSources: z.array(
      z.object({ id: z.number().int(), name: z.string(), kind: z.string(), level: z.number().int(), communityId: z.number().int().nullable() }),
    ).openapi({ description: 'Risk sources of level 1 重大 or 2 较大 that no current plan covers' }),
    reviewOverdue: z.array(z.object({ id: z.number().int(), title: z.string(), reviewDue: daySchema })),
    withoutRecentDrill: z.array(z.object({ id: z.number().int(), title: z.string(), lastDrillOn: daySchema.nullable() })),
  })
  .openapi('EmergencyPlanCoverage');
export type PlanCoverage = z.infer<typeof planCoverageSchema>;

// ── Teams and duty ─────────────────────────────────────────────────────────────────────────
export const teamKindSchema = z.enum(['leading_group', 'rescue_team', 'volunteer_team', 'duty_room', 'cctv_room']).openapi('EmergencyTeamKind');
export const teamMemberSchema = z
  .object({ id: z.number().int(), name: z.string(), duty: z.string(), phone: z.string().nullable(), isResident: z.boolean() })
  .openapi('EmergencyTeamMember');
export const onDutySchema = z
  .object({
    teamId: z.number().int(),
    teamName: z.string(),
    teamKind: teamKindSchema,
    memberId: z.number().int(),
    memberName: z.string(),
    duty: z.string(),
    phone: z.string().nullable(),
    until: instantSchema,
    distanceMetres: z.number().nullable(),
  })
  .openapi('OnDuty');
export const emergencyTeamSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: teamKindSchema,
    communityId: z.number().int().nullable(),
    point: position.nullable(),
    phone: z.string().nullable(),
    members: z.array(teamMemberSchema),
    onDutyNow: z.array(onDutySchema),
  })
  .openapi('EmergencyTeam');
export type EmergencyTeam = z.infer<typeof emergencyTeamSchema>;
export const emergencyTeamListSchema = z.object({ teams: z.array(emergencyTeamSchema) }).openapi('EmergencyTeamList');
export const dutyShiftSchema = z
  .object({ id: z.number().int(), teamId: z.number().int(), memberId: z.number().int(), startsAt: instantSchema, endsAt: instantSchema })
  .openapi('DutyShift');
export const onDutyListSchema = z.object({ at: instantSchema, onDuty: z.array(onDutySchema) }).openapi('OnDutyList');

// ── Activated emergencies ──────────────────────────────────────────────────────────────────
export const emergencyLogEntrySchema = z
  .object({
    id: z.number().int(),
    at: instantSchema,
    kind: z.enum(['activated', 'note', 'handover', 'webhook_received', 'closed']),
    actorUserId: z.number().int().nullable(),
    actorLabel: z.string().nullable(),
    note: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('EmergencyLogEntry');

export const vulnerableResidentSchema = z
  .object({
    householdId: z.number().int(),
    address: z.string(),
    headName: z.string().nullable().openapi({ description: 'Masked (张*)' }),
    elderlyAlone: z.boolean(),
    disability: z.boolean(),
    residents: z.number().int(),
    distanceMetres: z.number(),
    longitude: z.number(),
    latitude: z.number(),
  })
  .openapi('VulnerableResident');

export const nearbyEquipmentSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    expiresOn: daySchema.nullable(),
    expired: z.boolean(),
    distanceMetres: z.number(),
    longitude: z.number(),
    latitude: z.number(),
  })
  .openapi('NearbyEquipment');

export const handoverSchema = z
  .object({
    id: z.number().int(),
    platform: z.enum(['110', '119', '120']),
    handedAt: instantSchema,
    handedBy: z.number().int().nullable(),
    channel: z.enum(['phone', 'webhook']),
    reference: z.string().nullable(),
    delivery: z.enum(['recorded', 'delivered', 'failed']),
  })
  .openapi('EmergencyHandover');

export const emergencySchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['active', 'closed']),
    planId: z.number().int().nullable(),
    planTitle: z.string().nullable(),
    planVersion: z.number().int().nullable(),
    incidentId: z.number().int().nullable(),
    responseLevel: responseLevelSchema,
    longitude: z.number(),
    latitude: z.number(),
    radiusMetres: z.number().int(),
    communityId: z.number().int().nullable(),
    activatedAt: instantSchema,
    activatedBy: z.number().int().nullable(),
    closedAt: instantSchema.nullable(),
    review: z.string().nullable(),
    affectedHouseholds: z.object({ households: z.number().int(), residents: z.number().int(), elderlyAlone: z.number().int(), disability: z.number().int() }),
    vulnerableResidents: z.array(vulnerableResidentSchema).openapi({ description: 'Elderly living alone and disabled residents first, nearest first' }),
    nearestEquipment: z.array(nearbyEquipmentSchema).openapi({ description: 'Usable items first, nearest first; expired items flagged and listed after' }),
    shelters: z.array(planResourceSchema),
    onDuty: z.array(onDutySchema),
    handovers: z.array(handoverSchema),
    log: z.array(emergencyLogEntrySchema),
  })
  .openapi('Emergency');
export type Emergency = z.infer<typeof emergencySchema>;

export const emergencySummarySchema = z
  .object({
    id: z.number().int(), status: z.enum(['active', 'closed']), planId: z.number().int().nullable(), planTitle: z.string().nullable(),
    incidentId: z.number().int().nullable(), responseLevel: responseLevelSchema, longitude: z.number(), latitude: z.number(),
    radiusMetres: z.number().int(), activatedAt: instantSchema, closedAt: instantSchema.nullable(),
  })
  .openapi('EmergencySummary');
export const emergencyListSchema = z.object({ emergencies: z.array(emergencySummarySchema) }).openapi('EmergencyList');

/** What a city platform's webhook sends back (and what ours sends out): see docs in server/emergency/linkage-adapter.ts. */
export const linkageReceiptSchema = z.object({ received: z.literal(true), emergencyId: z.number().int() }).openapi('LinkageReceipt');

// ── Warnings (预警) ─────────────────────────────────────────────────────────────────────────
export const warningLevelSchema = z.enum(['blue', 'yellow', 'orange', 'red']).openapi('WarningLevel');
export const warningSchema = z
  .object({
    id: z.number().int(),
    identifier: z.string(),
    level: warningLevelSchema,
    eventKind: z.string().nullable(),
    headline: z.string(),
    body: z.string(),
    area: multiPolygonSchema,
    gridIds: z.array(z.number().int()),
    communityIds: z.array(z.number().int()),
    validFrom: instantSchema,
    validTo: instantSchema,
    publishedAt: instantSchema,
    cancelledAt: instantSchema.nullable(),
    active: z.boolean(),
    acknowledgedCount: z.number().int().openapi({ description: 'Staff (grid workers on their phones) who confirmed they saw it' }),
    acknowledgedByMe: z.boolean(),
  })
  .openapi('EmergencyWarning');
export type EmergencyWarning = z.infer<typeof warningSchema>;
export const warningListSchema = z.object({ warnings: z.array(warningSchema) }).openapi('EmergencyWarningList');

/** What the public sees: no publisher, no grid ids. */
export const publicWarningSchema = z
  .object({
    identifier: z.string(),
    level: warningLevelSchema,
    headline: z.string(),
    body: z.string(),
    validFrom: instantSchema,
    validTo: instantSchema,
    area: multiPolygonSchema,
  })
  .openapi('PublicWarning');
export type PublicWarning = z.infer<typeof publicWarningSchema>;
export const publicWarningListSchema = z.object({ warnings: z.array(publicWarningSchema) }).openapi('PublicWarningList');
export const warningAcknowledgementSchema = z
  .object({ warningId: z.number().int(), userId: z.number().int(), acknowledgedAt: instantSchema })
  .openapi('WarningAcknowledgement');

/** A warning as CAP 1.2 in JSON: the same fields, in the same order, as the XML alert. */
export const capAlertSchema = z
  .object({
    identifier: z.string(),
    sender: z.string(),
    sent: z.string(),
    status: z.literal('Actual'),
    msgType: z.enum(['Alert', 'Cancel']),
    scope: z.literal('Public'),
    references: z.string().nullable(),
    info: z.object({
      language: z.string(),
      category: z.string(),
      event: z.string(),
      urgency: z.enum(['Immediate', 'Expected']),
      severity: z.enum(['Extreme', 'Severe', 'Moderate', 'Minor']),
      certainty: z.literal('Likely'),
      effective: z.string(),
      expires: z.string(),
      senderName: z.string(),
      headline: z.string(),
      description: z.string(),
      area: z.object({ areaDesc: z.string(), polygons: z.array(z.string()) }),
    }),
  })
  .openapi('CapAlert');
