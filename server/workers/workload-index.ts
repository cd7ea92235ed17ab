/**
 * The workload index of a grid: how much one grid worker carries there, as one number where
 * 1.0 is a full load. It mixes three things a worker has to do, each divided by the amount one
 * worker can reasonably carry, then weighted:
 *
 *   workloadIndex = 0.6 × households / householdsMax      (policy grid_households_max, 500 by default)
 *                 + 0.25 × openCases / openCasesPerWorker   (10 open cases)
 *                 + 0.15 × areaSquareMetres / patrolAreaSquareMetres   (1 km²)
 *
 * Households weigh most because the sizing rule (300–500 households per grid) is about them;
 * open cases are the work in hand; area is the patrol distance. A grid at the upper household
 * target (500) with 5 open cases on 0.3 km² lands at 0.77; a grid above `overloadedAbove` (0.9)
 * leaves its worker no headroom for an emergency or a neighbour's vacancy, so it is listed and
 * drawn as overloaded. (In the demo zone the busiest grid, 443 households with 15 open cases on
 * 0.49 km², scores 0.98.) The reference amounts are constants rather than
 * policy rows because the policy table belongs to the administrators' migration (see README);
 * they can move there without changing the formula.
 */
export const workloadWeights = { households: 0.6, openCases: 0.25, area: 0.15 } as const;
/** Open cases (not closed, not rejected) one worker can follow at a time. */
export const openCasesPerWorker = 10;
/** The area one worker can patrol on foot or by e-bike in a working day. */
export const patrolAreaSquareMetres = 1_000_000;
/** Above this index a grid is overloaded: less than a tenth of a full load to spare. */
export const overloadedAbove = 0.9;

export interface WorkloadInput {
  households: number;
  openCases: number;
  areaSquareMetres: number;
}

export interface WorkloadIndex {
  index: number;
  /** The three weighted parts, which add up to `index`: for the bar in the assignment table. */
  parts: { households: number; openCases: number; area: number };
  overloaded: boolean;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function workloadIndex(input: WorkloadInput, householdsMax: number): WorkloadIndex {
  const households = (workloadWeights.households * Math.max(0, input.households)) / Math.max(1, householdsMax);
  const openCases = (workloadWeights.openCases * Math.max(0, input.openCases)) / openCasesPerWorker;
  const area = (workloadWeights.area * Math.max(0, input.areaSquareMetres)) / patrolAreaSquareMetres;
  const index = households + openCases + area;
  return {
    index: round(index),
    parts: { households: round(households), openCases: round(openCases), area: round(area) },
    overloaded: index > overloadedAbove,
  };
}
