import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { caseDueAt } from '../emergency/response-clock.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import {
  activeWorkerExists, findCategory, hasHandlingPhoto, insertEvent, lockIncident, missingPhotos, routeLocation,
  updateIncident, userHasRole, type CaseScope, type IncidentPatch, type IncidentRecord, type SystemNote,
} from './incident-loop.repo.ts';
import {
  actionRules, dispatchingRoles, nextStatus, actionsFrom, type IncidentAction,
} from './incident-state-machine.ts';

export type DispatchTarget = { workerId: number } | { department: string } | { userId: number };

export interface TransitionRequest {
  action: IncidentAction;
  note?: string | undefined;
  photos?: string[] | undefined;
  /** merge: the original case this one duplicates. */
  duplicateOf?: number | undefined;
  /** dispatch: where to; omitted → routed automatically as on registration. */
  target?: DispatchTarget | undefined;
}

export interface TransitionContext {
  viewer: UserViewer;
  now: Date;
  clientAddress?: string;
}

export function caseScopeOf(viewer: UserViewer): CaseScope {
  return viewer.role === 'worker'
    ? { kind: 'worker', workerId: viewer.workerId, gridId: viewer.currentGridId, userId: viewer.userId }
    : { kind: 'all' };
}

/** Whether the viewer holds the case: its worker, the dispatcher it went to, or the centre for a department. */
export function isAssignee(viewer: UserViewer, incident: Pick<IncidentRecord, 'assignedWorkerId' | 'assignedUserId' | 'assignedDepartment'>): boolean {
  if (viewer.workerId !== null && incident.assignedWorkerId === viewer.workerId) return true;
  if (incident.assignedUserId === viewer.userId) return true;
  return incident.assignedDepartment !== null && dispatchingRoles.includes(viewer.role);
}

/** Why the viewer may not take `action` on this case (a failure code), or undefined when they may. */
export type Refusal = 'not_assignee' | 'role_may_not_act' | 'checker_is_handler';

export function refusalOf(viewer: UserViewer, incident: IncidentRecord, action: IncidentAction): Refusal | undefined {
  const { actor } = actionRules[action];
  if (actor === 'assignee') return isAssignee(viewer, incident) ? undefined : 'not_assignee';
  if (!dispatchingRoles.includes(viewer.role)) return 'role_may_not_act';
  if (actor === 'checker' && incident.handledByUserId === viewer.userId) return 'checker_is_handler';
  return undefined;
}

/** Actions the viewer could take now: for the case page's buttons. */
export function allowedActionsFor(viewer: UserViewer, incident: IncidentRecord): IncidentAction[] {
  return actionsFrom(incident.status).filter(
    (action) => refusalOf(viewer, incident, action) === undefined && !(action === 'accept' && incident.acceptedAt !== null),
  );
}

/**
 * Take one action on a case: lock it, check the role and the state machine, apply the change
 * and write the event row(s) and the audit row — all in one transaction.
 */
export async function applyTransition(sql: Sql, incidentId: number, request: TransitionRequest, context: TransitionContext) {
  return sql.begin(async (transaction) => {
    const { viewer, now } = context;
    const incident = await lockIncident(transaction, incidentId, caseScopeOf(viewer));
    if (!incident) throw notFound('incident', incidentId);
    const refusal = refusalOf(viewer, incident, request.action);
    if (refusal) {
      const details = { action: request.action, currentState: incident.status, reason: refusal === 'checker_is_handler' ? 'checker_is_handler' : 'role' };
      if (refusal === 'role_may_not_act') throw new Failure(refusal, { role: viewer.role, action: request.action }, details);
      throw new Failure(refusal, { action: request.action }, details);
    }
    const target = nextStatus(incident.status, request.action);
    if (target === undefined || (request.action === 'accept' && incident.acceptedAt !== null)) {
      throw new Failure('invalid_transition', { action: request.action, currentState: incident.status }, {
        action: request.action, currentState: incident.status, allowedActions: actionsFrom(incident.status),
      });
    }
    const note = request.note?.trim() || null;
    if (actionRules[request.action].needsNote && !note) {
      throw invalidRequest([problem('note', 'note_required', { action: request.action })]);
    }
    const photos = [...new Set(request.photos ?? [])];
    const missing = await missingPhotos(transaction, photos);
    if (missing.length > 0) {
      throw new Failure('photos_not_uploaded', { names: missing.join(', ') }, { fields: missing.map((name) => problem('photos', 'unknown_photo', { name })) });
    }

    const step = { transaction, incident, viewer, now, note, photos };
    switch (request.action) {
      case 'register':
        await register(step);
        break;
      case 'dispatch':
        await dispatch(step, request.target);
        break;
      case 'merge':
        await merge(step, request.duplicateOf);
        break;
      case 'handle': {
        const category = await findCategory(transaction, incident.categoryCode);
        if (category?.photoRequiredToClose && photos.length === 0) {
          throw invalidRequest([problem('photos', 'result_photo_required', {})]);
        }
        await move(step, 'handle', target, { handledAt: now, handledByUserId: viewer.userId });
        break;
      }
      case 'close': {
        const category = await findCategory(transaction, incident.categoryCode);
        if (category?.photoRequiredToClose && !(await hasHandlingPhoto(transaction, incident.id))) {
          throw new Failure('photo_required_to_close', {}, { currentState: incident.status });
        }
        await move(step, 'close', target, { closedAt: now });
        break;
      }
      case 'reject':
        await move(step, 'reject', target, { rejectionReason: 'invalid' });
        break;
      case 'accept':
        await move(step, 'accept', target, { acceptedAt: now });
        break;
      case 'start':
        await move(step, 'start', target, incident.startedAt ? {} : { startedAt: now });
        break;
      case 'pass_check':
        await move(step, 'pass_check', target, { checkedAt: now, checkedByUserId: viewer.userId });
        break;
      case 'fail_check':
        await move(step, 'fail_check', target, {
          checkedAt: now, checkedByUserId: viewer.userId, reworkCount: incident.reworkCount + 1, handledAt: null, handledByUserId: null,
        });
        break;
      case 'backlog':
        await move(step, 'backlog', target, { backlogReason: note!, backloggedAt: now });
        break;
    }
    await recordAudit(transaction, {
      viewer, action: `incident.${request.action}`, objectType: 'incident', objectId: incident.id, result: 'ok',
      ...(context.clientAddress !== undefined ? { clientAddress: context.clientAddress } : {}),
      details: { from: incident.status, note, photos, ...(request.duplicateOf ? { duplicateOf: request.duplicateOf } : {}) },
    });
    return { incidentId: incident.id };
  });
}

interface Step {
  transaction: Queryable;
  incident: IncidentRecord;
  viewer: UserViewer;
  now: Date;
  note: string | null;
  photos: string[];
}

async function move(step: Step, action: string, to: IncidentRecord['status'], patch: IncidentPatch, systemNote?: SystemNote): Promise<void> {
  const { transaction, incident, viewer, now, note, photos } = step;
  await updateIncident(transaction, incident.id, { ...patch, status: to, updatedAt: now });
  await insertEvent(transaction, {
    incidentId: incident.id, at: now, action, fromStatus: incident.status, toStatus: to,
    actorUserId: viewer.userId, actorLabel: null, note, ...(systemNote ? { systemNote } : {}), photos,
  });
  incident.status = to;
}

async function register(step: Step): Promise<void> {
  const { transaction, incident, now } = step;
  const category = await findCategory(transaction, incident.categoryCode);
  // emergencies: due on the 24/7 clock from the report; other classes: working time from now
  const dueAt = await caseDueAt(transaction, category, { reportedAt: incident.reportedAt, now });
  await move(step, 'register', 'registered', { registeredAt: now, dueAt });
  await routeAutomatically(step, category?.department ?? null, 'system');
}

/** Route to the grid's worker, the category's department, or a vacant grid's duty dispatcher. */
async function routeAutomatically(step: Step, department: string | null, actor: 'system' | 'user'): Promise<void> {
  const { transaction, incident, now } = step;
  const routing = await routeLocation(transaction, incident.longitude, incident.latitude, now);
  const placed: IncidentPatch = { gridId: routing.gridId, communityId: routing.communityId ?? incident.communityId };
  const cleared: IncidentPatch = { assignedWorkerId: null, assignedUserId: null, assignedDepartment: null, vacantGrid: false, acceptedAt: null };
  let patch: IncidentPatch;
  let systemNote: SystemNote;
  if (department) {
    patch = { ...cleared, assignedDepartment: department };
    systemNote = { code: 'routed_to_department', params: { department } };
  } else if (routing.workerId !== null) {
    patch = { ...cleared, assignedWorkerId: routing.workerId };
    systemNote = { code: 'routed_to_worker', params: { gridId: routing.gridId } };
  } else if (routing.dutyDispatcherUserId !== null) {
    patch = { ...cleared, assignedUserId: routing.dutyDispatcherUserId, vacantGrid: true };
    systemNote = { code: 'routed_to_duty_dispatcher', params: { gridId: routing.gridId } };
  } else {
    // nobody to send it to: it waits, flagged, on the desk for a manual dispatch
    await updateIncident(transaction, incident.id, { ...placed, ...cleared, vacantGrid: true, updatedAt: now });
    await insertEvent(transaction, {
      incidentId: incident.id, at: now, action: 'route_failed', fromStatus: incident.status, toStatus: incident.status,
      actorUserId: null, actorLabel: 'system', note: null, systemNote: { code: 'routing_failed', params: { gridId: routing.gridId } }, photos: [],
    });
    return;
  }
  await updateIncident(transaction, incident.id, { ...placed, ...patch, status: 'dispatched', dispatchedAt: now, updatedAt: now });
  await insertEvent(transaction, {
    incidentId: incident.id, at: now, action: 'dispatch', fromStatus: incident.status, toStatus: 'dispatched',
    actorUserId: actor === 'system' ? null : step.viewer.userId, actorLabel: actor === 'system' ? 'system' : null,
    note: actor === 'system' ? null : step.note, systemNote, photos: [],
  });
  incident.status = 'dispatched';
}

async function dispatch(step: Step, target: DispatchTarget | undefined): Promise<void> {
  const { transaction, incident, now } = step;
  const fromBacklog = incident.status === 'backlog';
  if (fromBacklog) {
    // back from the backlog: a fresh deadline, and it may escalate again
    const category = await findCategory(transaction, incident.categoryCode);
    const dueAt = await caseDueAt(transaction, category, { reportedAt: now, now });
    await updateIncident(transaction, incident.id, { dueAt, escalatedAt: null });
  }
  if (target === undefined) {
    const category = await findCategory(transaction, incident.categoryCode);
    await routeAutomatically(step, category?.department ?? null, 'user');
    if (incident.status !== 'dispatched') throw new Failure('no_dispatch_target', {}, { field: 'target' });
    return;
  }
  const cleared: IncidentPatch = { assignedWorkerId: null, assignedUserId: null, assignedDepartment: null, vacantGrid: false, acceptedAt: null };
  let patch: IncidentPatch;
  if ('workerId' in target) {
    if (!(await activeWorkerExists(transaction, target.workerId))) throw invalidRequest([problem('target.workerId', 'no_active_worker', { id: target.workerId })]);
    patch = { ...cleared, assignedWorkerId: target.workerId };
  } else if ('userId' in target) {
    if (!(await userHasRole(transaction, target.userId, dispatchingRoles))) throw invalidRequest([problem('target.userId', 'not_a_dispatcher', { id: target.userId })]);
    patch = { ...cleared, assignedUserId: target.userId };
  } else {
    patch = { ...cleared, assignedDepartment: target.department };
  }
  await move(step, 'dispatch', 'dispatched', { ...patch, dispatchedAt: now });
}

async function merge(step: Step, duplicateOf: number | undefined): Promise<void> {
  const { transaction, incident, viewer, now, note } = step;
  if (duplicateOf === undefined) throw invalidRequest([problem('duplicateOf', 'required', {})]);
  if (duplicateOf === incident.id) throw invalidRequest([problem('duplicateOf', 'duplicate_of_itself', {})]);
  const original = await lockIncident(transaction, duplicateOf, { kind: 'all' });
  if (!original) throw invalidRequest([problem('duplicateOf', 'unknown_incident', { id: duplicateOf })]);
  if (original.status === 'rejected') {
    throw new Failure('merge_into_rejected', { trackingCode: original.trackingCode }, { currentState: original.status });
  }
  await move(step, 'merge', 'rejected', { rejectionReason: 'duplicate', duplicateOf: original.id },
    note === null ? { code: 'merged_into', params: { trackingCode: original.trackingCode } } : undefined);
  await insertEvent(transaction, {
    incidentId: original.id, at: now, action: 'merged', fromStatus: original.status, toStatus: original.status,
    actorUserId: viewer.userId, actorLabel: null, note: null, systemNote: { code: 'duplicate_merged', params: { trackingCode: incident.trackingCode } }, photos: [],
  });
}

/**
 * A case verified where it was found — a finding of a back-street inspection (区查街改, server/duties)
 * — is registered with its deadline and dispatched to a named target, in the caller's transaction:
 * the inspection is the verification, and the section's responsible person is who fixes it.
 */
export async function registerAndDispatchVerified(
  transaction: Queryable,
  incidentId: number,
  target: DispatchTarget,
  context: { viewer: UserViewer; now: Date; note?: string | null },
): Promise<void> {
  const incident = await lockIncident(transaction, incidentId, { kind: 'all' });
  if (!incident) throw notFound('incident', incidentId);
  const step: Step = { transaction, incident, viewer: context.viewer, now: context.now, note: context.note ?? null, photos: [] };
  const category = await findCategory(transaction, incident.categoryCode);
  // the same clock as every registration: emergencies 24/7 from the report, other classes working time
  const dueAt = await caseDueAt(transaction, category, { reportedAt: incident.reportedAt, now: context.now });
  await move(step, 'register', 'registered', { registeredAt: context.now, dueAt });
  await dispatch(step, target);
}
