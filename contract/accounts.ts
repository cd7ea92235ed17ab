import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** Staff accounts and sessions. Residents have no account: they are the anonymous caller. */

export const roleSchema = z.enum(['admin', 'planner', 'dispatcher', 'worker', 'auditor', 'leader']).openapi('Role');

/** Who is signed in, as the web app shows it. */
export const sessionUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    /** For role worker: the workers row and the grid they serve now (null while vacant). */
    workerId: z.number().int().nullable(),
    currentGridId: z.number().int().nullable(),
    mustChangePassword: z.boolean(),
  })
  .openapi('SessionUser');

/** The session: the user (null for a resident) and the CSRF token every write must carry. */
export const sessionSchema = z
  .object({ user: sessionUserSchema.nullable(), csrfToken: z.string().nullable() })
  .openapi('Session');

export const signedOutSchema = z.object({ signedOut: z.literal(true) }).openapi('SignedOut');
export const passwordChangedSchema = z.object({ changed: z.literal(true) }).openapi('PasswordChanged');

export const userAccountSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    workerId: z.number().int().nullable(),
    disabled: z.boolean(),
    lockedUntil: instantSchema.nullable(),
    lastLoginAt: instantSchema.nullable(),
    mustChangePassword: z.boolean(),
    createdAt: instantSchema,
  })
  .openapi('UserAccount');
export const userAccountListSchema = z.object({ users: z.array(userAccountSchema) }).openapi('UserAccountList');
export const createdUserSchema = z.object({ id: z.number().int() }).openapi('CreatedUser');

export type Role = z.infer<typeof roleSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type UserAccount = z.infer<typeof userAccountSchema>;
