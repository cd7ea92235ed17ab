import type { Emergency } from '../../contract/emergency.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { maskName } from '../personal-data/masking.ts';
import { readPolicyInteger } from './emergency-plans.repo.ts';
import { onDutyNear } from './emergency-teams.ts';
import {
  affectedFigures, closeEmergency, communityAt, coveringPlan, findEmergency, incidentPlace, insertEmergency, insertHandover, insertLogEntry,
  listHandovers, listLog, lockPlanForActivation, nearestEquipment, vulnerableHouseholds, type EmergencyRow,
} from './emergencies.repo.ts';
import type { LinkageAdapter, Platform } from './linkage-adapter.ts';

/**
 * Activated emergencies (issue 20): a plan is activated at a response level from an incident or
 * a point on the map; the command centre sees the circle of affected households (the elderly
 * living alone and disabled first — the people to evacuate by hand), the nearest equipment
 * (expired items flagged), shelters and assembly points from the plan, and who is on duty. Every
 * action is a timestamped log entry; hand-overs to 110/119/120 are recorded and, by webhook,
 * delivered through the linkage adapter; the event closes with a review.
 */

const vulnerableLimit = 200;
const equipmentLimit = 10;

export interface ActivationRequest {
  planId?: number | undefined;
  incidentId?: number | undefined;
  point?: [number, number] | undefined;
  responseLevel: 'I' | 'II' | 'III' | 'IV';
  radiusMetres?: number | undefined;
  note?: string | undefined;
}

/** The emergency as the command centre's panel shows it. */
export async function emergencyView(sql: Queryable, dataKey: DataKey, row: EmergencyRow): Promise<Emergency> {
  const place = { longitude: row.longitude, latitude: row.latitude, radiusMetres: row.radiusMetres };
  const equipmentRadius = await readPolicyInteger(sql, 'emergency_equipment_radius_metres', 800);
  const figures = await affectedFigures(sql, place);
  const vulnerable = await vulnerableHouseholds(sql, place, vulnerableLimit);
  const equipment = await nearestEquipment(sql, place, Math.max(equipmentRadius, row.radiusMetres), equipmentLimit);
  const onDuty = await onDutyNear(sql as Sql, row.status === 'active' ? new Date() : row.closedAt!, { ...place, communityId: row.communityId });
  const handovers = await listHandovers(sql, row.id);
  const log = await listLog(sql, row.id);
  return {
    id: row.id, status: row.status, planId: row.planId, planTitle: row.planTitle, planVersion: row.planVersion, incidentId: row.incidentId === null ? null : Number(row.incidentId),
    responseLevel: row.responseLevel, longitude: row.longitude, latitude: row.latitude, radiusMetres: row.radiusMetres, communityId: row.communityId,
    activatedAt: row.activatedAt.toISOString(), activatedBy: row.activatedBy, closedAt: row.closedAt?.toISOString() ?? null, review: row.review,
    affectedHouseholds: figures,
    vulnerableResidents: vulnerable.map((household) => ({
      householdId: household.householdId,
      address: [household.complexName, [household.buildingNumber, household.unit, household.room].filter(Boolean).join('-')].filter(Boolean).join(' '),
      // masked (张*) for the command centre: enough to call out at the door, no full name on a shared
      // screen; the stored name is sealed (0026) and opened only to be masked
      headName: maskName(dataKey.openOptional(household.headName)), elderlyAlone: household.elderlyAlone, disability: household.disability, residents: household.residents,
      distanceMetres: Number(household.distanceMetres), longitude: household.longitude, latitude: household.latitude,
    })),
    nearestEquipment: equipment.map((item) => ({ ...item, distanceMetres: Number(item.distanceMetres) })),
    shelters: (row.planResources ?? []).filter((resource) => resource.kind !== 'equipment_store'),
    onDuty,
    handovers: handovers.map((handover) => ({ ...handover, handedAt: handover.handedAt.toISOString() })),
    log: log.map((entry) => ({ ...entry, id: Number(entry.id), at: entry.at.toISOString(), kind: entry.kind as Emergency['log'][number]['kind'] })),
  };
}

export async function findEmergencyView(sql: Sql, dataKey: DataKey, id: number): Promise<Emergency> {
  const row = await findEmergency(sql, id);
  if (!row) throw notFound('emergency', id);
  return emergencyView(sql, dataKey, row);
}

/** Activate: from an incident (its place and kind) or a point; the plan given, or the one covering the place. */
export async function activateEmergency(
  sql: Sql,
  viewer: UserViewer,
  request: ActivationRequest,
  context: { now: Date; clientAddress: string; dataKey: DataKey },
): Promise<Emergency> {
  const radiusMetres = request.radiusMetres ?? (await readPolicyInteger(sql, 'emergency_affected_radius_metres', 300));
  const id = await sql.begin(async (transaction) => {
    let longitude: number;
    let latitude: number;
    let communityId: number | null;
    let categoryCode: string | null = null;
    if (request.incidentId !== undefined) {
      const incident = await incidentPlace(transaction, request.incidentId);
      if (!incident) throw invalidRequest([problem('incidentId', 'unknown_incident', { id: request.incidentId })]);
      ({ longitude, latitude, communityId, categoryCode } = incident);
    } else if (request.point) {
      [longitude, latitude] = request.point;
      communityId = await communityAt(transaction, longitude, latitude);
    } else {
      throw invalidRequest([problem('point', 'incident_or_point_required', {})]);
    }
    let planId = request.planId ?? null;
    let planVersion: number | null = null;
    if (planId !== null) {
      const plan = await lockPlanForActivation(transaction, planId);
      if (!plan) throw invalidRequest([problem('planId', 'unknown_emergency_plan', { id: planId })]);
      if (plan.status === 'retired') throw new Failure('emergency_plan_retired', { id: planId });
      if (plan.status === 'draft') throw new Failure('emergency_plan_draft', { id: planId });
      planVersion = plan.version;
    } else {
      const found = await coveringPlan(transaction, { longitude, latitude, radiusMetres, communityId, categoryCode });
      if (found !== undefined) {
        planId = found;
        planVersion = (await lockPlanForActivation(transaction, found))!.version;
      }
    }
    const emergencyId = await insertEmergency(transaction, {
      planId, planVersion, incidentId: request.incidentId ?? null, responseLevel: request.responseLevel, longitude, latitude, radiusMetres,
      communityId, activatedAt: context.now, activatedBy: viewer.userId,
    });
    await insertLogEntry(transaction, {
      emergencyId, at: context.now, kind: 'activated', actorUserId: viewer.userId, actorLabel: null, note: request.note?.trim() || null,
      details: { planId, planVersion, responseLevel: request.responseLevel, radiusMetres, incidentId: request.incidentId ?? null },
    });
    await recordAudit(transaction, {
      viewer, action: 'emergency.activate', objectType: 'emergency', objectId: emergencyId, result: 'ok', clientAddress: context.clientAddress,
      details: { planId, responseLevel: request.responseLevel, incidentId: request.incidentId ?? null },
    });
    return emergencyId;
  });
  return findEmergencyView(sql, context.dataKey, id);
}

async function lockActive(transaction: Queryable, id: number): Promise<EmergencyRow> {
  const row = await findEmergency(transaction, id, true);
  if (!row) throw notFound('emergency', id);
  if (row.status !== 'active') throw new Failure('emergency_closed', { id });
  return row;
}

/** A timestamped note in the event log (what was done, by whom). */
export async function addEmergencyNote(sql: Sql, viewer: UserViewer, id: number, note: string, context: { now: Date; clientAddress: string; dataKey: DataKey }) {
  await sql.begin(async (transaction) => {
    await lockActive(transaction, id);
    await insertLogEntry(transaction, { emergencyId: id, at: context.now, kind: 'note', actorUserId: viewer.userId, actorLabel: null, note, details: null });
    await recordAudit(transaction, { viewer, action: 'emergency.note', objectType: 'emergency', objectId: id, result: 'ok', clientAddress: context.clientAddress });
  });
  return findEmergencyView(sql, context.dataKey, id);
}

/**
 * Hand over to a city platform: by phone (recorded with the platform's reference number) or by
 * webhook (sent through the adapter; its answer gives the reference). Either way the log says
 * who told whom when.
 */
export async function handOver(
  sql: Sql,
  viewer: UserViewer,
  id: number,
  request: { platform: Platform; channel: 'phone' | 'webhook'; reference?: string | undefined },
  context: { now: Date; clientAddress: string; adapter: LinkageAdapter; dataKey: DataKey },
) {
  const row = await findEmergency(sql, id);
  if (!row) throw notFound('emergency', id);
  if (row.status !== 'active') throw new Failure('emergency_closed', { id });
  let delivery: 'recorded' | 'delivered' | 'failed' = 'recorded';
  let reference = request.reference?.trim() || null;
  let deliveryProblem: string | null = null;
  if (request.channel === 'webhook') {
    // sent before the transaction: a slow platform must not hold a lock on the emergency
    const figures = await affectedFigures(sql, { longitude: row.longitude, latitude: row.latitude, radiusMetres: row.radiusMetres });
    const result = await context.adapter.send({
      type: 'gridatlas.emergency.handover', platform: request.platform, handedAt: context.now.toISOString(),
      emergency: {
        id, responseLevel: row.responseLevel, longitude: row.longitude, latitude: row.latitude, radiusMetres: row.radiusMetres,
        activatedAt: row.activatedAt.toISOString(), planTitle: row.planTitle, incidentId: row.incidentId === null ? null : Number(row.incidentId),
        affectedHouseholds: figures.households, vulnerableResidents: figures.elderlyAlone + figures.disability,
      },
    });
    delivery = result.delivered ? 'delivered' : 'failed';
    reference = result.reference ?? reference;
    deliveryProblem = result.problem;
  }
  await sql.begin(async (transaction) => {
    await lockActive(transaction, id);
    const handoverId = await insertHandover(transaction, {
      emergencyId: id, platform: request.platform, handedAt: context.now, handedBy: viewer.userId, channel: request.channel, reference, delivery,
    });
    await insertLogEntry(transaction, {
      emergencyId: id, at: context.now, kind: 'handover', actorUserId: viewer.userId, actorLabel: null, note: null,
      details: { handoverId, platform: request.platform, channel: request.channel, reference, delivery, problem: deliveryProblem },
    });
    await recordAudit(transaction, {
      viewer, action: 'emergency.handover', objectType: 'emergency', objectId: id, result: 'ok', clientAddress: context.clientAddress,
      details: { platform: request.platform, channel: request.channel, delivery },
    });
  });
  return findEmergencyView(sql, context.dataKey, id);
}

/** A city platform's message through the webhook (signature checked by the route). */
export async function receivePlatformMessage(
  sql: Sql,
  message: { emergencyId: number; platform: Platform; reference?: string | undefined; status?: string | undefined; note?: string | undefined },
  context: { now: Date },
) {
  await sql.begin(async (transaction) => {
    const row = await findEmergency(transaction, message.emergencyId, true);
    if (!row) throw notFound('emergency', message.emergencyId);
    await insertLogEntry(transaction, {
      emergencyId: message.emergencyId, at: context.now, kind: 'webhook_received', actorUserId: null, actorLabel: message.platform,
      note: message.note?.trim() || null, details: { reference: message.reference ?? null, status: message.status ?? null },
    });
  });
  return { received: true as const, emergencyId: message.emergencyId };
}

/** Close the event with its review (总结): what happened, what worked, what to change in the plan. */
export async function closeEmergencyWithReview(sql: Sql, viewer: UserViewer, id: number, review: string, context: { now: Date; clientAddress: string; dataKey: DataKey }) {
  await sql.begin(async (transaction) => {
    await lockActive(transaction, id);
    await closeEmergency(transaction, id, context.now, viewer.userId, review);
    await insertLogEntry(transaction, { emergencyId: id, at: context.now, kind: 'closed', actorUserId: viewer.userId, actorLabel: null, note: review, details: null });
    await recordAudit(transaction, { viewer, action: 'emergency.close', objectType: 'emergency', objectId: id, result: 'ok', clientAddress: context.clientAddress });
  });
  return findEmergencyView(sql, context.dataKey, id);
}
