import type { EditorModeDefinition } from '../editor-mode.ts';

/** Merge: click two or more neighbouring grids of one community; the first keeps its code and worker. */
export const mergeMode: EditorModeDefinition = {
  name: 'merge',
  shortcut: 'M',
  drawing: 'none',
  picks: 'grids',
  explicitPreview: true,
  buildRequest(input) {
    if (input.pickedGrids.length < 2) return { problem: 'planner.problem.pickTwoGrids' };
    const communities = new Set(input.pickedGrids.map((grid) => grid.communityId));
    if (communities.size > 1) return { problem: 'planner.problem.mergeAcrossCommunities' };
    return { request: { operation: 'merge', body: { versionIds: input.pickedGrids.map((grid) => grid.versionId) } } };
  },
};
