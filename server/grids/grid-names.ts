/** 徐桥社区第22网格: the default name of a new grid, as the demo zone names its grids. */
export function defaultGridName(communityName: string, sequence: number): string {
  return `${communityName}第${String(sequence).padStart(2, '0')}网格`;
}
