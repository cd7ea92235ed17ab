import type { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/connect.ts';
import { autoSplitApplyRequestSchema } from '../../contract/population.ts';
import { planAutoSplit } from './auto-split.ts';
import { planFill } from './fill-community-gap.ts';
import { fillRequest, mergeRequest, moveBlockRequest, reshapeRequest, splitRequest } from './grid-edit-requests.ts';
import type { EditPolicy, LayoutChange } from './layout-change.ts';
import { planMerge } from './merge-grids.ts';
import { planMoveBlock } from './move-block.ts';
import { planReshape } from './reshape-grid.ts';
import { planSplit } from './split-grid.ts';

/** One editing operation: its URL segment, request schema and planning module. */
export type GridEditOperationEntry = {
  path: string;
  summary: string;
  schema: z.ZodType;
  plan: (transaction: Queryable, body: never, policy: EditPolicy) => Promise<LayoutChange>;
  /** What a draft plan records the step as, when it is not the path's own name (auto-split is a split). */
  planStepOperation?: 'split';
};

/** The editing operations, one table for the live editor (/grid-edits/…) and draft plans (/plans/{id}/edits/…). */
export const gridEditOperations: GridEditOperationEntry[] = [
  { path: 'split', summary: 'Split a grid by a line', schema: splitRequest, plan: (sql, body, policy) => planSplit(sql, body, policy) },
  { path: 'merge', summary: 'Merge neighbouring grids of one community (the first keeps its identity)', schema: mergeRequest, plan: (sql, body) => planMerge(sql, body) },
  { path: 'reshape', summary: 'Give a grid a new outline; neighbours lose what it takes, the receiver gets what it gives up', schema: reshapeRequest, plan: (sql, body) => planReshape(sql, body) },
  { path: 'fill', summary: 'Fill an uncovered part of a community: into a grid, or as a new grid', schema: fillRequest, plan: (sql, body) => planFill(sql, body) },
  { path: 'auto-split/apply', summary: 'Split a grid into k parts along roads: apply one alternative of POST /grid-edits/auto-split/preview', schema: autoSplitApplyRequestSchema, plan: (sql, body, policy) => planAutoSplit(sql, body, policy), planStepOperation: 'split' },
  { path: 'move-block', summary: 'Move a block of buildings to a neighbouring grid', schema: moveBlockRequest, plan: (sql, body) => planMoveBlock(sql, body) },
];
