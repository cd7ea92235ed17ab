import { z } from '@hono/zod-openapi';
import { daySchema, featureCollectionSchema, featureSchema, geometrySchema, instantSchema, pointSchema } from './common.ts';

/** The risk register (风险源), emergency equipment and CCTV points: the command centre's layers. */

export const riskSourceKindSchema = z
  .enum(['gas_station', 'lpg_user', 'construction_site', 'market', 'school', 'old_building', 'chemical_store', 'flood_prone'])
  .openapi('RiskSourceKind');

export const riskSourcePropertiesSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: riskSourceKindSchema,
    level: z.number().int().min(1).max(4).openapi({ description: '1 重大 red, 2 较大 orange, 3 一般 yellow, 4 低 blue' }),
    communityId: z.number().int().nullable(),
    inspectionCycleDays: z.number().int().nullable(),
    lastInspectedOn: daySchema.nullable(),
    nextInspectionDueOn: daySchema.nullable(),
    inspectionOverdue: z.boolean(),
    emergencyPlan: z.string().nullable(),
  })
  .openapi('RiskSourceProperties');
export const riskSourceFeatureSchema = featureSchema(geometrySchema, riskSourcePropertiesSchema).openapi('RiskSourceFeature');
export const riskSourceCollectionSchema = featureCollectionSchema(riskSourceFeatureSchema).openapi('RiskSourceCollection');

/** A source's own page: the owner (masked unless the command centre) and the record's times. */
export const riskSourceDetailPropertiesSchema = riskSourcePropertiesSchema
  .extend({
    ownerName: z.string().nullable(),
    ownerPhone: z.string().nullable(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    updatedBy: z.number().int().nullable(),
  })
  .openapi('RiskSourceDetailProperties');

export const nearbyIncidentSchema = z
  .object({
    id: z.number().int(),
    trackingCode: z.string(),
    categoryCode: z.string(),
    categoryNameZh: z.string(),
    status: z.string(),
    reportedAt: instantSchema,
    gridId: z.number().int().nullable(),
    distanceMetres: z.number(),
    longitude: z.number(),
    latitude: z.number(),
  })
  .openapi('NearbyIncident');

export const riskSourcePageSchema = featureSchema(
  geometrySchema,
  riskSourceDetailPropertiesSchema.extend({ contactMasked: z.boolean() }),
)
  .extend({
    nearbyIncidents: z.object({
      radiusMetres: z.number(),
      since: instantSchema,
      count: z.number().int(),
      incidents: z.array(nearbyIncidentSchema),
    }),
  })
  .openapi('RiskSourcePage');

/** After registering or editing: the source as stored (the owner in full, for the command centre that edited it). */
export const riskSourceRecordSchema = featureSchema(geometrySchema, riskSourceDetailPropertiesSchema).openapi('RiskSourceRecord');

export const emergencyEquipmentPropertiesSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['fire_extinguisher', 'fire_hydrant', 'first_aid_kit', 'sandbags', 'drainage_pump', 'aed']),
    name: z.string(),
    communityId: z.number().int().nullable(),
    riskSourceId: z.number().int().nullable(),
    quantity: z.number().int(),
    expiresOn: daySchema.nullable(),
    lastCheckedOn: daySchema.nullable(),
    expired: z.boolean(),
    expiresSoon: z.boolean(),
    note: z.string().nullable(),
  })
  .openapi('EmergencyEquipmentProperties');
export const emergencyEquipmentCollectionSchema = featureCollectionSchema(featureSchema(pointSchema, emergencyEquipmentPropertiesSchema))
  .openapi('EmergencyEquipmentCollection');

export const cctvPointPropertiesSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    placement: z.enum(['car_park', 'stairwell', 'gate', 'road', 'market', 'school', 'other']),
    communityId: z.number().int().nullable(),
    online: z.boolean(),
    installedOn: daySchema.nullable(),
  })
  .openapi('CctvPointProperties');
export const cctvPointCollectionSchema = featureCollectionSchema(featureSchema(pointSchema, cctvPointPropertiesSchema)).openapi('CctvPointCollection');

export type RiskSourceKind = z.infer<typeof riskSourceKindSchema>;
export type RiskSourceProperties = z.infer<typeof riskSourcePropertiesSchema>;
export type RiskSourceFeature = z.infer<typeof riskSourceFeatureSchema>;
export type RiskSourcePage = z.infer<typeof riskSourcePageSchema>;
export type RiskSourceRecord = z.infer<typeof riskSourceRecordSchema>;
export type NearbyIncident = z.infer<typeof nearbyIncidentSchema>;
export type EmergencyEquipmentProperties = z.infer<typeof emergencyEquipmentPropertiesSchema>;
export type CctvPointProperties = z.infer<typeof cctvPointPropertiesSchema>;
