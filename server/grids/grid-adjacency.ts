/**
 * Whether a set of grids forms one connected group when two grids are joined by a shared
 * boundary of positive length. Pure: the edges are measured by the caller.
 */
export function isConnected(count: number, edges: [number, number][]): boolean {
  if (count === 0) return false;
  const reached = new Set<number>([0]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [a, b] of edges) {
      if (reached.has(a) !== reached.has(b)) {
        reached.add(a);
        reached.add(b);
        grew = true;
      }
    }
  }
  return reached.size === count;
}
