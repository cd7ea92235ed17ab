import type { AddressSuggestions, EstateAnswer } from '../../contract/residents.ts';
import type { Queryable } from '../db/connect.ts';
import type { GridSpatialIndex } from '../lookup/grid-spatial-index.ts';
import type { IndexedGrid } from '../lookup/lookup.repo.ts';
import { normaliseAddressQuery, splitAddressKey } from './address-query.ts';
import type { EstateNameIndex } from './estate-name-index.ts';
import { buildingsOfEstates, searchBuildingAddresses, type AddressSuggestion } from './residents.repo.ts';

/** At most this many estates are spelled out building by building for one query. */
const estatesAnswered = 3;
/** An estate larger than this is not listed building by building (villages can be big). */
const buildingsPerEstateAnswered = 400;

export interface AddressSearchContext {
  sql: Queryable;
  gridIndex: GridSpatialIndex;
  estateNames: EstateNameIndex;
}

/**
 * The resident's address box ("凤梅家园 3栋", "凤梅3", "fmjy", "fengmeijiayuan 3"): used on every
 * keystroke of the resident page. The typed estate name is matched by characters, full pinyin
 * or pinyin initials; an exact building number ranks first and numbers compare as numbers. A
 * query that names an estate without a number also answers with the estate and every grid it
 * spans (and the buildings in each), so the resident is never shown a silent subset. Unknown
 * names fall back to trigram similarity, which tolerates typos.
 */
export async function searchAddresses(context: AddressSearchContext, query: string, limit: number): Promise<AddressSuggestions> {
  const key = normaliseAddressQuery(query);
  if (key.length === 0) return { query, key, suggestions: [], estates: [] };
  const { name, number } = splitAddressKey(key);
  // one character ("凤", "f") names too many estates to answer any of them
  const matches = name.length >= 2 ? await context.estateNames.match(name) : [];
  let rows: AddressSuggestion[];
  const estates: EstateAnswer[] = [];
  if (matches.length > 0) {
    rows = await buildingsOfEstates(context.sql, matches.map((match) => match.name), number, limit);
    if (number === null) {
      const best = matches[0]!.rank;
      for (const match of matches.filter((candidate) => candidate.rank === best).slice(0, estatesAnswered)) {
        estates.push(await answerEstate(context, match.name));
      }
    }
  } else {
    rows = await searchBuildingAddresses(context.sql, key, number === null ? limit : limit * 4);
    if (number !== null && rows.length > 0) {
      // among names about as similar as the best, the building with exactly that number comes first
      const threshold = rows[0]!.score * 0.8;
      const first = (row: AddressSuggestion) => (row.number === number && row.score >= threshold ? 0 : 1);
      rows = rows.map((row, index) => ({ row, index }))
        .sort((a, b) => first(a.row) - first(b.row) || a.index - b.index)
        .map(({ row }) => row)
        .slice(0, limit);
    }
  }
  const suggestions = await Promise.all(
    rows.map(async (row) => {
      const grid = await context.gridIndex.lookup(row.longitude, row.latitude);
      return {
        label: row.label,
        buildingId: row.buildingId,
        score: Math.round(row.score * 100) / 100,
        location: { lng: row.longitude, lat: row.latitude },
        ...gridParts(grid),
      };
    }),
  );
  return { query, key, suggestions, estates };
}

function gridParts(grid: IndexedGrid | undefined) {
  return {
    community: grid ? { code: grid.community.code, name: grid.community.name } : null,
    grid: grid ? { id: grid.gridId, code: grid.code, name: grid.name } : null,
    worker: grid?.worker ?? null,
  };
}

/** Every building of one estate, grouped by the grid that holds it, grids in code order. */
async function answerEstate(context: AddressSearchContext, name: string): Promise<EstateAnswer> {
  const rows = await buildingsOfEstates(context.sql, [name], null, buildingsPerEstateAnswered);
  const groups = new Map<string, EstateAnswer['grids'][number]>();
  for (const row of rows) {
    const grid = await context.gridIndex.lookup(row.longitude, row.latitude);
    const groupKey = grid ? grid.code : '';
    let group = groups.get(groupKey);
    if (!group) {
      group = { ...gridParts(grid), buildings: [] };
      groups.set(groupKey, group);
    }
    group.buildings.push({ buildingId: row.buildingId, number: row.number, label: row.label, location: { lng: row.longitude, lat: row.latitude } });
  }
  // grids in code order; buildings outside every grid (rare: a boundary change in progress) last
  const grids = [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  return { name, buildingCount: rows.length, grids };
}
