import { z } from '@hono/zod-openapi';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2: the spec's own wire
 * shapes (snake_case, lists), each answered as JSON or, on the `.xml` path, as the spec's XML.
 */

export const open311DiscoverySchema = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    })),
  })
  .openapi('Open311Discovery');

export const open311ServiceSchema = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  })
  .openapi('Open311Service');
export const open311ServiceListSchema = z.array(open311ServiceSchema).openapi('Open311ServiceList');

export const open311ServiceDefinitionSchema = z
  .object({ service_code: z.string(), attributes: z.array(z.record(z.string(), z.unknown())) })
  .openapi('Open311ServiceDefinition');

export const open311RequestSchema = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string().nullable(),
    service_notice: z.string().nullable(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().nullable(),
    address: z.string().nullable(),
    address_id: z.string().nullable(),
    zipcode: z.string().nullable(),
    lat: z.number(),
    long: z.number(),
    media_url: z.string().nullable(),
  })
  .openapi('Open311Request');
export const open311RequestListSchema = z.array(open311RequestSchema).openapi('Open311RequestList');

export const open311TokenListSchema = z
  .array(z.object({ service_request_id: z.string(), token: z.string() }))
  .openapi('Open311TokenList');

export const open311CreatedListSchema = z
  .array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() }))
  .openapi('Open311Created');

/** GeoReport v2 errors: one {code, description} per problem. */
export const open311ErrorListSchema = z.array(z.object({ code: z.number().int(), description: z.string() })).openapi('Open311Errors');

export type Open311Service = z.infer<typeof open311ServiceSchema>;
export type Open311Request = z.infer<typeof open311RequestSchema>;
