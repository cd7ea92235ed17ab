import kinks from '@turf/kinks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '../../server/demo/fake-identity.ts';
import { generateStreet } from '../../server/demo/generate-street.ts';
import { numberingOrder } from '../../server/demo/grid-numbering.ts';
import { partitionIntoGrids } from '../../server/demo/partition-grids.ts';
import { addWorkingHours } from '../../server/demo/working-time.ts';

// Pure tests of the generator: no database.
const now = new Date('2025-06-15T10:00:00+08:00');

describe('the demo generator', () => {
  it('gives identical data for the same seed and now, different data for another seed', () => {
    const first = generateStreet(0, { seed: 7, now });
    const second = generateStreet(0, { seed: 7, now });
    expect(second).toEqual(first);
    const other = generateStreet(0, { seed: 8, now });
    expect(other.territory.households.length).not.toBe(first.territory.households.length);
  }, 60_000);

  it('draws only valid polygons (no self-intersections, closed rings)', () => {
    const { territory } = generateStreet(0, { seed: 7, now });
    const polygons: GeoJSON.Polygon[] = [
      ...territory.street.boundary.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates })),
      ...territory.communities.flatMap((community) => community.boundary.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }))),
      ...territory.grids.flatMap((grid) => grid.geometry.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }))),
      ...territory.buildings.map((building) => building.footprint),
      ...territory.basemapFeatures.flatMap((feature) => (feature.geometry.type === 'Polygon' ? [feature.geometry] : [])),
    ];
    expect(polygons.length).toBeGreaterThan(2000);
    for (const polygon of polygons) {
      const ring = polygon.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(kinks(polygon).features).toHaveLength(0);
    }
  }, 60_000);

  it('places the example zone around Hefei, roughly 4–6 km across', () => {
    const { territory } = generateStreet(0, { seed: 7, now });
    const ring = territory.street.boundary.coordinates[0]![0]!;
    const longitudes = ring.map((position) => position[0]!);
    const latitudes = ring.map((position) => position[1]!);
    const widthKilometres = ((Math.max(...longitudes) - Math.min(...longitudes)) * 111.32 * Math.cos((31.86 * Math.PI) / 180));
    const heightKilometres = (Math.max(...latitudes) - Math.min(...latitudes)) * 110.57;
    expect(widthKilometres).toBeGreaterThan(4);
    expect(widthKilometres).toBeLessThan(6);
    expect(heightKilometres).toBeGreaterThan(3);
    expect(heightKilometres).toBeLessThan(6);
    expect((Math.max(...longitudes) + Math.min(...longitudes)) / 2).toBeCloseTo(117.23, 2);
    expect((Math.max(...latitudes) + Math.min(...latitudes)) / 2).toBeCloseTo(31.86, 2);
  }, 60_000);

  it('cuts any rectangle of cells into exactly the requested number of grids covering each cell once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 96, maxLength: 96 }),
        (columns, rows, wanted, households) => {
          const count = Math.min(wanted, columns * rows);
          const grids = partitionIntoGrids({
            rectangle: { west: 0, east: columns - 1, north: 0, south: rows - 1 },
            count,
            households: (column, row) => households[column * 12 + row]!,
            cellSize: () => ({ width: 200, height: 200 }),
          });
          expect(grids).toHaveLength(count);
          const covered = new Map<string, number>();
          for (const grid of grids) {
            for (let column = grid.west; column <= grid.east; column++) {
              for (let row = grid.north; row <= grid.south; row++) covered.set(`${column},${row}`, (covered.get(`${column},${row}`) ?? 0) + 1);
            }
          }
          expect(covered.size).toBe(columns * rows);
          expect([...covered.values()].every((times) => times === 1)).toBe(true);
        },
      ),
    );
  });

  it('numbers grids by 500 m row bands from the north, then west to east', () => {
    const square = (west: number, north: number): [number, number][] => [
      [west, north], [west, north - 0.002], [west + 0.002, north - 0.002], [west + 0.002, north], [west, north],
    ];
    const grids = [square(117.21, 31.87), square(117.2, 31.865), square(117.2, 31.87), square(117.22, 31.8705)].map((ring) => ({ ring }));
    // three centroids fall in the first band (ordered west→east), the fourth one band further south
    expect(numberingOrder(grids, 31.8705)).toEqual([2, 0, 3, 1]);
  });

  it('counts deadlines in working hours, skipping nights, lunch and weekends', () => {
    // Friday 2025-06-13 17:00 CST + 1 working hour → Monday 09:00 CST
    expect(addWorkingHours(new Date('2025-06-13T17:00:00+08:00'), 1).toISOString()).toBe(new Date('2025-06-16T09:00:00+08:00').toISOString());
    // 11:30 + 1 working hour → 14:30 (lunch is not working time)
    expect(addWorkingHours(new Date('2025-06-12T11:30:00+08:00'), 1).toISOString()).toBe(new Date('2025-06-12T14:30:00+08:00').toISOString());
    // a working day is seven working hours
    expect(addWorkingHours(new Date('2025-06-12T10:00:00+08:00'), 7).toISOString()).toBe(new Date('2025-06-13T10:00:00+08:00').toISOString());
  });

  it('makes ID numbers with a correct check character and the synthetic 9xx order code', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    const { territory } = generateStreet(0, { seed: 7, now });
    for (const household of territory.households.slice(0, 500)) {
      expect(household.headIdNumber).toMatch(/^340121\d{8}9\d\d[\dX]$/);
      expect(household.headIdNumber.slice(17)).toBe(idNumberCheckCharacter(household.headIdNumber.slice(0, 17)));
      expect(household.headPhone).toMatch(/^1380000\d{4}$/);
    }
  }, 60_000);
});
