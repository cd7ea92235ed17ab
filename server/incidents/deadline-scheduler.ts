import type { Sql } from '../db/connect.ts';
import type { NoteParams } from '../messages/message-catalogue.ts';
import { startPeriodicTask, type PeriodicTask } from '../periodic-task.ts';
import { runningStatuses } from './incident-state-machine.ts';

/**
 * Overdue escalation (超期督办). Every `intervalMilliseconds` the scheduler escalates the running
 * cases whose due time has passed: it sets `incidents.escalated_at`, writes an 'escalate' event and
 * a notification for the command centre, in one transaction. All its state is in the database,
 * so a restarted server picks up where it stopped; each case escalates once (escalated_at is the
 * guard, reset only when a case comes back from the backlog with a new deadline); and several
 * server processes never escalate the same case twice (`for update skip locked`).
 */
export async function escalateOverdueIncidents(sql: Sql, now: Date, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const escalated = await sql.begin(async (transaction) => {
      const rows = await transaction<{ id: number; status: string; trackingCode: string; dueAt: Date; dutyDispatcherUserId: number | null }[]>`
        with overdue as (
          select id from incidents
           where status in ${transaction(runningStatuses as string[])} and escalated_at is null and due_at < ${now}
           order by due_at limit ${batchSize}
           for update skip locked
        )
        update incidents i set escalated_at = ${now}, updated_at = ${now}
          from overdue where i.id = overdue.id
        returning i.id, i.status, i.tracking_code, i.due_at,
                  (select c.duty_dispatcher_user_id from communities c where c.id = i.community_id) as duty_dispatcher_user_id`;
      if (rows.length === 0) return 0;
      // stored as codes with params (server/messages `notes`), rendered in each reader's language
      const entries = rows.map((row) => ({
        incidentId: row.id,
        status: row.status,
        recipientUserId: row.dutyDispatcherUserId,
        noteParams: { dueAt: row.dueAt.toISOString() } satisfies NoteParams<'overdue_escalated'>,
        messageParams: { trackingCode: row.trackingCode } satisfies NoteParams<'incident_overdue'>,
      }));
      const payload = transaction.json(entries as never);
      await transaction`
        insert into incident_events (incident_id, at, action, from_status, to_status, actor_label, note_code, note_params)
        select (entry ->> 'incidentId')::bigint, ${now}, 'escalate', entry ->> 'status', entry ->> 'status', 'system',
               'overdue_escalated', entry -> 'noteParams'
          from jsonb_array_elements(${payload}::jsonb) as entry`;
      await transaction`
        insert into notifications (created_at, recipient_role, recipient_user_id, kind, incident_id, message_code, message_params)
        select ${now}, 'dispatcher', (entry ->> 'recipientUserId')::int, 'incident_overdue', (entry ->> 'incidentId')::bigint,
               'incident_overdue', entry -> 'messageParams'
          from jsonb_array_elements(${payload}::jsonb) as entry
        on conflict (kind, incident_id) do nothing`;
      return rows.length;
    });
    total += escalated;
    if (escalated < batchSize) return total;
  }
}

export type DeadlineScheduler = PeriodicTask<number>;

export function startDeadlineScheduler(
  sql: Sql,
  options: { intervalMilliseconds?: number; clock?: () => Date; log?: (message: string) => void } = {},
): DeadlineScheduler {
  const clock = options.clock ?? (() => new Date());
  return startPeriodicTask('deadline scheduler', () => escalateOverdueIncidents(sql, clock()), options);
}
