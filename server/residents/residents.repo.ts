import type { Queryable } from '../db/connect.ts';

export interface AddressSuggestion {
  buildingId: number;
  complexName: string | null;
  number: string;
  label: string;
  score: number;
  longitude: number;
  latitude: number;
}

/** Buildings whose address key is like the query (trigram similarity), best first. */
export async function searchBuildingAddresses(sql: Queryable, key: string, limit: number): Promise<AddressSuggestion[]> {
  return sql<AddressSuggestion[]>`
    select b.id as building_id, b.complex_name, b.number,
           coalesce(b.complex_name, '') || ' ' || b.number || '栋' as label,
           greatest(similarity(b.address_key, ${key}), word_similarity(${key}, b.address_key))::float8 as score,
           ST_X(b.location) as longitude, ST_Y(b.location) as latitude
      from buildings b
     where b.address_key % ${key} or b.address_key like ${'%' + key.replace(/[%_\\]/g, '') + '%'}
     order by score desc, b.complex_name,
              case when b.number ~ '^[0-9]{1,9}$' then b.number::int end nulls last, b.number
     limit ${limit}`;
}

/**
 * Buildings of the named estates; with a building number, that number first, then numbers that
 * start with it. Numbers compare as numbers (3 before 13 before 23), never as strings.
 */
export async function buildingsOfEstates(
  sql: Queryable,
  names: string[],
  number: string | null,
  limit: number,
): Promise<AddressSuggestion[]> {
  return sql<AddressSuggestion[]>`
    select b.id as building_id, b.complex_name, b.number,
           b.complex_name || ' ' || b.number || '栋' as label,
           (case when b.number = ${number} then 1.0 else 0.8 end)::float8 as score,
           ST_X(b.location) as longitude, ST_Y(b.location) as latitude
      from buildings b
     where b.complex_name = any(${names}::text[])
       and (${number}::text is null or b.number = ${number} or b.number like ${(number ?? '') + '%'})
     order by (b.number = ${number}) desc nulls last,
              array_position(${names}::text[], b.complex_name),
              case when b.number ~ '^[0-9]{1,9}$' then b.number::int end nulls last,
              b.number
     limit ${limit}`;
}

export interface ContainingCommunity {
  id: number;
  code: string;
  name: string;
  streetCode: string;
  streetName: string;
}

/** Communities whose boundary holds the point, for points in no grid (e.g. after a boundary change). */
export async function communitiesContaining(sql: Queryable, longitude: number, latitude: number): Promise<ContainingCommunity[]> {
  return sql<ContainingCommunity[]>`
    select c.id, c.code, c.name, s.code as street_code, s.name as street_name
      from communities c join streets s on s.id = c.street_id
     where ST_Intersects(c.boundary, ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326))
     order by c.code`;
}
