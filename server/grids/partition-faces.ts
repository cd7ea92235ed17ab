/**
 * The pure half of auto-split: the pieces a grid falls into along its roads ("faces", each with its
 * households, its centre and the faces it borders) are dealt into `parts` connected groups with
 * balanced households. Several sweeps across the grid (west→east, north→south and the diagonals)
 * each order the faces; the cut points along that order are chosen by dynamic programming to make
 * the fullest part as close to the mean as possible; recursive bisection gives one more candidate.
 * Candidates whose parts are not connected are dropped; the rest are ranked by balance and
 * compactness and the best distinct `wanted` returned. Deterministic.
 */
export interface Face {
  index: number;
  households: number;
  /** metres east and north of the grid's centre */
  x: number;
  y: number;
  /** area in m², so empty land is shared out too */
  areaSquareMetres: number;
}

export interface Alternative {
  /** part of each face, by face index: 0 … parts-1 */
  assignment: number[];
  households: number[];
  /** (fullest − emptiest) ÷ mean households */
  spread: number;
  label: 'west_east' | 'north_south' | 'diagonal_rising' | 'diagonal_falling' | 'bisection';
}

const sweeps: { label: Alternative['label']; dx: number; dy: number }[] = [
  { label: 'west_east', dx: 1, dy: 0 },
  { label: 'north_south', dx: 0, dy: -1 },
  { label: 'diagonal_rising', dx: Math.SQRT1_2, dy: Math.SQRT1_2 },
  { label: 'diagonal_falling', dx: Math.SQRT1_2, dy: -Math.SQRT1_2 },
];

export function partitionFaces(faces: Face[], adjacency: [number, number][], parts: number, wanted = 3): Alternative[] {
  if (parts < 2 || faces.length < parts) return [];
  const neighbours = new Map<number, Set<number>>(faces.map((face) => [face.index, new Set<number>()]));
  for (const [a, b] of adjacency) {
    neighbours.get(a)?.add(b);
    neighbours.get(b)?.add(a);
  }
  const candidates: Alternative[] = [];
  for (const sweep of sweeps) {
    const order = [...faces].sort((a, b) => a.x * sweep.dx + a.y * sweep.dy - (b.x * sweep.dx + b.y * sweep.dy) || a.index - b.index);
    const runs = balancedRuns(order.map((face) => face.households), parts);
    if (!runs) continue;
    const assignment = new Array<number>(faces.length).fill(0);
    runs.forEach((run, part) => run.forEach((position) => (assignment[order[position]!.index] = part)));
    candidates.push(describe(assignment, faces, parts, sweep.label));
  }
  const bisected = bisect(faces, parts);
  if (bisected) candidates.push(describe(bisected, faces, parts, 'bisection'));
  const seen = new Set<string>();
  return candidates
    .filter((candidate) => isConnected(candidate.assignment, parts, neighbours))
    .sort((a, b) => a.spread - b.spread)
    .filter((candidate) => {
      // the same split found by two sweeps (part numbers aside) is one alternative
      const key = canonical(candidate.assignment);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, wanted);
}

function describe(assignment: number[], faces: Face[], parts: number, label: Alternative['label']): Alternative {
  const households = new Array<number>(parts).fill(0);
  faces.forEach((face) => (households[assignment[face.index]!]! += face.households));
  const mean = households.reduce((sum, value) => sum + value, 0) / parts;
  const spread = mean === 0 ? 0 : (Math.max(...households) - Math.min(...households)) / mean;
  return { assignment, households, spread, label };
}

/**
 * Cut a sequence of weights into `parts` non-empty consecutive runs minimising the largest
 * deviation of a run's weight from the mean (dynamic programming over cut positions).
 */
export function balancedRuns(weights: number[], parts: number): number[][] | null {
  const n = weights.length;
  if (parts > n) return null;
  const prefix = [0];
  for (const weight of weights) prefix.push(prefix[prefix.length - 1]! + weight);
  const mean = prefix[n]! / parts;
  // cost[p][i]: best largest deviation cutting the first i weights into p runs
  const cost: number[][] = Array.from({ length: parts + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut: number[][] = Array.from({ length: parts + 1 }, () => new Array<number>(n + 1).fill(-1));
  cost[0]![0] = 0;
  for (let p = 1; p <= parts; p++) {
    for (let i = p; i <= n - (parts - p); i++) {
      for (let j = p - 1; j < i; j++) {
        if (cost[p - 1]![j] === Infinity) continue;
        const value = Math.max(cost[p - 1]![j]!, Math.abs(prefix[i]! - prefix[j]! - mean));
        if (value < cost[p]![i]! - 1e-9) {
          cost[p]![i] = value;
          cut[p]![i] = j;
        }
      }
    }
  }
  if (cost[parts]![n] === Infinity) return null;
  const runs: number[][] = [];
  let end = n;
  for (let p = parts; p >= 1; p--) {
    const start = cut[p]![end]!;
    runs.unshift(Array.from({ length: end - start }, (_, offset) => start + offset));
    end = start;
  }
  return runs;
}

/** Recursive bisection across the longer side, each side getting its share of parts by households. */
function bisect(faces: Face[], parts: number): number[] | null {
  const assignment = new Array<number>(faces.length).fill(0);
  let nextPart = 0;
  const visit = (group: Face[], count: number): boolean => {
    if (count === 1) {
      const part = nextPart++;
      group.forEach((face) => (assignment[face.index] = part));
      return true;
    }
    if (group.length < count) return false;
    const xs = group.map((face) => face.x);
    const ys = group.map((face) => face.y);
    const alongX = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
    const sorted = [...group].sort((a, b) => (alongX ? a.x - b.x : b.y - a.y) || a.index - b.index);
    const firstCount = Math.floor(count / 2);
    const total = sorted.reduce((sum, face) => sum + face.households, 0);
    let best = 1;
    let bestError = Infinity;
    let running = 0;
    for (let i = 1; i < sorted.length; i++) {
      running += sorted[i - 1]!.households;
      if (i < firstCount || sorted.length - i < count - firstCount) continue;
      const error = Math.abs(running - (total * firstCount) / count);
      if (error < bestError) {
        bestError = error;
        best = i;
      }
    }
    return visit(sorted.slice(0, best), firstCount) && visit(sorted.slice(best), count - firstCount);
  };
  return visit(faces, parts) ? assignment : null;
}

function isConnected(assignment: number[], parts: number, neighbours: Map<number, Set<number>>): boolean {
  for (let part = 0; part < parts; part++) {
    const members = assignment.flatMap((value, index) => (value === part ? [index] : []));
    if (members.length === 0) return false;
    const reached = new Set<number>([members[0]!]);
    const queue = [members[0]!];
    while (queue.length > 0) {
      const face = queue.pop()!;
      for (const next of neighbours.get(face) ?? []) {
        if (assignment[next] === part && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    if (reached.size !== members.length) return false;
  }
  return true;
}

/** Part numbers renamed in order of first appearance, so equal splits compare equal. */
function canonical(assignment: number[]): string {
  const names = new Map<number, number>();
  return assignment.map((part) => {
    if (!names.has(part)) names.set(part, names.size);
    return names.get(part);
  }).join(',');
}
