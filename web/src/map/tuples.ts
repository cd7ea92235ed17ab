/**
 * The contract writes boxes and points as plain number arrays (`z.array(z.number()).length(4)`),
 * which JSON Schema can describe but TypeScript sees as `number[]`; maplibre wants tuples. These
 * narrow them once, here, instead of a cast at every call.
 */
export type Box = [number, number, number, number];
export type Pair = [number, number];

/** A `[minLng, minLat, maxLng, maxLat]` box from the API (its schema fixes the length at 4). */
export function asBox(values: readonly number[]): Box {
  const [a = 0, b = 0, c = 0, d = 0] = values;
  return [a, b, c, d];
}

/** A `[lng, lat]` pair from the API (its schema fixes the length at 2). */
export function asPair(values: readonly number[]): Pair {
  const [a = 0, b = 0] = values;
  return [a, b];
}
