import type { IncidentRow, TerritoryRows } from './demo-rows.ts';
import { floodProneSpots } from './flood-prone-spots.ts';
import { generateBasemap } from './generate-basemap.ts';
import { generateIncidents } from './generate-incidents.ts';
import { generateRiskSources } from './generate-risk-sources.ts';
import { generateTerritory } from './generate-territory.ts';
import { SeededRandom } from './seeded-random.ts';
import { planStreet } from './zone-plan.ts';

/**
 * Everything for one street office, from the seed, the copy number and `now` alone: the same
 * three inputs always give the same rows. Copy 0 is the example zone; the loader asks for
 * copies one at a time, so memory holds one street's worth of rows however large the scale.
 */
export interface GeneratedStreet {
  territory: TerritoryRows;
  incidents: IncidentRow[];
}

export interface GenerationInput {
  seed: number;
  now: Date;
}

export function generateStreet(copyIndex: number, { seed, now }: GenerationInput): GeneratedStreet {
  const random = new SeededRandom(seed, `street ${copyIndex}`);
  const plan = planStreet(copyIndex, random.fork('plan'));
  const { model, ...territoryRows } = generateTerritory(plan, now, random.fork('territory'));
  const floodSpots = floodProneSpots(model, random.fork('flood-prone spots'));
  const territory: TerritoryRows = {
    ...territoryRows,
    riskSources: generateRiskSources(model, floodSpots, now, random.fork('risk sources')),
    basemapFeatures: generateBasemap(model),
  };
  const incidents = generateIncidents(model, floodSpots, now, random.fork('incidents'));
  return { territory, incidents };
}

/** How many street offices a scale factor stands for: scale 1 is the example zone, 175 ≈ 10,000 grids. */
export function streetCountForScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  return Math.max(1, Math.round(scale));
}
