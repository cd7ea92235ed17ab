/**
 * Colours with a meaning, shared by the map layers and the legend so the two never disagree.
 * Calm blues for the territory, warm tones only where something needs attention.
 */

/** The sizing rule's defaults (policy grid_households_min / _max). */
export const householdTarget = { min: 300, max: 500 };

export interface HouseholdClass {
  from: number;
  to: number | null;
  colour: string;
  overTarget: boolean;
}

export const householdClasses: HouseholdClass[] = [
  { from: 0, to: householdTarget.min, colour: '#e4ecf4', overTarget: false },
  { from: householdTarget.min, to: 400, colour: '#c2d7ea', overTarget: false },
  { from: 400, to: householdTarget.max, colour: '#96b9da', overTarget: false },
  { from: householdTarget.max, to: 600, colour: '#f5c08d', overTarget: true },
  { from: 600, to: null, colour: '#ec8f5e', overTarget: true },
];

export const territoryColours = {
  gridOutline: '#41698f',
  gridOutlineHover: '#1d3f63',
  gridSelected: '#0b5cad',
  gridLabel: '#243b53',
  vacant: '#cf3a24',
  community: '#54478c',
  communityLabel: '#3b2f6e',
  household: '#587089',
  householdCluster: '#6c8aa6',
  halo: 'rgba(255,255,255,0.95)',
};

/** Major incident classes 01–06. */
export const majorCategoryColours: Record<string, string> = {
  '01': '#2f9e44', // 市容环境 city appearance
  '02': '#9c36b5', // 宣传广告 advertising
  '03': '#e8590c', // 施工管理 construction
  '04': '#1971c2', // 街面秩序 street order
  '05': '#e03131', // 突发事件 emergencies
  '06': '#0c8599', // 部件 components
};
export const majorCategoryCodes = ['01', '02', '03', '04', '05', '06'] as const;

/** Risk levels 1 重大 red, 2 较大 orange, 3 一般 yellow, 4 低 blue: the national convention. */
export const riskLevelColours: Record<1 | 2 | 3 | 4, string> = {
  1: '#e03131',
  2: '#f76707',
  3: '#f2c200',
  4: '#1c7ed6',
};
export const riskLevels = [1, 2, 3, 4] as const;
/** A risk level's colour; the API types the level as a number (1–4 by its schema), grey for anything else. */
export function riskLevelColour(level: number): string {
  return (riskLevelColours as Record<number, string | undefined>)[level] ?? '#868e96';
}
