import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/**
 * The audit trail. `action` is a stable code (`incident.register`, `worker.assign`, `plan.publish`,
 * …) and `details` holds codes and figures, never prose, so a screen renders each row in its own
 * language; the actor is named by display name and role as they were recorded.
 */
export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: instantSchema,
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    /** the actor's display name now (null for residents, machine clients and the system) */
    actorDisplayName: z.string().nullable(),
    /** the actor's role when the row was written: admin … auditor, or anonymous */
    role: z.string().nullable(),
    action: z.string().openapi({ example: 'incident.register' }),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    /** the object's name now: a user's display name, a case's tracking code, a grid's name and code, a plan's name … */
    objectName: z.string().nullable(),
    result: z.enum(['ok', 'denied', 'failed']),
    clientAddress: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');
export const auditLogSchema = z.object({ entries: z.array(auditEntrySchema) }).openapi('AuditLog');

export type AuditEntry = z.infer<typeof auditEntrySchema>;
