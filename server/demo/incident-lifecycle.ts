import type { IncidentEventRow, IncidentSource, IncidentStatus } from './demo-rows.ts';
import type { SeededRandom } from './seeded-random.ts';
import { addWorkingHours } from './working-time.ts';

/**
 * Plays one case through the closed loop of the brief — reported → registered (or rejected) →
 * dispatched → handling → handled → checked → closed, with rework after a failed check, the
 * backlog for cases that cannot be closed, and an escalation event when the deadline passes —
 * stopping at `now`. Whatever has not happened by `now` has not happened: old cases are mostly
 * closed, recent ones are still moving, and the status is the last step reached.
 */
export interface LifecycleInput {
  reportedAt: Date;
  now: Date;
  deadlineWorkingHours: number;
  source: IncidentSource;
  description: string;
  reporterLabel: string;
  dispatcherLabel: string;
  handlerLabel: string;
  checkerLabel: string;
  /** "派遣至网格员 王芳" or "派遣至 供水公司". */
  dispatchNote: string;
  backlogProne: boolean;
}

export interface LifecycleResult {
  status: IncidentStatus;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  dueAt: Date | null;
  events: IncidentEventRow[];
}

const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;

const rejectionNotes = ['经现场核实不属实，不予立案', '重复上报，已合并至同一案件', '不属于城市管理范围，已告知当事人转有关部门', '现场已自行整改，无需立案'];
const reworkNotes = ['核查未通过：现场仍有残留，请重新处置', '核查未通过：照片与现场不符', '核查未通过：问题复发，需彻底整改'];
const backlogNotes = ['涉及历史遗留问题，需多部门联合处置，挂账督办', '当事人拒不整改，已移交执法部门，挂账跟踪', '需列入年度改造计划，暂挂账'];

export function playLifecycle(input: LifecycleInput, random: SeededRandom): LifecycleResult {
  const { reportedAt, now } = input;
  const events: IncidentEventRow[] = [];
  const result: LifecycleResult = { status: 'reported', registeredAt: null, dispatchedAt: null, handledAt: null, closedAt: null, dueAt: null, events };
  const reached = (at: Date): boolean => at.getTime() <= now.getTime();
  const record = (at: Date, toStatus: IncidentStatus, actorLabel: string, note: string | null, systemNote?: { code: string; params: object }): void => {
    events.push({
      // the escalation keeps the status: without its action it would read as the status's step (开始处置)
      at, action: systemNote?.code === 'overdue_escalated' ? 'escalate' : null,
      fromStatus: events.length === 0 ? null : result.status, toStatus, actorLabel, note,
      noteCode: systemNote?.code ?? null, noteParams: systemNote ? JSON.stringify(systemNote.params) : null,
    });
    result.status = toStatus;
  };
  const after = (start: Date, minimumMilliseconds: number, maximumMilliseconds: number): Date =>
    new Date(start.getTime() + Math.round(random.between(minimumMilliseconds, maximumMilliseconds) / 1000) * 1000);

  record(reportedAt, 'reported', input.reporterLabel, input.description);

  // verification: patrol reports are registered within minutes, others take longer
  const registeredAt = input.source === 'patrol' ? after(reportedAt, 3 * minute, 40 * minute) : after(reportedAt, 15 * minute, 5 * hour);
  if (!reached(registeredAt)) return result;
  if (random.chance(0.06)) {
    record(registeredAt, 'rejected', input.dispatcherLabel, random.pick(rejectionNotes));
    return result;
  }
  record(registeredAt, 'registered', input.dispatcherLabel, '核实属实，予以立案');
  result.registeredAt = registeredAt;
  const dueAt = addWorkingHours(registeredAt, input.deadlineWorkingHours);
  result.dueAt = dueAt;
  const allowed = Math.max(dueAt.getTime() - registeredAt.getTime(), hour);

  const dispatchedAt = after(registeredAt, 2 * minute, 60 * minute);
  if (!reached(dispatchedAt)) return result;
  record(dispatchedAt, 'dispatched', input.dispatcherLabel, input.dispatchNote);
  result.dispatchedAt = dispatchedAt;

  const handlingAt = after(dispatchedAt, 5 * minute, Math.max(10 * minute, allowed * 0.2));
  if (!reached(handlingAt)) return result;
  record(handlingAt, 'handling', input.handlerLabel, '已到达现场，正在处置');

  const escalateIfLate = (until: Date): void => {
    // the escalation is the system's note, stored as a code like the deadline scheduler's
    if (dueAt.getTime() < until.getTime() && reached(dueAt)) {
      record(dueAt, result.status, 'system', null, { code: 'overdue_escalated', params: { dueAt: dueAt.toISOString() } });
    }
  };

  if (input.backlogProne && random.chance(0.15)) {
    const backlogAt = after(handlingAt, 1 * day, 12 * day);
    escalateIfLate(reached(backlogAt) ? backlogAt : now);
    if (!reached(backlogAt)) return result;
    record(backlogAt, 'backlog', input.dispatcherLabel, random.pick(backlogNotes));
    return result;
  }

  // most cases are handled in time; some run late, and a few stall for days or weeks
  // (waiting for parts, an owner who cannot be found), which is what keeps the overdue list alive
  const outcome = random.weighted([['on time', 0.87], ['late', input.backlogProne ? 0.2 : 0.09], ['stalled', 0.04]] as const);
  const handledAt =
    outcome === 'late' ? after(dueAt, 20 * minute, Math.max(2 * hour, allowed * 1.5))
    : outcome === 'stalled' ? after(dueAt, 1 * day, 30 * day)
    : after(handlingAt, Math.min(15 * minute, allowed * 0.1), Math.max(20 * minute, (dueAt.getTime() - handlingAt.getTime()) * 0.9));
  escalateIfLate(reached(handledAt) ? handledAt : now);
  if (!reached(handledAt)) return result;
  record(handledAt, 'handled', input.handlerLabel, '已处置完毕，现场已恢复，反馈处置结果');
  result.handledAt = handledAt;

  let checkedAt = after(handledAt, 20 * minute, 10 * hour);
  if (!reached(checkedAt)) return result;
  if (random.chance(0.06)) {
    record(checkedAt, 'rework', input.checkerLabel, random.pick(reworkNotes));
    const reworkStartedAt = after(checkedAt, 15 * minute, 4 * hour);
    if (!reached(reworkStartedAt)) return result;
    record(reworkStartedAt, 'handling', input.handlerLabel, '返工处置中');
    const reworkHandledAt = after(reworkStartedAt, 1 * hour, 30 * hour);
    if (!reached(reworkHandledAt)) return result;
    record(reworkHandledAt, 'handled', input.handlerLabel, '返工完毕，重新反馈');
    result.handledAt = reworkHandledAt;
    checkedAt = after(reworkHandledAt, 20 * minute, 10 * hour);
    if (!reached(checkedAt)) return result;
  }
  record(checkedAt, 'checked', input.checkerLabel, '核查通过');
  const closedAt = after(checkedAt, 10 * minute, 6 * hour);
  if (!reached(closedAt)) return result;
  record(closedAt, 'closed', input.dispatcherLabel, '结案');
  result.closedAt = closedAt;
  return result;
}
