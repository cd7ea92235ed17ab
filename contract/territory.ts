import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, instantSchema, multiPolygonSchema } from './common.ts';

/** Communities, grids and the public worker card: the territory as the map draws it. */

export const communityPropertiesSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    streetCode: z.string(),
    streetName: z.string(),
    gridCount: z.number().int(),
    households: z.number().int(),
    residents: z.number().int(),
    serviceHallAddress: z.string().nullable(),
    serviceHallHours: z.string().nullable(),
    dutyPhone: z.string().nullable(),
  })
  .openapi('CommunityProperties');
export const communityFeatureSchema = featureSchema(multiPolygonSchema, communityPropertiesSchema).openapi('CommunityFeature');
export const communityCollectionSchema = featureCollectionSchema(communityFeatureSchema).openapi('CommunityCollection');

export const gridPropertiesSchema = z
  .object({
    id: z.number().int(),
    versionId: z.number().int(),
    code: z.string().openapi({ description: '15 digits: county (6) + street (3) + community (3) + sequence (3)' }),
    shortCode: z.string().openapi({ description: 'community (3) + sequence (3): what fits on a map label' }),
    name: z.string(),
    communityId: z.number().int(),
    communityName: z.string(),
    communityCode: z.string(),
    validFrom: instantSchema,
    validTo: instantSchema.nullable(),
    workerId: z.number().int().nullable(),
    workerName: z.string().nullable(),
    vacant: z.boolean(),
    households: z.number().int(),
    residents: z.number().int(),
    buildings: z.number().int(),
    areaSquareMetres: z.number(),
  })
  .openapi('GridProperties');
export const gridFeatureSchema = featureSchema(multiPolygonSchema, gridPropertiesSchema).openapi('GridFeature');
export const gridCollectionSchema = featureCollectionSchema(gridFeatureSchema).openapi('GridCollection');

/** What a resident may know of a grid's worker (网格公示): no household data. */
export const workerCardSchema = z
  .object({
    workerId: z.number().int(),
    name: z.string(),
    dutyPhone: z.string().nullable(),
    dutyHours: z.string().nullable(),
    photoPath: z.string().nullable(),
  })
  .openapi('WorkerCard');

export const gridVersionSchema = z
  .object({
    versionId: z.number().int(),
    code: z.string(),
    name: z.string(),
    validFrom: instantSchema,
    validTo: instantSchema.nullable(),
    changeNote: z.string().nullable(),
    changedBy: z.string().nullable(),
    changedById: z.number().int().nullable(),
    changedByName: z.string().nullable(),
    note: z.string().nullable(),
    planName: z.string().nullable(),
  })
  .openapi('GridVersion');

export const gridDetailSchema = gridFeatureSchema
  .extend({ worker: workerCardSchema.nullable(), versions: z.array(gridVersionSchema) })
  .openapi('GridDetail');

export type CommunityProperties = z.infer<typeof communityPropertiesSchema>;
export type CommunityFeature = z.infer<typeof communityFeatureSchema>;
export type GridProperties = z.infer<typeof gridPropertiesSchema>;
export type GridFeature = z.infer<typeof gridFeatureSchema>;
export type WorkerCard = z.infer<typeof workerCardSchema>;
export type GridVersion = z.infer<typeof gridVersionSchema>;
export type GridDetail = z.infer<typeof gridDetailSchema>;
