import { z } from '@hono/zod-openapi';

/** Request shapes shared by the emergency routes (parsed with zod before any use case runs). */

export const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), { params: { problem: 'not_a_date' } });

/** An instant with its offset, as the browser's datetime picker sends it converted (2026-12-06T22:30:00+08:00 or …Z). */
export const instantText = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(new Date(text).getTime()), {
    params: { problem: 'not_an_instant_with_zone' },
  })
  .transform((text) => new Date(text));

export const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const planBodySchema = z.object({
  title: z.string().trim().min(1).max(200),
  level: z.enum(['street', 'community', 'site']),
  communityId: z.number().int().positive().nullable().default(null),
  status: z.enum(['draft', 'current']).default('current'),
  eventKinds: z.array(z.string().regex(/^[0-9]{4}$/)).max(50).default([]),
  coversRiskSourceIds: z.array(z.number().int().positive()).max(500).default([]),
  triggerConditions: z.string().trim().max(4000).default(''),
  responseLevels: z.array(z.object({ level: z.enum(['I', 'II', 'III', 'IV']), actions: z.array(z.string().trim().min(1).max(500)).max(50) })).max(4).default([]),
  roles: z.array(z.object({ role: z.string().trim().min(1).max(100), name: z.string().trim().min(1).max(100), phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/).nullable() })).max(50).default([]),
  resources: z.array(z.object({ kind: z.enum(['shelter', 'assembly_point', 'equipment_store']), name: z.string().trim().min(1).max(200), point: lngLat })).max(100).default([]),
  reviewedOn: dateText,
});

export const activationBodySchema = z.object({
  planId: z.number().int().positive().optional(),
  incidentId: z.number().int().positive().optional(),
  point: lngLat.optional(),
  responseLevel: z.enum(['I', 'II', 'III', 'IV']),
  radiusMetres: z.number().int().min(10).max(5000).optional(),
  note: z.string().trim().max(2000).optional(),
});

export const linkageMessageSchema = z.object({
  emergencyId: z.number().int().positive(),
  platform: z.enum(['110', '119', '120']),
  reference: z.string().trim().min(1).max(100).optional(),
  status: z.string().trim().max(50).optional(),
  note: z.string().trim().max(2000).optional(),
});
