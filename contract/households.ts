import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, pointSchema } from './common.ts';

/** Households (户): personal fields masked by default; a reveal is per field and audited. */

export const personalFieldSchema = z.enum(['name', 'phone', 'idNumber']).openapi('PersonalField');

export const householdLocationPropertiesSchema = z
  .object({ id: z.number().int(), gridId: z.number().int(), buildingId: z.number().int(), residentCount: z.number().int() })
  .openapi('HouseholdLocationProperties');
export const householdLocationCollectionSchema = featureCollectionSchema(featureSchema(pointSchema, householdLocationPropertiesSchema))
  .openapi('HouseholdLocationCollection');

export const householdSchema = z
  .object({
    id: z.number().int(),
    gridId: z.number().int(),
    buildingId: z.number().int(),
    complexName: z.string().nullable(),
    buildingNumber: z.string(),
    unit: z.string().nullable(),
    room: z.string(),
    registeredCount: z.number().int(),
    residentCount: z.number().int(),
    floatingCount: z.number().int(),
    registeredElsewhere: z.boolean(),
    elderlyAlone: z.boolean(),
    disability: z.boolean(),
    headName: z.string().nullable(),
    headPhone: z.string().nullable(),
    headIdNumber: z.string().nullable(),
    longitude: z.number(),
    latitude: z.number(),
    /** which personal fields are masked in this answer */
    masked: z.array(personalFieldSchema),
  })
  .openapi('Household');
export const householdPageSchema = z.object({ total: z.number().int(), households: z.array(householdSchema) }).openapi('HouseholdPage');

export type PersonalField = z.infer<typeof personalFieldSchema>;
export type HouseholdLocationProperties = z.infer<typeof householdLocationPropertiesSchema>;
export type Household = z.infer<typeof householdSchema>;
export type HouseholdPage = z.infer<typeof householdPageSchema>;
