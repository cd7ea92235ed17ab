import type { Queryable } from '../db/connect.ts';
import type { Viewer } from '../accounts/roles.ts';

export interface AuditEntry {
  viewer: Viewer;
  action: string;
  objectType?: string;
  objectId?: string | number;
  result: 'ok' | 'denied' | 'failed';
  clientAddress?: string;
  details?: Record<string, unknown>;
}

/** One row per write, reveal, export and security-relevant refusal; the table is append-only. */
export async function recordAudit(sql: Queryable, entry: AuditEntry): Promise<void> {
  const user = entry.viewer.kind === 'user' ? entry.viewer : undefined;
  await sql`
    insert into audit_log (user_id, role, action, object_type, object_id, result, client_address, details)
    values (${user?.userId ?? null}, ${user?.role ?? 'anonymous'}, ${entry.action}, ${entry.objectType ?? null},
            ${entry.objectId === undefined ? null : String(entry.objectId)}, ${entry.result}, ${entry.clientAddress ?? null},
            ${entry.details ? sql.json(entry.details as never) : null})`;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  userId?: number;
  action?: string;
  result?: string;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  userId: number | null;
  username: string | null;
  actorDisplayName: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'ok' | 'denied' | 'failed';
  clientAddress: string | null;
  details: Record<string, unknown> | null;
}

export async function listAudit(sql: Queryable, filter: AuditFilter): Promise<AuditRow[]> {
  return sql<AuditRow[]>`
    select a.id, a.at, a.user_id, u.username, u.display_name as actor_display_name, a.role, a.action, a.object_type, a.object_id,
           a.result, a.client_address, a.details
      from audit_log a left join users u on u.id = a.user_id
     where true
       ${filter.from ? sql`and a.at >= ${filter.from}` : sql``}
       ${filter.to ? sql`and a.at < ${filter.to}` : sql``}
       ${filter.userId ? sql`and a.user_id = ${filter.userId}` : sql``}
       ${filter.action ? sql`and a.action like ${filter.action.replace(/[%_]/g, '') + '%'}` : sql``}
       ${filter.result ? sql`and a.result = ${filter.result}` : sql``}
     order by a.id desc
     limit ${filter.limit} offset ${filter.offset}`;
}
