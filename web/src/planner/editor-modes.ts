import type { EditorModeDefinition, EditorModeName } from './editor-mode.ts';
import { fillMode } from './modes/fill-mode.ts';
import { mergeMode } from './modes/merge-mode.ts';
import { moveBlockMode } from './modes/move-block-mode.ts';
import { reshapeMode } from './modes/reshape-mode.ts';
import { selectMode } from './modes/select-mode.ts';
import { splitMode } from './modes/split-mode.ts';

/** Every editor mode, one module each; the compiler insists every name has its definition. */
export const editorModes: Record<EditorModeName, EditorModeDefinition> = {
  select: selectMode,
  split: splitMode,
  merge: mergeMode,
  reshape: reshapeMode,
  fill: fillMode,
  moveBlock: moveBlockMode,
};

export function modeForShortcut(key: string): EditorModeName | null {
  const upper = key.toUpperCase();
  return Object.values(editorModes).find((mode) => mode.shortcut === upper)?.name ?? null;
}
