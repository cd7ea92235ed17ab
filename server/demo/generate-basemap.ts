import { pondArea } from './building-layout.ts';
import { rectangleOutline, subQuadrilateral, type Quadrilateral } from './cell-geometry.ts';
import type { BasemapFeatureRow } from './demo-rows.ts';
import type { StreetModel } from './generate-territory.ts';
import { lineThrough, pointAt, polygonFromQuadrilateral, polygonFromRing, quadrilateralCentre } from './geojson-shapes.ts';
import type { LandUse } from './land-use.ts';
import type { LineKind } from './road-lattice.ts';

/**
 * The layers the offline basemap is drawn from, for one street office: the land, blocks by use,
 * parks, fields, the river and ponds, roads as centre lines with their class and name, and
 * labels for complexes, villages, parks and the river.
 */
const blockClassByUse: Record<LandUse, string> = {
  site: 'residential',
  market: 'commercial',
  school: 'education',
  park: 'park',
  shops: 'commercial',
  construction: 'construction',
  'service-centre': 'public',
  industrial: 'industrial',
  vacant: 'vacant',
  farmland: 'farmland',
  village: 'village',
};

export function generateBasemap(model: StreetModel): BasemapFeatureRow[] {
  const { plan, lattice, projection, landUse, blocks } = model;
  const features: BasemapFeatureRow[] = [];
  features.push({
    layer: 'land', class: 'land', name: plan.name,
    geometry: polygonFromRing(projection, rectangleOutline(lattice, { west: 0, east: lattice.cellColumns - 1, north: 0, south: lattice.cellRows - 1 })),
  });

  for (const column of landUse.cells) {
    for (const cell of column) {
      const block = blocks[cell.column]![cell.row]!;
      const community = plan.communities[cell.communityIndex]!;
      const siteName = cell.siteIndex === undefined ? null : community.sites[cell.siteIndex]!.name;
      if (cell.use === 'farmland' || cell.use === 'village') {
        farmPlots(block, cell.use === 'village', cell.pond === true).forEach((plot, index) =>
          features.push({ layer: 'farmland', class: index % 3 === 0 ? 'dry' : 'paddy', name: null, geometry: polygonFromQuadrilateral(projection, plot) }),
        );
        if (cell.pond) {
          features.push({ layer: 'water', class: 'pond', name: null, geometry: polygonFromQuadrilateral(projection, subQuadrilateral(block, pondArea.u0, pondArea.u1, pondArea.v0, pondArea.v1)) });
        }
        if (cell.use === 'village') {
          features.push({ layer: 'block', class: 'village', name: cell.villageName ?? null, geometry: polygonFromQuadrilateral(projection, subQuadrilateral(block, 0, 1, 0, 0.95)) });
          features.push({ layer: 'label', class: 'village', name: cell.villageName ?? null, geometry: pointAt(projection, quadrilateralCentre(block)) });
        }
        continue;
      }
      features.push({ layer: 'block', class: blockClassByUse[cell.use], name: siteName, geometry: polygonFromQuadrilateral(projection, block) });
      if (cell.use === 'park') {
        features.push({ layer: 'green', class: 'park', name: `${community.name.replace(/社区$/, '')}公园`, geometry: polygonFromQuadrilateral(projection, subQuadrilateral(block, 0.02, 0.98, 0.02, 0.98)) });
      } else if (cell.use === 'site' || cell.use === 'school') {
        // lawns between the slabs: a green courtyard inside the block
        features.push({ layer: 'green', class: 'courtyard', name: null, geometry: polygonFromQuadrilateral(projection, subQuadrilateral(block, 0.04, 0.96, 0.04, 0.96)) });
      }
    }
  }

  // labels for complexes at the centre of the cells they cover
  for (const placement of landUse.sitePlacements) {
    const { west, north, site } = placement;
    const centreColumn = west + (site.widthCells - 1) / 2;
    const centreRow = north + (site.heightCells - 1) / 2;
    const corners = [Math.floor(centreColumn), Math.ceil(centreColumn)].flatMap((column) => [Math.floor(centreRow), Math.ceil(centreRow)].map((row) => quadrilateralCentre(blocks[column]![row]!)));
    const centre = { x: corners.reduce((sum, point) => sum + point.x, 0) / corners.length, y: corners.reduce((sum, point) => sum + point.y, 0) / corners.length };
    features.push({ layer: 'label', class: 'complex', name: site.name, geometry: pointAt(projection, centre) });
  }

  // roads: one centre line per run of equal kind along each lattice line; the river as water
  const runs = (count: number, kindAt: (index: number) => LineKind) => {
    const result: { from: number; to: number; kind: LineKind }[] = [];
    for (let index = 0; index < count; index++) {
      const kind = kindAt(index);
      const last = result.at(-1);
      if (last && last.kind === kind && last.to === index) last.to = index + 1;
      else result.push({ from: index, to: index + 1, kind });
    }
    return result;
  };
  lattice.columns.forEach((line, column) => {
    for (const run of runs(lattice.cellRows, (row) => lattice.verticalSegmentKind(column, row))) {
      const points = [];
      for (let row = run.from; row <= run.to; row++) points.push(lattice.node(column, row));
      if (run.kind === 'river') {
        const left = points.map((point) => ({ x: point.x - line.halfWidth, y: point.y }));
        const right = points.map((point) => ({ x: point.x + line.halfWidth, y: point.y })).reverse();
        features.push({ layer: 'water', class: 'river', name: plan.riverName, geometry: polygonFromRing(projection, [...right, ...left]) });
        const middle = points[Math.floor(points.length / 2)]!;
        features.push({ layer: 'label', class: 'water', name: plan.riverName, geometry: pointAt(projection, middle) });
        continue;
      }
      features.push({ layer: 'road', class: run.kind, name: run.kind === 'rural' ? null : line.name, geometry: lineThrough(projection, points) });
    }
  });
  lattice.rows.forEach((line, row) => {
    for (const run of runs(lattice.cellColumns, (column) => lattice.horizontalSegmentKind(row, column))) {
      const points = [];
      for (let column = run.from; column <= run.to; column++) points.push(lattice.node(column, row));
      features.push({ layer: 'road', class: run.kind, name: run.kind === 'rural' ? null : line.name, geometry: lineThrough(projection, points) });
    }
  });
  return features;
}

/** Fields: a block cut into strips west→east, leaving out the village or pond part. */
function farmPlots(block: Quadrilateral, village: boolean, pond: boolean): Quadrilateral[] {
  if (village) return []; // the houses and their gardens fill a village block
  const strips = 3;
  const plots: Quadrilateral[] = [];
  for (let index = 0; index < strips; index++) {
    const u0 = index / strips + 0.01;
    const u1 = (index + 1) / strips - 0.01;
    // the pond takes the middle-south of the block; fields keep to the north of it there
    const overlapsPond = pond && u1 > 0.3 && u0 < 0.75;
    plots.push(subQuadrilateral(block, u0, u1, 0.18, overlapsPond ? 0.43 : 0.98));
  }
  return plots;
}
