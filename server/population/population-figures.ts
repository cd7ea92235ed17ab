import type { PopulationAnswer, PopulationFigures, PopulationRow } from '../../contract/population.ts';
import type { Queryable } from '../db/connect.ts';
import { localDate, zoneTimeZone } from '../time/zone.ts';
import { gridPopulation, type PopulationFigureRow } from './population.repo.ts';

/** 'YYYY-MM' of the month before. */
export function monthBefore(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

const zero: PopulationFigures = {
  households: 0, registered: 0, resident: 0, floating: 0,
  livingHereRegisteredElsewhere: { households: 0, persons: 0 },
  registeredHereLivingElsewhere: { households: 0, persons: 0 },
  elderlyAlone: 0, disability: 0, specialCare: 0, movedIn: 0, movedOut: 0, movedInPreviousMonth: 0, movedOutPreviousMonth: 0,
};

function figuresOf(row: PopulationFigureRow): PopulationFigures {
  return {
    households: row.households, registered: row.registered, resident: row.resident, floating: row.floating,
    livingHereRegisteredElsewhere: { households: row.hereElsewhereHouseholds, persons: row.hereElsewherePersons },
    registeredHereLivingElsewhere: { households: row.elsewhereHereHouseholds, persons: row.elsewhereHerePersons },
    elderlyAlone: row.elderlyAlone, disability: row.disability, specialCare: row.specialCare,
    movedIn: row.movedIn, movedOut: row.movedOut, movedInPreviousMonth: row.movedInPreviousMonth, movedOutPreviousMonth: row.movedOutPreviousMonth,
  };
}

function add(a: PopulationFigures, b: PopulationFigures): PopulationFigures {
  return {
    households: a.households + b.households, registered: a.registered + b.registered, resident: a.resident + b.resident, floating: a.floating + b.floating,
    livingHereRegisteredElsewhere: {
      households: a.livingHereRegisteredElsewhere.households + b.livingHereRegisteredElsewhere.households,
      persons: a.livingHereRegisteredElsewhere.persons + b.livingHereRegisteredElsewhere.persons,
    },
    registeredHereLivingElsewhere: {
      households: a.registeredHereLivingElsewhere.households + b.registeredHereLivingElsewhere.households,
      persons: a.registeredHereLivingElsewhere.persons + b.registeredHereLivingElsewhere.persons,
    },
    elderlyAlone: a.elderlyAlone + b.elderlyAlone, disability: a.disability + b.disability, specialCare: a.specialCare + b.specialCare,
    movedIn: a.movedIn + b.movedIn, movedOut: a.movedOut + b.movedOut,
    movedInPreviousMonth: a.movedInPreviousMonth + b.movedInPreviousMonth, movedOutPreviousMonth: a.movedOutPreviousMonth + b.movedOutPreviousMonth,
  };
}

/**
 * Population figures by grid or by community (the command centre's choropleth and table): every
 * figure is a sum over households, so a community is the sum of its grids and the totals the sum
 * of all. `month` (the zone's calendar, default this month) is the month of the movement figures.
 */
export async function populationFigures(sql: Queryable, level: 'grid' | 'community', month: string | undefined): Promise<PopulationAnswer> {
  const chosenMonth = month ?? localDate(new Date(), await zoneTimeZone(sql)).slice(0, 7);
  const previousMonth = monthBefore(chosenMonth);
  const gridRows = await gridPopulation(sql, `${chosenMonth}-01`, `${previousMonth}-01`);
  let rows: PopulationRow[];
  if (level === 'grid') {
    rows = gridRows.map((row) => ({ id: row.id, code: row.code, name: row.name, communityId: row.communityId, communityName: row.communityName, ...figuresOf(row) }));
  } else {
    const byCommunity = new Map<number, PopulationRow>();
    for (const row of gridRows) {
      const existing = byCommunity.get(row.communityId);
      const figures = figuresOf(row);
      const code = row.code.slice(0, 12); // a grid code starts with its community's code
      byCommunity.set(row.communityId, existing
        ? { ...existing, ...add(existing, figures) }
        : { id: row.communityId, code, name: row.communityName, communityId: row.communityId, communityName: row.communityName, ...figures });
    }
    rows = [...byCommunity.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
  const totals = rows.reduce<PopulationFigures>((sum, row) => add(sum, row), zero);
  return { level, month: chosenMonth, previousMonth, rows, totals };
}
