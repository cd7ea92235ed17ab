import { caseDueAtReader } from '../emergency/response-clock.ts';
import type { Queryable } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import type { ImportProblemCode } from '../messages/message-catalogue.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { findCategories, insertEvents, insertIncidents, type NewEvent } from './incident-loop.repo.ts';
import { nextStatus, type IncidentAction } from './incident-state-machine.ts';
import type { IncidentStatus } from './incident-statuses.ts';

/**
 * Incidents from a file (a 12345 hotline export, another city's 311 cases) enter GridAtlas the way
 * the API's cases do: created by the ingestion's own insert (`insertIncidents`: status reported, a
 * 'report' event, the emergency clock's trigger), then — for a case the file records as closed —
 * moved along the closed loop by the state machine's table, one event per transition with its
 * from/to status, at the times the file recorded. The due time is the registration's
 * (`caseDueAt`, as on registration through the API). A status the loop cannot reproduce from the
 * file's data is refused by the validation report (`importedStatusProblems`), naming the field.
 *
 * What the file cannot tell — who registered, handled and checked a historic case — is left empty;
 * each replayed event names the importer and carries the note `imported_case` (file and row).
 */

/** Statuses an import can reproduce, and the words files use for them. */
export const importableStatuses = ['reported', 'closed'] as const;
export type ImportableStatus = (typeof importableStatuses)[number];
const statusWords: Record<string, ImportableStatus> = {
  reported: 'reported', 上报: 'reported', 已上报: 'reported', 待立案: 'reported', open: 'reported', new: 'reported',
  closed: 'closed', 结案: 'closed', 已结案: 'closed', 办结: 'closed', 已办结: 'closed',
};

/** The path of a closed case through the loop: every action a state machine takes from 'reported' to 'closed'. */
export const closingPath: readonly IncidentAction[] = ['register', 'dispatch', 'start', 'handle', 'pass_check', 'close'];

export interface ImportedIncidentRow {
  row: number;
  values: Record<string, unknown>;
}

/**
 * Validation: each row's status (its mapped column, else the wizard's default, else reported) is
 * resolved to one the loop can reproduce, or refused. A closed case was closed where it was handled
 * (the hotline's platform kept its evidence): the category's handling-photo rule, which guards
 * closing a case inside GridAtlas, is not asked of it. `values.status` and `values.closedAt` are
 * set to what the commit will use.
 */
export function importedStatusProblems(
  rows: ImportedIncidentRow[],
  defaultStatus: ImportableStatus | undefined,
  parseInstant: (value: unknown) => Date | null,
): { row: number; field: string; code: ImportProblemCode; params: Record<string, string> }[] {
  const problems: { row: number; field: string; code: ImportProblemCode; params: Record<string, string> }[] = [];
  for (const { row, values } of rows) {
    const given = values.status === null || values.status === undefined || String(values.status).trim() === '' ? null : String(values.status).trim();
    const status = given === null ? defaultStatus ?? 'reported' : statusWords[given] ?? statusWords[given.toLowerCase()];
    if (!status) {
      problems.push({ row, field: 'status', code: 'import_status_not_reproducible', params: { status: given! } });
      continue;
    }
    values.status = status;
    if (status !== 'closed') {
      values.closedAt = null;
      continue;
    }
    const closedAt = values.closedAt === null || values.closedAt === undefined || values.closedAt === '' ? null : parseInstant(values.closedAt);
    if (values.closedAt && !closedAt) problems.push({ row, field: 'closedAt', code: 'import_closed_at_not_a_date', params: { value: String(values.closedAt) } });
    else if (closedAt && closedAt.getTime() < new Date(String(values.reportedAt)).getTime()) problems.push({ row, field: 'closedAt', code: 'import_closed_before_reported', params: {} });
    values.closedAt = (closedAt ?? new Date(String(values.reportedAt))).toISOString();
  }
  return problems;
}

export interface HistoricIncident {
  row: number;
  trackingCode: string | null;
  categoryCode: string;
  source: string;
  description: string;
  longitude: number;
  latitude: number;
  address: string | null;
  gridId: number | null;
  communityId: number | null;
  reportedAt: Date;
  status: ImportableStatus;
  /** closed cases: when; the file's closing time, else the report's */
  closedAt: Date | null;
}

/** Write the cases in the caller's transaction; returns their ids in row order. */
export async function importHistoricIncidents(
  transaction: Queryable,
  incidents: HistoricIncident[],
  context: { userId: number; fileName: string },
): Promise<number[]> {
  if (incidents.length === 0) return [];
  const timeZone = await zoneTimeZone(transaction);
  const created = await insertIncidents(transaction, incidents.map((incident) => ({
    idempotencyKey: null, idempotencyBodyHash: null, categoryCode: incident.categoryCode, source: incident.source, description: incident.description,
    longitude: incident.longitude, latitude: incident.latitude, address: incident.address, gridId: incident.gridId,
    communityId: incident.communityId as number, reportedAt: incident.reportedAt, reporterUserId: null, reporterName: null, reporterPhone: null,
    timeZone, photos: [], eventAt: incident.reportedAt, actorLabel: incident.source,
  })));
  const ids = incidents.map((_, position) => created.get(position)!.id);
  // the file's own case numbers are kept (the ingestion numbered them E…)
  const renamed = incidents.flatMap((incident, position) => (incident.trackingCode ? [{ id: ids[position], tracking_code: incident.trackingCode }] : []));
  if (renamed.length > 0) {
    await transaction`
      update incidents i set tracking_code = item.tracking_code
        from jsonb_to_recordset(${JSON.stringify(renamed)}::text::jsonb) as item (id bigint, tracking_code text) where i.id = item.id`;
  }

  const closing = incidents.map((incident, position) => ({ incident, id: ids[position]! })).filter(({ incident }) => incident.status === 'closed');
  if (closing.length === 0) return ids;
  const categories = await findCategories(transaction, [...new Set(closing.map(({ incident }) => incident.categoryCode))]);
  const caseDueAt = await caseDueAtReader(transaction);
  const events: NewEvent[] = [];
  const patches: Record<string, unknown>[] = [];
  for (const { incident, id } of closing) {
    const handledAt = incident.closedAt ?? incident.reportedAt;
    const at: Record<IncidentAction, Date> = {
      register: incident.reportedAt, dispatch: incident.reportedAt, start: incident.reportedAt,
      handle: handledAt, pass_check: handledAt, close: handledAt, reject: handledAt, merge: handledAt, accept: handledAt, fail_check: handledAt, backlog: handledAt,
    };
    let status: IncidentStatus = 'reported';
    for (const action of closingPath) {
      const next = nextStatus(status, action);
      // the table decides: a path it does not allow is refused, never written around it
      if (next === undefined) throw new Failure('invalid_transition', { action, currentState: status }, { action, currentState: status, row: incident.row });
      events.push({
        incidentId: id, at: at[action], action, fromStatus: status, toStatus: next, actorUserId: context.userId, actorLabel: null, note: null,
        systemNote: { code: 'imported_case', params: { fileName: context.fileName, row: incident.row } }, photos: [],
      });
      status = next;
    }
    // registration sets the due time, as through the API: emergencies 24/7 from the report, others working time from registration
    const dueAt = await caseDueAt(categories.get(incident.categoryCode), { reportedAt: incident.reportedAt, now: at.register });
    patches.push({
      id, status, registered_at: at.register.toISOString(), dispatched_at: at.dispatch.toISOString(), started_at: at.start.toISOString(),
      handled_at: at.handle.toISOString(), checked_at: at.pass_check.toISOString(), closed_at: at.close.toISOString(), due_at: dueAt?.toISOString() ?? null,
    });
  }
  await transaction`
    update incidents i
       set status = item.status, registered_at = item.registered_at, dispatched_at = item.dispatched_at, started_at = item.started_at,
           handled_at = item.handled_at, checked_at = item.checked_at, closed_at = item.closed_at, due_at = coalesce(item.due_at, i.due_at),
           updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(patches)}::text::jsonb) as item (
             id bigint, status text, registered_at timestamptz, dispatched_at timestamptz, started_at timestamptz, handled_at timestamptz,
             checked_at timestamptz, closed_at timestamptz, due_at timestamptz)
     where i.id = item.id`;
  await insertEvents(transaction, events);
  return ids;
}
