import { z } from '@hono/zod-openapi';
import { instantFromLocalText } from '../time/zone.ts';

/** Request bodies of the draft-plan API; editing operations reuse server/grids/grid-edit-requests.ts. */

const name = z.string().trim().min(1).max(100);
const note = z.string().trim().max(1000).optional();

export const openPlanRequest = z
  .object({
    name: name.openapi({ description: 'e.g. 2027 年网格优化方案' }),
    note,
    communityIds: z
      .array(z.number().int().positive().max(2 ** 31 - 1))
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { params: { problem: 'named_twice' } }),
  })
  .openapi('OpenPlanRequest');

export const createCommunityRequest = z
  .object({
    name: z.string().trim().min(2).max(50),
    versionIds: z
      .array(z.number().int().positive().max(2 ** 53 - 1))
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, { params: { problem: 'named_twice' } }),
    serviceHallAddress: z.string().trim().max(200).optional(),
    serviceHallHours: z.string().trim().max(100).optional(),
    dutyPhone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/).optional(),
    changeNote: z.string().trim().max(500).optional(),
  })
  .openapi('CreateCommunityRequest');

const isoInstant = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const publishRequest = z
  .object({
    effectiveAt: z
      .string()
      .trim()
      .refine((text) => isoInstant.test(text) && instantFromLocalText(text, 'UTC') !== undefined, { params: { problem: 'not_an_instant' } })
      .optional()
      .openapi({
        type: 'string', format: 'date-time',
        description: 'When the layout becomes live; absent: now. A date is its start in the zone\'s time. A date ahead schedules the plan.',
      }),
    note: z.string().trim().max(300).optional(),
  })
  .openapi('PublishPlanRequest');

export const stepNoteRequest = z.object({ changeNote: z.string().trim().max(500).optional() }).openapi('PlanStepNote');
