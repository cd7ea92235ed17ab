import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { loadWorkingCalendar } from '../calendar/calendar.repo.ts';
import { addWorkingTime } from '../calendar/working-calendar.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound } from '../http/failure.ts';
import {
  activeWorkerExists, findCategory, hasHandlingPhoto, insertEvent, lockIncident, missingPhotos, routeLocation,
  updateIncident, userHasRole, type CaseScope, type IncidentPatch, type IncidentRecord,
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

/** Why the viewer may not take `action` on this case, or undefined when the role allows it. */
export function refusalOf(viewer: UserViewer, incident: IncidentRecord, action: IncidentAction): string | undefined {
  const { actor, verb } = actionRules[action];
  if (actor === 'assignee') {
    return isAssignee(viewer, incident) ? undefined : `Only the one the case is assigned to may ${verb}`;
  }
  if (!dispatchingRoles.includes(viewer.role)) return `The ${viewer.role} role may not ${verb}`;
  if (actor === 'checker' && incident.handledByUserId === viewer.userId) {
    return 'The checker must be someone other than the handler';
  }
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
      throw new Failure('forbidden', refusal, {
        action: request.action, currentState: incident.status, reason: refusal.startsWith('The checker') ? 'checker_is_handler' : 'role',
      });
    }
    const target = nextStatus(incident.status, request.action);
    if (target === undefined || (request.action === 'accept' && incident.acceptedAt !== null)) {
      throw new Failure('invalid_transition', `Cannot ${actionRules[request.action].verb} from state ${incident.status}`, {
        action: request.action, currentState: incident.status, allowedActions: actionsFrom(incident.status),
      });
    }
    const note = request.note?.trim() || null;
    if (actionRules[request.action].needsNote && !note) {
      throw invalidRequest([{ field: 'note', message: `a note (the reason) is required to ${actionRules[request.action].verb}` }]);
    }
    const photos = [...new Set(request.photos ?? [])];
    const missing = await missingPhotos(transaction, photos);
    if (missing.length > 0) throw new Failure('unprocessable', `Unknown photo ${missing.join(', ')}: upload it first (POST /api/photos)`, { fields: [{ field: 'photos', message: 'unknown photo' }] });

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
          throw invalidRequest([{ field: 'photos', message: 'this category needs a photo of the result (反馈须附照片)' }]);
        }
        await move(step, 'handle', target, { handledAt: now, handledByUserId: viewer.userId });
        break;
      }
      case 'close': {
        const category = await findCategory(transaction, incident.categoryCode);
        if (category?.photoRequiredToClose && !(await hasHandlingPhoto(transaction, incident.id))) {
          throw new Failure('unprocessable', 'This category needs a photo of the result before it can be closed', { currentState: incident.status });
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

async function move(step: Step, action: string, to: IncidentRecord['status'], patch: IncidentPatch, eventNote?: string): Promise<void> {
  const { transaction, incident, viewer, now, note, photos } = step;
  await updateIncident(transaction, incident.id, { ...patch, status: to, updatedAt: now });
  await insertEvent(transaction, {
    incidentId: incident.id, at: now, action, fromStatus: incident.status, toStatus: to,
    actorUserId: viewer.userId, actorLabel: null, note: eventNote ?? note, photos,
  });
  incident.status = to;
}

async function register(step: Step): Promise<void> {
  const { transaction, incident, now } = step;
  const category = await findCategory(transaction, incident.categoryCode);
  const calendar = await loadWorkingCalendar(transaction);
  const dueAt =
    category?.deadlineAmount && category.deadlineUnit ? addWorkingTime(calendar, now, category.deadlineAmount, category.deadlineUnit) : null;
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
  let note: string;
  if (department) {
    patch = { ...cleared, assignedDepartment: department };
    note = `自动派遣至部门 ${department} (routed to department)`;
  } else if (routing.workerId !== null) {
    patch = { ...cleared, assignedWorkerId: routing.workerId };
    note = `自动派遣至网格员 (routed to the worker of grid ${routing.gridId})`;
  } else if (routing.dutyDispatcherUserId !== null) {
    patch = { ...cleared, assignedUserId: routing.dutyDispatcherUserId, vacantGrid: true };
    note = `网格空缺，派至社区值班调度员 (vacant grid ${routing.gridId ?? '—'}: routed to the community's duty dispatcher)`;
  } else {
    // nobody to send it to: it waits, flagged, on the desk for a manual dispatch
    await updateIncident(transaction, incident.id, { ...placed, ...cleared, vacantGrid: true, updatedAt: now });
    await insertEvent(transaction, {
      incidentId: incident.id, at: now, action: 'route_failed', fromStatus: incident.status, toStatus: incident.status,
      actorUserId: null, actorLabel: 'system', note: `网格空缺且无值班调度员，待人工派遣 (vacant grid ${routing.gridId ?? '—'}, no duty dispatcher)`, photos: [],
    });
    return;
  }
  await updateIncident(transaction, incident.id, { ...placed, ...patch, status: 'dispatched', dispatchedAt: now, updatedAt: now });
  await insertEvent(transaction, {
    incidentId: incident.id, at: now, action: 'dispatch', fromStatus: incident.status, toStatus: 'dispatched',
    actorUserId: actor === 'system' ? null : step.viewer.userId, actorLabel: actor === 'system' ? 'system' : null,
    note: actor === 'system' ? note : [step.note, note].filter(Boolean).join(' — '), photos: [],
  });
  incident.status = 'dispatched';
}

async function dispatch(step: Step, target: DispatchTarget | undefined): Promise<void> {
  const { transaction, incident, now } = step;
  const fromBacklog = incident.status === 'backlog';
  if (fromBacklog) {
    // back from the backlog: a fresh deadline, and it may escalate again
    const category = await findCategory(transaction, incident.categoryCode);
    const calendar = await loadWorkingCalendar(transaction);
    const dueAt =
      category?.deadlineAmount && category.deadlineUnit ? addWorkingTime(calendar, now, category.deadlineAmount, category.deadlineUnit) : null;
    await updateIncident(transaction, incident.id, { dueAt, escalatedAt: null });
  }
  if (target === undefined) {
    const category = await findCategory(transaction, incident.categoryCode);
    await routeAutomatically(step, category?.department ?? null, 'user');
    if (incident.status !== 'dispatched') throw new Failure('unprocessable', 'Nobody serves this place: name a worker, department or dispatcher', { field: 'target' });
    return;
  }
  const cleared: IncidentPatch = { assignedWorkerId: null, assignedUserId: null, assignedDepartment: null, vacantGrid: false, acceptedAt: null };
  let patch: IncidentPatch;
  if ('workerId' in target) {
    if (!(await activeWorkerExists(transaction, target.workerId))) throw invalidRequest([{ field: 'target.workerId', message: `no active worker ${target.workerId}` }]);
    patch = { ...cleared, assignedWorkerId: target.workerId };
  } else if ('userId' in target) {
    if (!(await userHasRole(transaction, target.userId, dispatchingRoles))) throw invalidRequest([{ field: 'target.userId', message: `user ${target.userId} is not an active dispatcher` }]);
    patch = { ...cleared, assignedUserId: target.userId };
  } else {
    patch = { ...cleared, assignedDepartment: target.department };
  }
  await move(step, 'dispatch', 'dispatched', { ...patch, dispatchedAt: now });
}

async function merge(step: Step, duplicateOf: number | undefined): Promise<void> {
  const { transaction, incident, viewer, now, note } = step;
  if (duplicateOf === undefined) throw invalidRequest([{ field: 'duplicateOf', message: 'name the original case this one duplicates' }]);
  if (duplicateOf === incident.id) throw invalidRequest([{ field: 'duplicateOf', message: 'a case cannot duplicate itself' }]);
  const original = await lockIncident(transaction, duplicateOf, { kind: 'all' });
  if (!original) throw invalidRequest([{ field: 'duplicateOf', message: `incident ${duplicateOf} does not exist` }]);
  if (original.status === 'rejected') {
    throw new Failure('invalid_transition', `Cannot merge into case ${original.trackingCode}: it is itself rejected`, { currentState: original.status });
  }
  await move(step, 'merge', 'rejected', { rejectionReason: 'duplicate', duplicateOf: original.id }, note ?? `重复案件，并入 ${original.trackingCode} (duplicate of ${original.trackingCode})`);
  await insertEvent(transaction, {
    incidentId: original.id, at: now, action: 'merged', fromStatus: original.status, toStatus: original.status,
    actorUserId: viewer.userId, actorLabel: null, note: `并入重复案件 ${incident.trackingCode} (duplicate ${incident.trackingCode} merged into this case)`, photos: [],
  });
}
