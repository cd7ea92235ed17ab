import type { Queryable } from '../../server/db/connect.ts';

/**
 * Builds small, hand-checkable territories for tests: a street with one community made of
 * rectangular grids laid side by side. Coordinates are in degrees near the demo zone.
 */
export interface BuiltTerritory {
  streetId: number;
  communityId: number;
  gridIds: number[];
  /** [minLng, minLat, maxLng, maxLat] of each grid, west to east. */
  gridBoxes: [number, number, number, number][];
}

export function rectangleWkt(minLng: number, minLat: number, maxLng: number, maxLat: number): string {
  return `MULTIPOLYGON(((${minLng} ${minLat},${maxLng} ${minLat},${maxLng} ${maxLat},${minLng} ${maxLat},${minLng} ${minLat})))`;
}

let nextStreetNumber = 100;

export async function buildRowOfGrids(
  sql: Queryable,
  options: { origin?: [number, number]; gridCount?: number; gridWidth?: number; gridHeight?: number; validFrom?: Date } = {},
): Promise<BuiltTerritory> {
  const [originLng, originLat] = options.origin ?? [117.0, 31.0];
  const gridCount = options.gridCount ?? 2;
  const width = options.gridWidth ?? 0.01;
  const height = options.gridHeight ?? 0.01;
  const validFrom = options.validFrom ?? new Date('2025-01-01T00:00:00+08:00');
  const streetCode = `340122${String(nextStreetNumber++).padStart(3, '0')}`;
  const [street] = await sql`insert into streets (code, name) values (${streetCode}, '测试街道') returning id`;
  const communityCode = `${streetCode}001`;
  const [community] = await sql`
    insert into communities (street_id, code, name, boundary)
    values (${street!.id}, ${communityCode}, '测试社区',
            ST_GeomFromText(${rectangleWkt(originLng, originLat, originLng + width * gridCount, originLat + height)}, 4326))
    returning id`;
  const gridIds: number[] = [];
  const gridBoxes: [number, number, number, number][] = [];
  for (let index = 0; index < gridCount; index++) {
    const box: [number, number, number, number] = [originLng + width * index, originLat, originLng + width * (index + 1), originLat + height];
    const [grid] = await sql`insert into grids (community_id) values (${community!.id}) returning id`;
    await sql`
      insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
      values (${grid!.id}, ${community!.id}, ${communityCode + String(index + 1).padStart(3, '0')}, ${`测试网格${index + 1}`},
              ST_GeomFromText(${rectangleWkt(...box)}, 4326), ${validFrom})`;
    gridIds.push(grid!.id);
    gridBoxes.push(box);
  }
  return { streetId: street!.id, communityId: community!.id, gridIds, gridBoxes };
}

export async function createWorker(sql: Queryable, name = '测试网格员'): Promise<number> {
  const [worker] = await sql`insert into workers (name, duty_phone) values (${name}, '0551-00000000') returning id`;
  return worker!.id;
}
