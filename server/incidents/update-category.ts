import type { Category } from '../../contract/incidents.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidRequest, notFound, problem } from '../http/failure.ts';
import { findCategory, updateCategory, type CategoryPatch } from './incident-loop.repo.ts';

/**
 * An administrator edits a category: names, deadline, photo required to close, department. A
 * major class has no deadline of its own (its minor classes do). Audited with the values before.
 */
export async function editCategory(sql: Sql, viewer: UserViewer, code: string, patch: CategoryPatch, clientAddress: string): Promise<Category> {
  if (Object.keys(patch).length === 0) throw invalidRequest([problem('body', 'nothing_to_change', {})]);
  return sql.begin(async (transaction) => {
    const category = await findCategory(transaction, code);
    if (!category) throw notFound('category', code);
    if (category.majorCode === null && (patch.deadlineAmount !== undefined || patch.deadlineUnit !== undefined)) {
      throw invalidRequest([problem('deadlineAmount', 'major_class_has_no_deadline', {})]);
    }
    const row = await updateCategory(transaction, code, patch);
    if (!row) throw notFound('category', code);
    await recordAudit(transaction, {
      viewer, action: 'category.update', objectType: 'incident_category', objectId: code, result: 'ok', clientAddress,
      details: { before: { ...category }, changes: patch },
    });
    return row;
  });
}
