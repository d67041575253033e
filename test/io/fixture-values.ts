import { fileURLToPath } from 'node:url';

/** Folder of the dataset-file fixtures written by test/fixtures/datasets/make_fixtures.py. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));

/** The fixture script's observation o(e, t) = [e + t / 10, −t, 0.5 e] (computed in float64, as numpy does). */
export function obs(e: number, t: number): number[] {
  return [e + t / 10, 0 - t, 0.5 * e]; // 0 − t, not −t: numpy stores −0 as 0
}

/** The fixture script's action a(e, t) = [0.1 t − 0.3, 0.05 e]. */
export function act(e: number, t: number): number[] {
  return [0.1 * t - 0.3, 0.05 * e];
}

/** The fixture script's reward r(e, t) = e + 0.01 t. */
export function rew(e: number, t: number): number {
  return e + 0.01 * t;
}

/** The (episode, step) of every row of episodes of the given lengths, in order. */
export function rowsOf(lengths: readonly number[]): Array<[number, number]> {
  return lengths.flatMap((n, e) => Array.from({ length: n }, (_, t): [number, number] => [e, t]));
}

/** Flat float32 column of `f(e, t)` over the rows (what a loader must produce, after float32 rounding). */
export function column(rows: ReadonlyArray<[number, number]>, f: (e: number, t: number) => number | number[]): Float32Array {
  return Float32Array.from(rows.flatMap(([e, t]) => f(e, t)));
}

/** 0/1 column with ones at the given rows. */
export function flags(size: number, ones: readonly number[]): Float32Array {
  const out = new Float32Array(size);
  for (const i of ones) out[i] = 1;
  return out;
}
