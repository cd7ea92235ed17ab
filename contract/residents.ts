import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** What a resident may know and do without an account: find their grid and worker, report, follow. */

const communityReferenceSchema = z.object({ code: z.string(), name: z.string() });
const gridReferenceSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

/** The grid worker's public card (网格公示) as the resident lookup answers it. */
export const residentWorkerCardSchema = z
  .object({ name: z.string(), dutyPhone: z.string().nullable(), dutyHours: z.string().nullable(), photoPath: z.string().nullable() })
  .openapi('ResidentWorkerCard');

export const nearestCommunitySchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string(), distanceMetres: z.number() })
  .openapi('NearestCommunity');

/** GET /lookup: the grid holding a point, its worker's card; outside every grid the nearest community. */
export const lookupResultSchema = z
  .union([
    z.object({
      inServiceArea: z.literal(true),
      street: z.object({ code: z.string(), name: z.string() }),
      community: z.object({
        id: z.number().int(), code: z.string(), name: z.string(),
        serviceHallAddress: z.string().nullable(), serviceHallHours: z.string().nullable(),
      }),
      grid: gridReferenceSchema,
      worker: residentWorkerCardSchema.nullable(),
      nearestCommunity: z.null(),
    }),
    z.object({
      inServiceArea: z.literal(false),
      grid: z.null(),
      community: z.null(),
      worker: z.null(),
      nearestCommunity: nearestCommunitySchema.nullable(),
    }),
  ])
  .openapi('LookupResult');

export const addressSuggestionSchema = z
  .object({
    label: z.string(),
    buildingId: z.number().int(),
    score: z.number(),
    location: z.object({ lng: z.number(), lat: z.number() }),
    community: communityReferenceSchema.nullable(),
    grid: gridReferenceSchema.nullable(),
    worker: residentWorkerCardSchema.nullable(),
  })
  .openapi('AddressSuggestion');
/** One building of an estate, for the building picker. */
export const estateBuildingSchema = z
  .object({ buildingId: z.number().int(), number: z.string(), label: z.string(), location: z.object({ lng: z.number(), lat: z.number() }) })
  .openapi('EstateBuilding');
/** The buildings of an estate that lie in one grid, with that grid's worker. */
export const estateGridSchema = z
  .object({
    community: communityReferenceSchema.nullable(),
    grid: gridReferenceSchema.nullable(),
    worker: residentWorkerCardSchema.nullable(),
    buildings: z.array(estateBuildingSchema),
  })
  .openapi('EstateGrid');
/**
 * An estate (小区 / 村) the query names without a building number: every one of its buildings,
 * grouped by grid, so an estate that spans several grids is never answered with a silent subset.
 */
export const estateAnswerSchema = z
  .object({ name: z.string(), buildingCount: z.number().int(), grids: z.array(estateGridSchema) })
  .openapi('EstateAnswer');
export const addressSuggestionsSchema = z
  .object({
    query: z.string(),
    key: z.string(),
    /** buildings, best first: the exact building number first, then numbers in numeric order */
    suggestions: z.array(addressSuggestionSchema),
    /** estates named without a building number (by characters, full pinyin or initials), with all their grids */
    estates: z.array(estateAnswerSchema),
  })
  .openapi('AddressSuggestions');

export const areaSchema = z
  .object({ type: z.enum(['street', 'community', 'grid']), code: z.string(), name: z.string(), id: z.number().int().optional() })
  .openapi('Area');
/** GET /areas: every area holding a point, largest first (MapIt style). */
export const areasResultSchema = z
  .object({ inServiceArea: z.boolean(), nearestCommunity: nearestCommunitySchema.nullable().optional(), areas: z.array(areaSchema) })
  .openapi('AreasResult');

export const residentCategorySchema = z
  .object({ code: z.string(), categoryCode: z.string(), nameZh: z.string(), nameEn: z.string() })
  .openapi('ResidentCategory');
export const residentCategoryListSchema = z.object({ categories: z.array(residentCategorySchema) }).openapi('ResidentCategoryList');

export const residentPhotoSchema = z
  .object({ name: z.string(), contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']), width: z.number().int(), height: z.number().int() })
  .openapi('ResidentPhoto');

export const nearbyReportSchema = z
  .object({
    trackingCode: z.string(),
    categoryCode: z.string(),
    status: z.string(),
    /** the dispatcher's public text (never the reporter's own words); null → show the category */
    publicSummary: z.string().nullable(),
    /** rounded to the policy's precision unless the class is a public fixture */
    location: z.object({ lng: z.number(), lat: z.number() }),
    reportedAt: instantSchema,
    distanceMetres: z.number(),
    supporterCount: z.number().int(),
  })
  .openapi('NearbyReport');
export const nearbyReportsSchema = z.object({ radiusMetres: z.number(), reports: z.array(nearbyReportSchema) }).openapi('NearbyReports');

export const submittedReportSchema = z
  .object({
    trackingCode: z.string().openapi({ example: 'E20260615-7KQ3M9XA' }),
    reporterKey: z.string().openapi({ description: 'Shown once: rating the case later needs it' }),
    status: z.literal('reported'),
  })
  .openapi('SubmittedReport');

export const satisfactionSchema = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).openapi('Satisfaction');

/**
 * The tracking page of a report: no reporter, no staff names, no staff notes. The public sees a
 * public case's summary and rounded place; the reporter (with their key) also sees their own words
 * and exact point, from the moment of filing.
 */
export const publicReportSchema = z
  .object({
    trackingCode: z.string(),
    /** true when the caller presented the reporter key: `description`, `address` and the exact `location` are theirs */
    viewerIsReporter: z.boolean(),
    /** the dispatcher's public text; null → the category's name is all the public reads */
    publicSummary: z.string().nullable(),
    /** when an open case went past its due time (null: not overdue) */
    overdueSince: instantSchema.nullable(),
    status: z.string(),
    publicStatus: z.enum(['open', 'closed']),
    statusNote: z.object({ zh: z.string(), en: z.string() }),
    category: z.object({ code: z.string(), residentCode: z.string().nullable(), nameZh: z.string(), nameEn: z.string() }),
    hiddenFromPublic: z.boolean(),
    description: z.string().nullable(),
    address: z.string().nullable(),
    location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
    community: z.string().nullable(),
    gridCode: z.string().nullable(),
    reportedAt: instantSchema,
    updatedAt: instantSchema,
    closedAt: instantSchema.nullable(),
    supporterCount: z.number().int(),
    photoCount: z.number().int(),
    satisfaction: satisfactionSchema.nullable(),
    canRate: z.boolean(),
    timeline: z.array(z.object({ at: instantSchema, step: z.string(), status: z.string() })),
  })
  .openapi('PublicReport');

export const supportResultSchema = z.object({ trackingCode: z.string(), supporterCount: z.number().int() }).openapi('SupportResult');
export const ratingResultSchema = z.object({ trackingCode: z.string(), satisfaction: satisfactionSchema }).openapi('RatingResult');
export const publicDecisionSchema = z.enum(['rule', 'published', 'hidden']).openapi('PublicDecision');
/** Why a case is (published, public) or is not public (hidden, not_registered, source, category): the rule's verdict. */
export const publicReasonSchema = z.enum(['hidden', 'published', 'not_registered', 'source', 'category', 'public']).openapi('PublicReason');
export const publicVisibilitySchema = z
  .object({
    id: z.number().int(),
    decision: publicDecisionSchema,
    publicSummary: z.string().nullable(),
    publicReason: publicReasonSchema,
    isPublic: z.boolean(),
    hiddenFromPublic: z.boolean(),
  })
  .openapi('PublicVisibility');

export type LookupResult = z.infer<typeof lookupResultSchema>;
export type AddressSuggestion = z.infer<typeof addressSuggestionSchema>;
export type AddressSuggestions = z.infer<typeof addressSuggestionsSchema>;
export type EstateAnswer = z.infer<typeof estateAnswerSchema>;
export type AreasResult = z.infer<typeof areasResultSchema>;
export type ResidentCategory = z.infer<typeof residentCategorySchema>;
export type ResidentPhoto = z.infer<typeof residentPhotoSchema>;
export type NearbyReport = z.infer<typeof nearbyReportSchema>;
export type SubmittedReport = z.infer<typeof submittedReportSchema>;
export type PublicReport = z.infer<typeof publicReportSchema>;
export type Satisfaction = z.infer<typeof satisfactionSchema>;
export type PublicVisibility = z.infer<typeof publicVisibilitySchema>;
