import type { EditorModeDefinition } from '../editor-mode.ts';

/** Look around: clicks open a grid's card as in the read-only overview; nothing is drawn. */
export const selectMode: EditorModeDefinition = {
  name: 'select',
  shortcut: 'V',
  drawing: 'none',
  picks: 'nothing',
  explicitPreview: false,
  buildRequest: () => null,
};
