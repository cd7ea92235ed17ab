import type { EditorModeDefinition } from '../editor-mode.ts';

/** Move block: click a block of buildings inside a grid, then the neighbouring grid it should belong to. */
export const moveBlockMode: EditorModeDefinition = {
  name: 'moveBlock',
  shortcut: 'B',
  drawing: 'none',
  picks: 'block-then-grid',
  explicitPreview: false,
  buildRequest(input) {
    const [from, to] = input.pickedGrids;
    if (!input.pickedBlock || !from) return { problem: 'planner.problem.pickBlock' };
    if (!to) return { problem: 'planner.problem.pickReceivingGrid' };
    return {
      request: { operation: 'move-block', body: { blockId: input.pickedBlock.id, fromVersionId: from.versionId, toVersionId: to.versionId } },
    };
  },
};
