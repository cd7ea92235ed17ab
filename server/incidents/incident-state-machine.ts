import type { Role } from '../accounts/roles.ts';
import { incidentStatuses, type IncidentStatus } from './incident-statuses.ts';

/**
 * The closed loop (BRIEF: 上报 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案, with 返工 and 挂账) as one
 * table: for every state, the actions allowed from it and the state each leads to. The table is a
 * mapped type over `IncidentStatus`, so adding a state without deciding its transitions fails
 * compilation. Who may take an action is `actionRules[action].actor`:
 *   - 'dispatcher': the command centre (roles dispatcher and admin);
 *   - 'assignee':   whoever holds the case — the assigned grid worker, the duty dispatcher a
 *                   vacant grid's case went to, or the command centre on behalf of a department;
 *   - 'checker':    the command centre, and never the user who handled the case.
 * Overdue escalation is not a transition: it is its own lifecycle (`incidents.escalated_at`,
 * an 'escalate' event) driven by server/incidents/deadline-scheduler.ts.
 */
export const incidentActions = [
  'register', 'reject', 'merge', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'fail_check', 'close', 'backlog',
] as const;
export type IncidentAction = (typeof incidentActions)[number];

export type ActorKind = 'dispatcher' | 'assignee' | 'checker';

/** Who may take each action, and whether it needs a note (the reason); action names are in server/messages. */
export const actionRules: { readonly [A in IncidentAction]: { actor: ActorKind; needsNote?: boolean } } = {
  register: { actor: 'dispatcher' },
  reject: { actor: 'dispatcher', needsNote: true },
  merge: { actor: 'dispatcher' },
  dispatch: { actor: 'dispatcher' },
  accept: { actor: 'assignee' },
  start: { actor: 'assignee' },
  handle: { actor: 'assignee' },
  pass_check: { actor: 'checker' },
  fail_check: { actor: 'checker', needsNote: true },
  close: { actor: 'dispatcher' },
  backlog: { actor: 'dispatcher', needsNote: true },
};

export const transitionTable: { readonly [S in IncidentStatus]: Readonly<Partial<Record<IncidentAction, IncidentStatus>>> } = {
  reported: { register: 'registered', reject: 'rejected', merge: 'rejected' },
  // registration routes the case at once; it stays 'registered' only when nobody could take it
  registered: { dispatch: 'dispatched', merge: 'rejected', backlog: 'backlog' },
  rejected: {},
  dispatched: { accept: 'dispatched', start: 'handling', dispatch: 'dispatched', merge: 'rejected', backlog: 'backlog' },
  handling: { handle: 'handled', dispatch: 'dispatched', backlog: 'backlog' },
  handled: { pass_check: 'checked', fail_check: 'rework' },
  checked: { close: 'closed' },
  closed: {},
  rework: { start: 'handling', dispatch: 'dispatched', backlog: 'backlog' },
  backlog: { dispatch: 'dispatched' },
};

/** The roles of the command centre. */
export const dispatchingRoles: readonly Role[] = ['dispatcher', 'admin'];

/** Open cases that are still waiting for someone to act on them within the deadline. */
export const runningStatuses: readonly IncidentStatus[] = ['registered', 'dispatched', 'handling', 'rework'];

export function nextStatus(status: IncidentStatus, action: IncidentAction): IncidentStatus | undefined {
  return transitionTable[status][action];
}

export function actionsFrom(status: IncidentStatus): IncidentAction[] {
  return incidentActions.filter((action) => transitionTable[status][action] !== undefined);
}

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (incidentStatuses as readonly string[]).includes(value);
}
