import type { InfoGridsAnswer } from '../../contract/population.ts';
import type { Queryable } from '../db/connect.ts';
import { notFound } from '../http/failure.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { buildingsOfGridVersion, currentGridVersion, listInfoGrids } from './info-grids.repo.ts';
import { readPopulationPolicy } from './population-policy.ts';

/** The information grids inside a grid's current version, with the buildings no information grid holds yet. */
export async function infoGridsOfGrid(sql: Queryable, gridId: number): Promise<InfoGridsAnswer> {
  const grid = await currentGridVersion(sql, gridId);
  if (!grid) throw notFound('grid', gridId);
  const [policy, rows, buildings] = await Promise.all([readPopulationPolicy(sql), listInfoGrids(sql, grid.versionId), buildingsOfGridVersion(sql, grid.versionId)]);
  const held = rows.reduce((sum, row) => sum + row.buildingCount, 0);
  return {
    gridId: grid.gridId,
    gridCode: grid.code,
    gridName: grid.name,
    gridVersionId: grid.versionId,
    targetBuildings: policy.infoGridBuildings,
    buildingsWithout: Math.max(0, buildings.length - held),
    infoGrids: featureCollection(rows.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties }))),
  };
}
