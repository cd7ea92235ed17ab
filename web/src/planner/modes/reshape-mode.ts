import type { EditorModeDefinition } from '../editor-mode.ts';

/**
 * Reshape: click a grid, drag, add (midpoints) or delete vertices of its outline; what it takes
 * from neighbours they lose, what it gives up goes to the neighbour the planner names.
 */
export const reshapeMode: EditorModeDefinition = {
  name: 'reshape',
  shortcut: 'R',
  drawing: 'outline',
  picks: 'one-grid',
  explicitPreview: true,
  buildRequest(input, context) {
    const grid = input.pickedGrids[0];
    if (!grid) return { problem: 'planner.problem.pickGridToReshape' };
    if (input.drawn?.type !== 'Polygon') return { problem: 'planner.problem.editOutline' };
    const neighbours = context.grids.features
      .filter((feature) => feature.properties.communityId === grid.communityId && feature.properties.id !== grid.id)
      .map((feature) => feature.properties.versionId);
    return {
      request: {
        operation: 'reshape',
        body: {
          versionId: grid.versionId,
          geometry: input.drawn,
          basedOnVersionIds: neighbours,
          ...(input.partnerVersionId ? { receiverVersionId: input.partnerVersionId } : {}),
        },
      },
    };
  },
};
