import { z } from '@hono/zod-openapi';
import { featureSchema, geometrySchema, instantSchema } from './common.ts';

/** OGC API – Features, Part 1 (core + GeoJSON) at /ogc, for QGIS, GDAL and other GIS clients. */

export const ogcLinkSchema = z
  .object({ href: z.string(), rel: z.string(), type: z.string(), title: z.string().optional() })
  .openapi('OgcLink');

export const ogcLandingPageSchema = z
  .object({ title: z.string(), description: z.string(), links: z.array(ogcLinkSchema) })
  .openapi('OgcLandingPage');
export const ogcConformanceSchema = z.object({ conformsTo: z.array(z.string()) }).openapi('OgcConformance');

export const ogcCollectionSchema = z
  .object({
    id: z.enum(['communities', 'grids', 'incidents', 'risk-sources', 'households']),
    title: z.string(),
    description: z.string(),
    itemType: z.literal('feature'),
    crs: z.array(z.string()),
    storageCrs: z.string(),
    extent: z.object({ spatial: z.object({ bbox: z.array(z.array(z.number()).length(4)), crs: z.string() }) }).optional(),
    links: z.array(ogcLinkSchema),
  })
  .openapi('OgcCollection');
export const ogcCollectionsSchema = z
  .object({ links: z.array(ogcLinkSchema), collections: z.array(ogcCollectionSchema) })
  .openapi('OgcCollections');

/** The published columns of each collection (no personal fields except the households', masked). */
const communityProperties = z.object({ code: z.string(), name: z.string(), streetCode: z.string(), streetName: z.string() });
const gridProperties = z.object({
  gridId: z.number().int(), code: z.string(), name: z.string(), communityId: z.number().int(), communityName: z.string(),
  validFrom: instantSchema, validTo: instantSchema.nullable(), areaSquareMetres: z.number(),
});
const incidentProperties = z.object({
  trackingCode: z.string(), categoryCode: z.string(), categoryNameZh: z.string(), categoryNameEn: z.string(), status: z.string(), source: z.string(),
  reportedAt: instantSchema, closedAt: instantSchema.nullable(), gridId: z.number().int().nullable(), communityId: z.number().int().nullable(),
});
const riskSourceProperties = z.object({
  name: z.string(), kind: z.string(), level: z.number().int(), communityId: z.number().int().nullable(),
  inspectionCycleDays: z.number().int().nullable(), lastInspectedOn: z.string().nullable(),
});
const householdProperties = z.object({
  gridId: z.number().int(), complexName: z.string().nullable(), buildingNumber: z.string(), unit: z.string().nullable(), room: z.string(),
  registeredCount: z.number().int(), residentCount: z.number().int(), floatingCount: z.number().int(),
  registeredElsewhere: z.boolean(), elderlyAlone: z.boolean(), disability: z.boolean(),
  headName: z.string().nullable(), headPhone: z.string().nullable(), headIdNumber: z.string().nullable(),
});

/** A feature of any collection: its properties are the collection's columns. */
export const ogcFeatureSchema = featureSchema(
  geometrySchema,
  z.union([householdProperties, gridProperties, incidentProperties, riskSourceProperties, communityProperties]),
).openapi('OgcFeature');

export const ogcFeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    timeStamp: instantSchema,
    numberMatched: z.number().int().optional(),
    numberReturned: z.number().int(),
    features: z.array(ogcFeatureSchema),
    links: z.array(ogcLinkSchema),
  })
  .openapi('OgcFeatureCollection');
export const ogcFeatureItemSchema = ogcFeatureSchema.extend({ links: z.array(ogcLinkSchema) }).openapi('OgcFeatureItem');

export type OgcCollection = z.infer<typeof ogcCollectionSchema>;
export type OgcFeature = z.infer<typeof ogcFeatureSchema>;
export type OgcFeatureCollection = z.infer<typeof ogcFeatureCollectionSchema>;
