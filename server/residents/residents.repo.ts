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
     order by score desc, b.address_key
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
