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
  /** what the object is called now (a user's name, a case's tracking code, a grid's name …), null when unknown */
  objectName: string | null;
  result: 'ok' | 'denied' | 'failed';
  clientAddress: string | null;
  details: Record<string, unknown> | null;
}

/**
 * The object's name as a person reads it, looked up when the trail is read (ids stay the record).
 * Object ids are text in the log, so ids are compared as text: a malformed id finds nothing.
 */
function objectNameSql(sql: Queryable) {
  return sql`case a.object_type
      when 'user' then (select o.display_name from users o where o.id::text = a.object_id)
      when 'incident' then (select o.tracking_code from incidents o where o.id::text = a.object_id)
      when 'grid' then (select o.name || ' ' || o.code from grid_versions o where o.grid_id::text = a.object_id order by o.valid_from desc limit 1)
      when 'plan' then (select o.name from plans o where o.id::text = a.object_id)
      when 'risk_source' then (select o.name from risk_sources o where o.id::text = a.object_id)
      when 'api_key' then (select o.name from api_keys o where o.id::text = a.object_id)
      when 'import_job' then (select o.file_name from import_jobs o where o.id::text = a.object_id)
      when 'household' then (
        select coalesce(b.complex_name || ' ', '') || b.number || '栋' || coalesce(' ' || h.unit || '单元', '') || ' ' || h.room || '室'
          from households h join buildings b on b.id = h.building_id where h.id::text = a.object_id)
    end`;
}

export async function listAudit(sql: Queryable, filter: AuditFilter): Promise<AuditRow[]> {
  return sql<AuditRow[]>`
    select a.id, a.at, a.user_id, u.username, u.display_name as actor_display_name, a.role, a.action, a.object_type, a.object_id,
           ${objectNameSql(sql)} as object_name,
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
