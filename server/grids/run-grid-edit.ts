import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { applyLayoutChange, placesWithoutWriting, type AppliedChange } from './apply-layout-change.ts';
import { gridFigures } from './grid-editing.repo.ts';
import { readEditPolicy } from './edit-policy.ts';
import { communityFigureView, gridFigureView, gridFigureViews, type CommunityFigureView, type GridFigureView } from './grid-figures.ts';
import type { RuleWarning } from './grid-rules.ts';
import type { EditPolicy, GridEditOperation, LayoutChange } from './layout-change.ts';

export interface GridEditResult {
  preview: boolean;
  /** null for a preview (nothing was written) */
  editId: number | null;
  operation: GridEditOperation;
  communityId: number;
  /** The grids as the edit leaves them: changed ones and new ones, with figures and geometry. */
  grids: (Omit<GridFigureView, 'versionId'> & { versionId: number | null; status: 'changed' | 'created' })[];
  /** The same grids before the edit (figures only). */
  before: GridFigureView[];
  removedGrids: { gridId: number; code: string; name: string }[];
  community: CommunityFigureView;
  /** All warnings of the grids above and of the community. */
  warnings: RuleWarning[];
  householdsMoved: number;
  incidentsMoved: number;
}

class PreviewRollback extends Error {
  constructor(readonly result: GridEditResult) {
    super('preview: rolled back');
  }
}

/**
 * Runs one editing operation in one transaction: plan (the operation's module), apply (the one
 * write path, which checks everything), describe (live figures and warnings). A preview does all
 * of it and rolls back — writing less on the way (apply-layout-change.ts: households placed by one
 * aggregate, not moved; no edit row; no audit row) yet answering what the edit would; a real edit
 * writes its audit row in the same transaction.
 */
export async function runGridEdit(
  sql: Sql,
  options: {
    viewer: UserViewer;
    clientAddress: string;
    preview: boolean;
    changeNote: string | undefined;
    plan: (transaction: Queryable, policy: EditPolicy) => Promise<LayoutChange>;
  },
): Promise<GridEditResult> {
  try {
    return await sql.begin(async (transaction) => {
      // The edit's statements are prepared (postgres.js) but PostgreSQL re-plans a prepared statement with PostGIS
      // calls on every execution (its custom plans look cheaper): ≈ 2.5 ms of a split preview's ≈ 10 ms of SQL was
      // planning. For this transaction only (set_config local), each uses its plan made once per connection; plans
      // change no answer. Sent with the edit's first statement (one write), awaited after it.
      const planMode = transaction`select set_config('plan_cache_mode', 'force_generic_plan', true)`.execute();
      planMode.catch(() => {});
      let described: Awaited<ReturnType<typeof applyAndDescribe>>;
      try {
        described = await applyAndDescribe(transaction, options);
      } catch (error) {
        await planMode;
        throw error;
      }
      await planMode;
      const { result, change, applied } = described;
      if (options.preview) throw new PreviewRollback(result);
      await recordAudit(transaction, {
        viewer: options.viewer,
        action: `grid.${change.operation}`,
        objectType: 'grid_edit',
        objectId: applied.editId!,
        result: 'ok',
        clientAddress: options.clientAddress,
        details: {
          communityId: applied.communityId,
          grids: applied.created.map((version) => version.code),
          removed: applied.removedGrids.map((grid) => grid.code),
          householdsMoved: applied.householdsMoved,
          ...(change.undoesEditId ? { undoes: change.undoesEditId } : {}),
        },
      });
      return result;
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.result;
    throw error;
  }
}

/**
 * Plan (the operation's module), apply (the one write path, which checks everything), describe
 * (live figures and warnings) — inside the caller's transaction. The live editor commits it; a
 * draft plan runs it in its sandbox (server/plans/run-plan-step.ts) and keeps the resulting layout.
 */
export async function applyAndDescribe(
  transaction: Queryable,
  options: {
    viewer: UserViewer;
    preview: boolean;
    changeNote: string | undefined;
    plan: (transaction: Queryable, policy: EditPolicy) => Promise<LayoutChange>;
  },
): Promise<{ result: GridEditResult; change: LayoutChange; applied: AppliedChange }> {
  const policy = await readEditPolicy(transaction);
  const change = await options.plan(transaction, policy);
  const existing = change.versions.flatMap((version) => (version.gridId === null ? [] : [version.gridId]));
  // a preview that places households by one aggregate learns the grids' figures before the edit from it too
  const placing = placesWithoutWriting(change, options.preview);
  // the figures before the edit are read in the same pipelined write as the write path's first statement (the
  // transaction's queries run in the order sent, so before any version ends); a failed read is the error answered
  const beforeRead = gridFigures(transaction, { gridIds: [...existing, ...change.removedGridIds] }, false, !placing);
  beforeRead.catch(() => {});
  let applied: AppliedChange;
  try {
    applied = await applyLayoutChange(transaction, change, {
      userId: options.viewer.userId,
      changeNote: options.changeNote ?? null,
      policy,
      preview: options.preview,
    });
  } catch (error) {
    await beforeRead;
    throw error;
  }
  const beforeRows = await beforeRead;
  const heldBefore = applied.placedHouseholdsBefore;
  const none = { households: 0, residents: 0, buildings: 0 };
  const before = beforeRows.map((row) => gridFigureView(heldBefore ? { ...row, ...(heldBefore.get(row.gridId) ?? none) } : row, policy));
  // two reads of the same transaction, sent together (postgres.js pipelines them on the transaction's connection)
  const [after, community] = await Promise.all([
    gridFigureViews(transaction, { gridIds: applied.created.map((version) => version.gridId) }, policy, true, applied.placedHouseholds ?? undefined),
    communityFigureView(transaction, applied.communityId, policy, applied.coverageUnchangedSince),
  ]);
  const result: GridEditResult = {
    preview: options.preview,
    editId: options.preview ? null : applied.editId,
    operation: change.operation,
    communityId: applied.communityId,
    grids: after.map((grid) => ({
      ...grid,
      versionId: options.preview ? null : grid.versionId,
      status: applied.created.find((version) => version.gridId === grid.gridId)?.isNewGrid ? ('created' as const) : ('changed' as const),
    })),
    before,
    removedGrids: applied.removedGrids,
    community,
    // a grid edit conserves the community's households: its size status (the 500 / 1,500 / 2,000 rule)
    // cannot change here and is stated once, in GET /api/residents-groups, not on every edit
    warnings: [...after.flatMap((grid) => grid.warnings), ...community.warnings.filter((warning) => warning.code !== 'community_households_above_maximum')],
    householdsMoved: applied.householdsMoved,
    incidentsMoved: applied.incidentsMoved,
  };
  return { result, change, applied };
}
