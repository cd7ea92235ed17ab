import type { Queryable } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { findGridEdit, lockCommunity, storedVersions } from './grid-editing.repo.ts';
import type { LayoutChange } from './layout-change.ts';

/**
 * Undo: the editor session's undo and redo are server operations. Undoing edit E restores the
 * versions E ended — as new versions, history is never rewritten — and ends the grids E created;
 * grids E merged away come back with their codes and, where grid and worker are both still free,
 * their worker. Redo is the undo of an undo. Refused (409) when any grid E produced has changed
 * since, or E was already undone.
 */
export async function planUndo(sql: Queryable, editId: number): Promise<LayoutChange> {
  const edit = await findGridEdit(sql, editId);
  if (!edit) throw notFound('grid_edit', editId);
  if (edit.operation === 'publish') {
    // a publication may span communities and create one; it is reversed by publishing the previous layout
    throw new Failure('undo_published_plan', { editId }, {
      changed: [],
      planId: edit.details?.planId ?? null,
    });
  }
  await lockCommunity(sql, edit.communityId);
  const produced = await storedVersions(sql, edit.createdVersionIds);
  const changed = produced.filter((version) => !version.current);
  if (changed.length > 0) {
    throw new Failure('undo_blocked', { editId, codes: changed.map((version) => version.code).join(', ') }, {
      changed: changed.map((version) => ({ gridId: version.gridId, basedOnVersionId: version.versionId, currentVersionId: null })),
    });
  }
  const restored = await storedVersions(sql, edit.endedVersionIds);
  const restoredGridIds = new Set(restored.map((version) => version.gridId));
  return {
    operation: 'undo',
    communityId: edit.communityId,
    versions: restored.map((version) => ({ gridId: version.gridId, geometry: version.geometry, code: version.code, name: version.name })),
    removedGridIds: produced.filter((version) => !restoredGridIds.has(version.gridId)).map((version) => version.gridId),
    enforceMinimumArea: false,
    undoesEditId: editId,
    restoreAssignmentIds: edit.endedAssignmentIds,
    details: { undoes: editId, undoesOperation: edit.operation },
  };
}
