import { pointInQuadrilateral, type Quadrilateral } from './cell-geometry.ts';
import type { BuildingSketch } from './building-layout.ts';
import { birthDateForAge, fakeIdNumber, fakeName, fakeResidentMobile, type Gender } from './fake-identity.ts';
import type { PlanePoint } from './local-projection.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The households living in one building. Flats are numbered floor + two-digit flat (1502 is
 * floor 15, flat 2) within each unit; only a share of flats is occupied, as new commercial
 * complexes are still filling. Household make-up differs by kind of housing: resettled villagers
 * are registered where they live, commercial flats have more people registered elsewhere
 * (人户分离) and tenants (流动人口), villages have older people living alone.
 */
export interface HouseholdSketch {
  unit: string | null;
  room: string;
  position: PlanePoint;
  registeredCount: number;
  residentCount: number;
  floatingCount: number;
  registeredElsewhere: boolean;
  elderlyAlone: boolean;
  disability: boolean;
  headName: string;
  headIdNumber: string;
  headPhone: string;
}

export function householdsInBuilding(building: BuildingSketch, occupancy: number, countyCode: string, now: Date, random: SeededRandom): HouseholdSketch[] {
  if (building.purpose !== 'homes' && building.purpose !== 'dormitory') return [];
  const households: HouseholdSketch[] = [];
  if (building.kind === 'village') {
    const families = random.chance(0.12) ? 2 : 1;
    for (let family = 1; family <= families; family++) {
      households.push(makeHousehold(building.kind, null, String(family), centreOf(building.footprint, family, families), countyCode, now, random));
    }
    return households;
  }
  for (let unit = 1; unit <= building.units; unit++) {
    const position = pointInQuadrilateral(building.footprint, (unit - 0.5) / building.units, 0.5);
    for (let floor = 1; floor <= building.floors; floor++) {
      for (let flat = 1; flat <= building.flatsPerFloor; flat++) {
        if (!random.chance(occupancy)) continue;
        const room = `${floor}${String(flat).padStart(2, '0')}`;
        households.push(
          building.purpose === 'dormitory'
            ? dormitoryRoom(String(unit), room, position, countyCode, now, random)
            : makeHousehold(building.kind, String(unit), room, position, countyCode, now, random),
        );
      }
    }
  }
  return households;
}

function centreOf(footprint: Quadrilateral, index: number, count: number): PlanePoint {
  return pointInQuadrilateral(footprint, (index - 0.5) / count, 0.5);
}

function makeHousehold(
  kind: BuildingSketch['kind'],
  unit: string | null,
  room: string,
  position: PlanePoint,
  countyCode: string,
  now: Date,
  random: SeededRandom,
): HouseholdSketch {
  const elderlyAlone = random.chance(kind === 'village' ? 0.09 : kind === 'resettlement' ? 0.05 : 0.015);
  const tenant = kind === 'residential' && random.chance(0.22);
  let registeredCount: number;
  let residentCount: number;
  let floatingCount = 0;
  let registeredElsewhere: boolean;
  if (elderlyAlone) {
    residentCount = 1;
    registeredCount = random.integer(1, 2);
    registeredElsewhere = false;
  } else if (tenant) {
    // renters: nobody registered here, everyone counted as floating population
    residentCount = random.integer(1, 4);
    registeredCount = 0;
    floatingCount = residentCount;
    registeredElsewhere = true;
  } else if (kind === 'residential') {
    residentCount = random.weighted([[1, 0.1], [2, 0.25], [3, 0.35], [4, 0.2], [5, 0.1]] as const);
    registeredElsewhere = random.chance(0.3);
    registeredCount = registeredElsewhere ? 0 : Math.max(1, residentCount - random.integer(0, 1));
    floatingCount = random.chance(0.1) ? 1 : 0; // a live-in nanny or relative
  } else {
    // resettled or village households: registered here, some members away working
    registeredCount = random.integer(2, 6);
    residentCount = Math.max(1, registeredCount - random.weighted([[0, 0.5], [1, 0.3], [2, 0.2]] as const));
    registeredElsewhere = random.chance(kind === 'village' ? 0.18 : 0.1);
    floatingCount = random.chance(0.05) ? random.integer(1, 2) : 0;
  }
  const gender: Gender = random.chance(0.62) ? 'M' : 'F';
  const birthDate = elderlyAlone ? birthDateForAge(random, now, 70, 93) : birthDateForAge(random, now, 24, 78);
  return {
    unit,
    room,
    position,
    registeredCount,
    residentCount,
    floatingCount,
    registeredElsewhere,
    elderlyAlone,
    disability: random.chance(0.015),
    headName: fakeName(random, gender),
    headIdNumber: fakeIdNumber(random, countyCode, birthDate, gender),
    headPhone: fakeResidentMobile(random),
  };
}

/** A factory dormitory room: migrant workers, all registered elsewhere. */
function dormitoryRoom(unit: string, room: string, position: PlanePoint, countyCode: string, now: Date, random: SeededRandom): HouseholdSketch {
  const gender: Gender = random.chance(0.6) ? 'M' : 'F';
  const residentCount = random.integer(2, 6);
  return {
    unit,
    room,
    position,
    registeredCount: 0,
    residentCount,
    floatingCount: residentCount,
    registeredElsewhere: true,
    elderlyAlone: false,
    disability: false,
    headName: fakeName(random, gender),
    headIdNumber: fakeIdNumber(random, countyCode, birthDateForAge(random, now, 19, 45), gender),
    headPhone: fakeResidentMobile(random),
  };
}
