import type { UserViewer } from '../accounts/roles.ts';

/**
 * Which households a signed-in viewer may see: a worker only their current grid's, admin and
 * dispatcher all. Returned as a value the repository turns into SQL, so scoping happens in the
 * query and a household outside the scope is simply not found.
 */
export type HouseholdScope = { kind: 'all' } | { kind: 'grid'; gridId: number } | { kind: 'none' };

export function householdScopeOf(viewer: UserViewer): HouseholdScope {
  if (viewer.role === 'admin' || viewer.role === 'dispatcher') return { kind: 'all' };
  if (viewer.role === 'worker') return viewer.currentGridId === null ? { kind: 'none' } : { kind: 'grid', gridId: viewer.currentGridId };
  return { kind: 'none' };
}
